package org.lambo.cli;

import java.time.Duration;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.lambo.run.ProgressListener;

/**
 * The progress of library work ({@link ProgressListener}) as a bar on standard error: the one place that draws a bar
 * (every command's, {@code ProgressDrawnByTheCommandLineTest}). {@code --no-progress} gives
 * {@link ProgressListener#NONE} instead ({@link #of}); work that calls back once per unit (a bench's decisions, a
 * trial's slots, a warm start's labels) reaches it through {@link #count}.
 */
final class ConsoleProgress implements ProgressListener {
    private ProgressBar bar;
    private long done;

    private ConsoleProgress() {}

    /** A bar on stderr, or, with {@code --no-progress}, nothing. */
    static ProgressListener of(SharedOptions.NoProgress noProgress) {
        return of(noProgress != null && noProgress.value);
    }

    /** A bar on stderr, or, when {@code quiet}, nothing. */
    static ProgressListener of(boolean quiet) {
        return quiet ? ProgressListener.NONE : new ConsoleProgress();
    }

    /**
     * A task of {@code total} units, {@code done} of them done already, started on {@code progress} now, counted one
     * unit at a time by {@link Count#step}, ended on {@link Count#close}.
     */
    static Count count(ProgressListener progress, String task, String unit, long total, long done) {
        progress.started(task, unit, total, done);
        return new Count(progress, done);
    }

    /** A task counted one unit at a time. */
    static final class Count implements AutoCloseable {
        private final ProgressListener progress;
        private long done;

        private Count(ProgressListener progress, long done) {
            this.progress = progress;
            this.done = done;
        }

        /** One more unit done; {@code status}, when not null, says where the task stands. */
        void step(String status) {
            progress.advanced(++done, status);
        }

        /** Where the task stands, without a unit done. */
        void status(String status) {
            progress.advanced(done, status);
        }

        @Override
        public void close() {
            progress.ended();
        }
    }

    @Override
    public void started(String task, String unit, long total, long done) {
        ended();
        this.done = done;
        bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .startsFrom(done, Duration.ZERO)
                .setUnit(" " + unit, 1)
                .showSpeed()
                .setConsumer(new ConsoleProgressBarConsumer(System.err, 120)) // stderr, as --no-progress says
                .build();
    }

    @Override
    public void advanced(long done, String status) {
        if (bar == null) return;
        if (done != this.done) bar.stepTo(done);
        this.done = done;
        if (status != null) bar.setExtraMessage(status);
    }

    @Override
    public void ended() {
        if (bar != null) bar.close();
        bar = null;
    }
}
