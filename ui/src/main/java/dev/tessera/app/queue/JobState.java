package dev.tessera.app.queue;

/** Where a queued job is in its life. Closed set: the runner and the UI switch over it. */
public sealed interface JobState {

    JobState PENDING = new Pending();
    JobState RUNNING = new Running();
    JobState DONE = new Done();
    JobState CANCELLED = new Cancelled();

    /** Stable name for the journal and the CLI table. */
    String name();

    /** Whether the job will never run again. */
    default boolean isFinal() {
        return this instanceof Done || this instanceof Failed || this instanceof Cancelled;
    }

    static JobState failed(String message) {
        return new Failed(message);
    }

    /** Parses a journal entry; {@code message} is only used for FAILED. */
    static JobState of(String name, String message) {
        return switch (name) {
            case "PENDING" -> PENDING;
            case "RUNNING" -> RUNNING;
            case "DONE" -> DONE;
            case "CANCELLED" -> CANCELLED;
            case "FAILED" -> new Failed(message == null ? "unknown failure" : message);
            default -> throw new IllegalArgumentException("unknown job state '" + name + "'");
        };
    }

    record Pending() implements JobState {
        @Override public String name() { return "PENDING"; }
    }

    record Running() implements JobState {
        @Override public String name() { return "RUNNING"; }
    }

    record Done() implements JobState {
        @Override public String name() { return "DONE"; }
    }

    record Failed(String message) implements JobState {
        @Override public String name() { return "FAILED"; }
    }

    record Cancelled() implements JobState {
        @Override public String name() { return "CANCELLED"; }
    }
}
