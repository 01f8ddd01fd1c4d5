package org.lambo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.lambo.run.ProgressListener;
import picocli.CommandLine;

/** The one console bar of library work: drawn on stderr, and nothing at all with --no-progress. */
class ConsoleProgressTest {
    private static String stderrOf(ProgressListener p) {
        PrintStream before = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            p.started("train tiny", "steps", 10, 4);
            p.advanced(7, " cost L 0.5");
            p.advanced(7, null);
            p.ended();
            p.ended(); // a finally after an ended task: nothing more
        } finally {
            System.setErr(before);
        }
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aTaskIsABarOnStderrWithItsNameCountAndStatus() {
        SharedOptions.NoProgress flag = new SharedOptions.NoProgress();
        new CommandLine(flag).parseArgs();
        String bar = stderrOf(ConsoleProgress.of(flag));
        assertThat(bar).contains("train tiny").contains("7/10").contains("cost L 0.5");
    }

    @Test
    void noProgressDrawsNothing() {
        SharedOptions.NoProgress flag = new SharedOptions.NoProgress();
        new CommandLine(flag).parseArgs("--no-progress");
        assertThat(ConsoleProgress.of(flag)).isSameAs(ProgressListener.NONE);
        assertThat(stderrOf(ConsoleProgress.of(flag))).isEmpty();
    }
}
