package com.pitcrew.execution;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BulkheadTest {

    private final MetricRegistry metrics = new MetricRegistry();
    private final Bulkhead bulkhead = new Bulkhead("test", 8, metrics);

    @Test
    void theUserPathGetsEveryPermitAndIsRefusedBeyond() {
        List<Bulkhead.Permit> held = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            held.add(bulkhead.acquire(Duration.ZERO).orElseThrow());
        }
        assertThat(bulkhead.acquire(Duration.ofMillis(1))).isEmpty();
        assertThat(metrics.meter("pitcrew.bulkhead.test.rejected.user").getCount()).isEqualTo(1);
        assertThat(metrics.getGauges().get("pitcrew.bulkhead.test.in_use").getValue()).isEqualTo(8);

        held.get(0).close();
        held.get(0).close(); // a second close releases nothing more
        assertThat(bulkhead.inUse()).isEqualTo(7);
        assertThat(bulkhead.acquire(Duration.ZERO)).isPresent();
        assertThat(bulkhead.acquire(Duration.ZERO)).isEmpty();
    }

    @Test
    void backgroundWorkLeavesAQuarterToTheUserPathAndNeverWaits() {
        List<Optional<Bulkhead.Permit>> background = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            background.add(bulkhead.tryAcquireBackground());
        }
        assertThat(background.stream().filter(Optional::isPresent)).hasSize(6);
        assertThat(metrics.meter("pitcrew.bulkhead.test.rejected.background").getCount()).isEqualTo(2);
        // The reserve is the user path's.
        assertThat(bulkhead.acquire(Duration.ZERO)).isPresent();
        assertThat(bulkhead.acquire(Duration.ZERO)).isPresent();
        assertThat(bulkhead.acquire(Duration.ZERO)).isEmpty();
    }
}
