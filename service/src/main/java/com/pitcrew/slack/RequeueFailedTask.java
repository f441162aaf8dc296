package com.pitcrew.slack;

import io.dropwizard.servlets.tasks.Task;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Admin task {@code POST /tasks/slack-requeue-failed?eventId=Ev...} (or {@code ?all=true}): gives events that were
 * marked failed another full set of attempts, e.g. after a Slack outage. Requeuing everything must be asked for.
 */
final class RequeueFailedTask extends Task {

    private final SlackInbox inbox;
    private final Clock clock;

    RequeueFailedTask(SlackInbox inbox, Clock clock) {
        super("slack-requeue-failed");
        this.inbox = inbox;
        this.clock = clock;
    }

    @Override
    public void execute(Map<String, List<String>> parameters, PrintWriter output) {
        Optional<String> eventId = first(parameters, "eventId");
        boolean all = first(parameters, "all").map("true"::equalsIgnoreCase).orElse(false);
        if (eventId.isEmpty() && !all) {
            output.println("error: name one event (eventId=Ev...) or ask for all=true");
            return;
        }
        int requeued = inbox.requeueFailed(eventId, clock.millis());
        output.println("requeued " + requeued + " failed event(s)"
                + eventId.map(id -> " matching " + id).orElse(""));
    }

    private static Optional<String> first(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        return values == null || values.isEmpty() || values.get(0) == null || values.get(0).isBlank()
                ? Optional.empty() : Optional.of(values.get(0).trim());
    }
}
