package com.pitcrew.slack;

import com.codahale.metrics.health.HealthCheck;
import java.time.Clock;
import java.time.Duration;

/**
 * {@code slack-inbox}: unhealthy when a due event has waited longer than {@code stuckAfter} (no instance is
 * answering) or this instance's worker has stopped; reports the pending and failed counts and the queue's depth and
 * age (events waiting for a worker, the oldest one's wait) either way.
 */
final class InboxHealthCheck extends HealthCheck {

    private final SlackInbox inbox;
    private final InboxWorker worker;
    private final Duration stuckAfter;
    private final Clock clock;

    InboxHealthCheck(SlackInbox inbox, InboxWorker worker, Duration stuckAfter, Clock clock) {
        this.inbox = inbox;
        this.worker = worker;
        this.stuckAfter = stuckAfter;
        this.clock = clock;
    }

    @Override
    protected Result check() {
        long now = clock.millis();
        SlackInbox.Stats stats = inbox.stats(now);
        long oldestDueAgeMs = stats.oldestDueMillis().map(due -> now - due).orElse(0L);
        ResultBuilder result = Result.builder()
                .withDetail("pending", stats.pending())
                .withDetail("failed", stats.failed())
                .withDetail("oldestDueAgeMs", oldestDueAgeMs)
                .withDetail("workersEnabled", worker.enabled());
        // Queue depth and age: due rows nobody holds, and claimed rows waiting in this instance's lanes.
        SlackInbox.Waiting waiting = inbox.waiting(now);
        result.withDetail("waiting", waiting.count() + worker.queuedInLanes())
                .withDetail("queuedInLanes", worker.queuedInLanes())
                .withDetail("oldestWaitingAgeMs", waiting.oldestDueMillis().map(due -> now - due).orElse(0L));
        if (!worker.running()) {
            return result.unhealthy().withMessage("Slack inbox worker is not running").build();
        }
        if (oldestDueAgeMs > stuckAfter.toMillis()) {
            return result.unhealthy().withMessage("a Slack event has waited " + oldestDueAgeMs / 1000
                    + " s for an answer; is any instance answering?").build();
        }
        return result.healthy().withMessage(stats.pending() + " pending, " + stats.failed() + " failed").build();
    }
}
