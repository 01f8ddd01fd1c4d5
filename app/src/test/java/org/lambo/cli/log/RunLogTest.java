package org.lambo.cli.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Library logs go to the run folder's lambo.log, held until the command has created the folder; never to the console.
 */
class RunLogTest {

    @Test
    void slf4jIsServedByRunLogNotByAConsoleBackend() {
        assertThat(LoggerFactory.getILoggerFactory().getClass().getName()).startsWith(RunLogProvider.class.getName());
    }

    @Test
    void recordsBeforeTheRunFolderExistsAreHeldThenWrittenFirst(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        PrintStream err = System.err;
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        System.setErr(new PrintStream(console, true, StandardCharsets.UTF_8));
        try {
            RunLog.begin("lambo-test", run);
            LoggerFactory.getLogger("ai.djl.util.cuda.CudaUtils")
                    .warn("Failed to detect GPU count: {} ({})", "driver too old", 35);
            java.util.logging.Logger.getLogger("jade.domain.df")
                    .warning("can cause low performance or system crash !!");
            assertThat(run).doesNotExist();
            Files.createDirectories(run);
            LoggerFactory.getLogger("org.lambo.test").warn("after the folder exists");
            LoggerFactory.getLogger("io.moquette.broker.metrics.MQTTMessageLogger")
                    .info("C->B PUBLISH every packet");
            RunLog.end();
        } finally {
            System.setErr(err);
        }
        String log = Files.readString(run.resolve(RunLog.FILE));
        assertThat(log)
                .contains("WARN ai.djl.util.cuda.CudaUtils - Failed to detect GPU count: driver too old (35)")
                .contains("WARN jade.domain.df - can cause low performance")
                .contains("after the folder exists")
                .doesNotContain("every packet");
        assertThat(log.indexOf("GPU count")).isLessThan(log.indexOf("after the folder exists"));
        assertThat(console.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void withoutARunFolderOurWarningsReachTheConsoleAndLibrariesOnlyTheTemporaryFile() throws Exception {
        PrintStream err = System.err;
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        System.setErr(new PrintStream(console, true, StandardCharsets.UTF_8));
        Path file;
        try {
            RunLog.begin("lambo-solve-test", null);
            file = RunLog.file();
            LoggerFactory.getLogger("ai.djl.util.cuda.CudaUtils").warn("Failed to detect GPU count");
            LoggerFactory.getLogger("org.lambo.device.Thing").warn("the broker went away");
            RunLog.end();
        } finally {
            System.setErr(err);
        }
        try {
            assertThat(file.getParent()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir")));
            assertThat(Files.readString(file))
                    .contains("Failed to detect GPU count")
                    .contains("the broker went away");
            assertThat(console.toString(StandardCharsets.UTF_8))
                    .contains("the broker went away")
                    .doesNotContain("GPU");
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
