package org.lambo.cli;

import java.time.Duration;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.lambo.run.ProgressListener;

/**
 * The progress of library work ({@link ProgressListener}) as a bar on standard error: the one place a command turns a
 * task's progress into a console bar. {@code --no-progress} gives {@link ProgressListener#NONE} instead ({@link #of}).
 */
final class ConsoleProgress implements ProgressListener {
    private ProgressBar bar;
    private long done;

    private ConsoleProgress() {}

    /** A bar on stderr, or, with {@code --no-progress}, nothing. */
    static ProgressListener of(SharedOptions.NoProgress noProgress) {
        return noProgress != null && noProgress.value ? ProgressListener.NONE : new ConsoleProgress();
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
