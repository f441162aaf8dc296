package com.pitcrew.slack;

import com.pitcrew.admin.CheckedTask;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Admin task {@code POST /tasks/slack-requeue-failed?eventId=Ev...} (or {@code ?all=true}): gives events that were
 * marked failed another full set of attempts, e.g. after a Slack outage. Requeuing everything must be asked for.
 */
final class RequeueFailedTask extends CheckedTask {

    private final SlackInbox inbox;
    private final Clock clock;

    RequeueFailedTask(SlackInbox inbox, Clock clock) {
        super("slack-requeue-failed");
        this.inbox = inbox;
        this.clock = clock;
    }

    @Override
    public Optional<String> problem(Map<String, List<String>> parameters) {
        boolean all = parameter(parameters, "all").map("true"::equalsIgnoreCase).orElse(false);
        return parameter(parameters, "eventId").isEmpty() && !all
                ? Optional.of("name one event (eventId=Ev...) or ask for all=true")
                : Optional.empty();
    }

    @Override
    protected void run(Map<String, List<String>> parameters, PrintWriter output) {
        Optional<String> eventId = parameter(parameters, "eventId");
        int requeued = inbox.requeueFailed(eventId, clock.millis());
        output.println("requeued " + requeued + " failed event(s)" + eventId.map(id -> " matching " + id).orElse(""));
    }
}
