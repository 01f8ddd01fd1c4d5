package org.lambo.cli.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Library logs go to the run folder's lambo.log, held until the command has created the folder; never to the console.
 */
class RunLogTest {

    @Test
    void slf4jIsServedByRunLogNotByAConsoleBackend() {
        assertThat(org.lambo.log.LineLoggingProvider.behind(LoggerFactory.getILoggerFactory()))
                .hasValueSatisfying(p -> assertThat(p).isInstanceOf(RunLogProvider.class));
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
    void theAgentsLinesReachTheRunFoldersLogAtTheirLevelsAndAWatcherSeesEachAsItIsWritten(@TempDir Path dir)
            throws Exception {
        Path run = Files.createDirectories(dir.resolve("run"));
        org.slf4j.Logger orchestrator = LoggerFactory.getLogger("org.lambo.agents.orchestrator.OrchestratorAgent");
        List<RunLog.Line> seen = new CopyOnWriteArrayList<>();
        PrintStream err = System.err;
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        System.setErr(new PrintStream(console, true, StandardCharsets.UTF_8));
        try {
            RunLog.begin("lambo-test", run);
            try (RunLog.Watch watching = RunLog.watch(seen::add)) {
                orchestrator.atDebug().log(() -> "orchestrator: ue-3 asks in slot 0 (offload-t0-ue3)");
                orchestrator.info("orchestrator: slot 0 decided after 363 ms with 6 requests");
                orchestrator.warn("orchestrator: server-2 is gone: it died in container Main-Container");
                orchestrator.error(
                        "policy greedy failed on slot 3; the slot runs all-local", new IllegalStateException("x"));
            }
            orchestrator.info("orchestrator: slot 1 decided after 86 ms");
            RunLog.end();
        } finally {
            System.setErr(err);
        }
        String log = Files.readString(run.resolve(RunLog.FILE));
        String name = " org.lambo.agents.orchestrator.OrchestratorAgent - orchestrator: ";
        assertThat(log)
                .contains("INFO" + name + "slot 0 decided after 363 ms with 6 requests")
                .contains("WARN" + name + "server-2 is gone")
                .contains("ERROR org.lambo.agents.orchestrator.OrchestratorAgent - policy greedy failed on slot 3")
                .contains("java.lang.IllegalStateException: x")
                .contains("INFO" + name + "slot 1 decided after 86 ms")
                .doesNotContain("asks in slot 0"); // DEBUG: only with -Dlambo.log.level=debug
        assertThat(seen).extracting(RunLog.Line::level).containsExactly(RunLog.INFO, RunLog.WARN, RunLog.ERROR);
        assertThat(seen.get(1).logger()).isEqualTo("org.lambo.agents.orchestrator.OrchestratorAgent");
        assertThat(seen.get(1).message())
                .isEqualTo("orchestrator: server-2 is gone: it died in container Main-Container");
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
