package com.pitcrew.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** When an answer may stream: the shedding rules that keep streams from costing the queue its throughput. */
class StreamBudgetTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final MetricRegistry metrics = new MetricRegistry();

    private StreamBudget budget(int opensPerMinute, int appendsPerMinute) {
        StreamingConfiguration configuration = new StreamingConfiguration();
        configuration.setOpensPerMinute(opensPerMinute);
        configuration.setAppendsPerMinute(appendsPerMinute);
        configuration.setMaxInFlight(64);
        configuration.setMaxQueueWait(io.dropwizard.util.Duration.milliseconds(250));
        return new StreamBudget(configuration, now::get, metrics);
    }

    @Test
    void anInstanceThatIsBehindOrBusyPostsWhole() {
        StreamBudget budget = budget(100, 100);
        assertThat(budget.available(10, 30)).isTrue();
        assertThat(budget.available(251, 30)).as("waited too long").isFalse();
        assertThat(budget.available(10, 65)).as("too many events in flight").isFalse();
        assertThat(metrics.meter("pitcrew.slack.stream.behind").getCount()).isEqualTo(2);
    }

    @Test
    void opensAndAppendsKeepToTheirMinute() {
        StreamBudget budget = budget(2, 1);
        assertThat(budget.mayOpen()).isTrue();
        assertThat(budget.mayOpen()).isTrue();
        assertThat(budget.mayOpen()).as("the minute's openings are used").isFalse();
        long opened = now.get();
        assertThat(budget.mayAppend(opened)).as("within a second of the last send").isFalse();
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertThat(budget.mayAppend(opened)).isTrue();
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertThat(budget.mayAppend(opened)).as("the minute's appends are used").isFalse();
        now.addAndGet(TimeUnit.MINUTES.toNanos(1));
        assertThat(budget.mayOpen()).isTrue();
        assertThat(budget.mayAppend(opened)).isTrue();
    }

    @Test
    void onlyARefusalOfTheMethodItselfPausesStreaming() {
        StreamBudget budget = budget(100, 100);
        assertThat(StreamBudget.meansNoStreaming("missing_scope")).isTrue();
        assertThat(StreamBudget.meansNoStreaming("channel_not_found")).isFalse();
        budget.refused("missing_scope");
        assertThat(budget.available(0, 0)).isFalse();
        now.addAndGet(TimeUnit.MINUTES.toNanos(11));
        assertThat(budget.available(0, 0)).as("the pause (10 min by default) is over").isTrue();
    }
}
