package com.pitcrew.rollout;

import com.pitcrew.observability.LogFields;
import io.getunleash.UnleashException;
import io.getunleash.event.ClientFeaturesResponse;
import io.getunleash.event.UnleashSubscriber;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces the client's default subscriber, which logs every failed poll (every 10 s) with its stack trace: one
 * warning when the server becomes unreachable, one line when it answers again, the cause as a message only.
 * Thread-safe: the state flips atomically, so each change is logged once.
 */
final class UnleashStatus implements UnleashSubscriber {

    private static final Logger LOG = LoggerFactory.getLogger(UnleashStatus.class);

    private final AtomicBoolean down = new AtomicBoolean();

    @Override
    public void onError(UnleashException error) {
        if (down.compareAndSet(false, true)) {
            LOG.warn("Unleash server unreachable; flags stay as last fetched",
                    LogFields.of("error", describe(error)));
        }
    }

    @Override
    public void togglesFetched(ClientFeaturesResponse response) {
        if (response.getStatus() == ClientFeaturesResponse.Status.UNAVAILABLE) {
            if (down.compareAndSet(false, true)) {
                LOG.warn("Unleash server unreachable; flags stay as last fetched",
                        LogFields.of("error", "HTTP " + response.getHttpStatusCode()));
            }
        } else if (down.compareAndSet(true, false)) {
            LOG.info("Unleash server reachable again");
        }
    }

    private static String describe(Throwable error) {
        StringBuilder text = new StringBuilder(String.valueOf(error.getMessage()));
        for (Throwable cause = error.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            text.append(": ").append(cause.getClass().getSimpleName()).append(' ').append(cause.getMessage());
        }
        return text.toString();
    }
}
