package org.lambo.run;

/**
 * What long library work (ACRL training, ALEF fine-tuning) tells about its progress: a task starts with a count of
 * units, advances, and ends. The library only reports; drawing a bar on a console is the command line's
 * ({@code org.lambo.cli.ConsoleProgress}), and {@link #NONE} (a test, {@code --no-progress}, a caller with a log of its
 * own) hears nothing. Called on the working thread; one task at a time.
 */
public interface ProgressListener {
    /** Hears nothing. */
    ProgressListener NONE = new ProgressListener() {
        @Override
        public void started(String task, String unit, long total, long done) {}

        @Override
        public void advanced(long done, String status) {}

        @Override
        public void ended() {}
    };

    /**
     * A task of {@code total} units (e.g. {@code "train lambo-m"}, {@code "steps"}, 1000) begins, {@code done} of them
     * done already (a resumed run).
     */
    void started(String task, String unit, long total, long done);

    /** {@code done} units of the task are done; {@code status}, when not null, says where it stands now. */
    void advanced(long done, String status);

    /** The task ended (finished, or failed: called from a {@code finally}). */
    void ended();
}
