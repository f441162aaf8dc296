package com.pitcrew.meetings;

import com.pitcrew.admin.CheckedTask;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code POST /tasks/delete-meeting?id=ID}: what {@code delete-meeting} does, on a running service. */
public final class DeleteMeetingTask extends CheckedTask {

    private final Meetings meetings;

    public DeleteMeetingTask(Meetings meetings) {
        super("delete-meeting");
        this.meetings = meetings;
    }

    @Override
    public Optional<String> problem(Map<String, List<String>> parameters) {
        Optional<String> id = parameter(parameters, "id");
        if (id.isEmpty()) {
            return Optional.of("an id is required (id=...)");
        }
        if (id.get().length() > Meeting.MAX_ID || !meetings.store().exists(id.get())) {
            return Optional.of("no call with id '" + id.get() + "'");
        }
        return Optional.empty();
    }

    @Override
    protected void run(Map<String, List<String>> parameters, PrintWriter output) {
        String id = parameter(parameters, "id").orElseThrow();
        output.println(meetings.delete(id) ? "deleted " + id + " from storage and search"
                : "no call with id '" + id + "'");
    }
}
