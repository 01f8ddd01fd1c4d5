package org.lambo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.agents.trial.SlotRecord;
import org.lambo.agents.trial.TrialResult;
import org.lambo.agents.trial.TrialRunner;
import org.lambo.agents.trial.TrialSettings;
import org.lambo.ontology.TaskReport;
import org.lambo.scenario.ScenarioLoader;

/**
 * Whole peripheral containers destroyed mid-trial: this JVM holds the main container, one child JVM
 * the UEs and another the edge servers. After slot 0 the servers' JVM is killed, after slot 1 the
 * UEs' JVM: the orchestrator learns from the AMS that the servers are gone and runs every task
 * locally; the clock learns that the UEs are gone and ends their tasks with the reason; the trial
 * completes.
 */
class ContainerDiesIT {
    @TempDir
    Path dir;

    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void stopChildren() {
        for (Process p : children) if (p.isAlive()) p.destroyForcibly();
    }

    private Process container(int port, String agents) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "-Djava.awt.headless=true",
                "org.lambo.cli.Lambo", "container", "--main-host", "127.0.0.1", "--main-port", Integer.toString(port),
                "--agents", agents, "--scenario", "small", "--seed", "5", "--dir", dir.resolve("jade-" + agents).toString(),
                "--decision-ms", "20000", "--server-ms", "5000")
                .redirectErrorStream(true).redirectOutput(dir.resolve(agents + ".log").toFile());
        Process p = pb.start();
        children.add(p);
        return p;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void kill(Process p) {
        p.destroyForcibly();
        try {
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void theTrialCompletesWhenTheServersAndThenTheUesContainersDie() throws Exception {
        int port = freePort();
        Process ues = container(port, "ues");
        Process servers = container(port, "servers");
        TrialSettings s = TrialSettings.builder(ScenarioLoader.load("small")).seed(5).slots(3).policy("nearest").port(port)
                .remoteUes(true).remoteServers(true).collectMs(10_000).decisionMs(20_000).serverMs(5_000).build();
        TrialResult r = TrialRunner.run(s, dir.resolve("jade"), x -> { }, (record, platform) -> {
            if (record.slot() == 0) kill(servers);
            if (record.slot() == 1) kill(ues);
        });
        assertThat(r.slots()).extracting(SlotRecord::slot).containsExactly(0, 1, 2);
        List<TaskReport> first = r.slots().get(0).reports();
        assertThat(first).allMatch(TaskReport::completed).anyMatch(t -> t.option() > 0);
        for (TaskReport t : r.slots().get(1).reports()) {
            assertThat(t.completed()).as("%s: %s", t.taskId(), t.reason()).isTrue();
            assertThat(t.option()).as("%s runs locally once the servers are gone", t.taskId()).isZero();
        }
        for (TaskReport t : r.slots().get(2).reports()) {
            assertThat(t.completed()).isFalse();
            assertThat(t.reason()).as(t.taskId()).startsWith(t.ue() + " is gone: its container").endsWith("was removed");
        }
    }
}
