package com.pitcrew.bench;

import com.codahale.metrics.MetricRegistry;
import com.pitcrew.core.LocalCore;
import com.pitcrew.core.PitCrewConfiguration;
import com.pitcrew.intent.Inquiry;
import com.pitcrew.intent.IntentDecision;
import com.pitcrew.intent.Validation;
import com.pitcrew.observability.CorrelationId;
import com.pitcrew.pipeline.PipelineOutcome;
import java.time.Clock;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A whole request on the skip path, as the server runs it: meeting resolution, the control plane (classifier,
 * Unleash flag from the shipped bootstrap, kill switch), the handler against the seeded sample data, the summary
 * line and the interaction row, on embedded H2. This is what a confident request costs once the ~850 ms LLM
 * validation is skipped. Run from the repository root (the default config's Unleash bootstrap path).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PipelineBenchmark {

    /** One assembled core, as the server builds it, with its sample data seeded. */
    @State(Scope.Benchmark)
    public static class Service {

        LocalCore local;

        @Setup(Level.Trial)
        public void start() throws Exception {
            PitCrewConfiguration configuration = new PitCrewConfiguration();
            configuration.getDatabase().setUrl("jdbc:h2:mem:pipeline_bench_"
                    + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ";DB_CLOSE_DELAY=-1");
            local = LocalCore.open(configuration, new MetricRegistry(), Clock.systemUTC());
            // Measure the skip path, not a fallback that happens to be fast.
            for (String message : new String[] {SUMMARY, PRODUCT}) {
                Validation validation = ask(message).decision().validation();
                if (validation != Validation.SKIPPED) {
                    throw new IllegalStateException("'" + message + "' was " + validation + ", not skipped");
                }
            }
        }

        PipelineOutcome ask(String message) {
            return local.core().pipeline().handle(Inquiry.of(message, "U0BENCH"), CorrelationId.generate());
        }

        @TearDown(Level.Trial)
        public void stop() {
            local.close();
        }
    }

    /** A recap: the call-side intent whose rule's out-of-sample record lets it skip at the default 0.9. */
    static final String SUMMARY = "summarize the last call with Acme";
    static final String PRODUCT = "does the Growth plan include SSO?";

    @Benchmark
    public PipelineOutcome skippedMeetingSummary(Service service) {
        return service.ask(SUMMARY);
    }

    /** Stage control_plane alone for a skipped request, sampled for its percentiles (target p99 ≤ 5 ms). */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    public IntentDecision controlPlaneSkipped(Service service) {
        return service.local.core().controlPlane().decide(Inquiry.of(SUMMARY, "U0BENCH"));
    }

    @Benchmark
    public PipelineOutcome skippedProductQuestion(Service service) {
        return service.ask(PRODUCT);
    }
}
