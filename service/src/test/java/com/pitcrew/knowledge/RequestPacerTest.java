package com.pitcrew.knowledge;

import com.pitcrew.execution.RequestPacer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RequestPacerTest {

    @Test
    void noMoreThanFiveStartsInAnySecond() throws Exception {
        FakeTime time = new FakeTime();
        RequestPacer pacer = new RequestPacer(5, Duration.ofSeconds(1), time, time);
        List<Long> starts = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            pacer.acquire();
            starts.add(time.getAsLong());
            time.advance(Duration.ofMillis(10));
        }
        for (int i = 5; i < starts.size(); i++) {
            assertThat(starts.get(i) - starts.get(i - 5)).as("start %d vs %d", i, i - 5)
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(1).toNanos());
        }
        assertThat(time.pauses()).as("bursts of five, a pause before each next burst").hasSize(4)
                .allSatisfy(pause -> assertThat(pause).isLessThanOrEqualTo(Duration.ofSeconds(1)));
    }

    @Test
    void requestsSpreadOutNeverPause() throws Exception {
        FakeTime time = new FakeTime();
        RequestPacer pacer = new RequestPacer(5, Duration.ofSeconds(1), time, time);
        for (int i = 0; i < 20; i++) {
            pacer.acquire();
            time.advance(Duration.ofMillis(250));
        }
        assertThat(time.pauses()).isEmpty();
    }

    @Test
    void tryAcquireSaysNoInsteadOfWaitingAndTakesNothingWhenItDoes() {
        FakeTime time = new FakeTime();
        RequestPacer pacer = new RequestPacer(2, Duration.ofSeconds(1), time, time);
        assertThat(pacer.tryAcquire()).isTrue();
        time.advance(Duration.ofMillis(10));
        assertThat(pacer.tryAcquire()).isTrue();
        assertThat(pacer.tryAcquire()).as("the window is full").isFalse();
        time.advance(Duration.ofMillis(989));
        assertThat(pacer.tryAcquire()).isFalse();
        time.advance(Duration.ofMillis(1));
        assertThat(pacer.tryAcquire()).as("the oldest start left the window").isTrue();
        assertThat(pacer.tryAcquire()).as("the second start is still in it").isFalse();
        assertThat(time.pauses()).isEmpty();
    }
}
