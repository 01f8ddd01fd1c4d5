package org.lambo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lambo.agents.trial.SlotRecord;
import org.lambo.agents.trial.TrialResult;
import org.lambo.agents.trial.TrialRunner;
import org.lambo.agents.trial.TrialSettings;
import org.lambo.ontology.TaskReport;
import org.lambo.scenario.ScenarioLoader;

/**
 * JADE's own launcher joins a trial: a child JVM runs {@code jade.Boot -container} with the project's class path and
 * starts the edge-server agents from their string arguments (scenario, seed, number), exactly as docs/AGENTS.md
 * documents it; the UEs run in the trial's JVM.
 */
class BootJoinsIT {
    @RegisterExtension
    final ChildJvmsExtension jvms = new ChildJvmsExtension();

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void edgeServersStartedByJadeBootServeATrial() throws Exception {
        int port = ChildJvms.freePort();
        TrialSettings s = TrialSettings.builder(ScenarioLoader.load("small"))
                .seed(5)
                .slots(2)
                .policy("nearest")
                .port(port)
                .remoteServers(true)
                .secretFile(jvms.secret())
                .collectMs(10_000)
                .decisionMs(20_000)
                .serverMs(5_000)
                .build();
        CompletableFuture<TrialResult> trial = CompletableFuture.supplyAsync(() -> {
            try {
                return TrialRunner.run(s, jvms.dir().resolve("jade"), x -> {});
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // jade.Boot tries once: start it when the main container listens
        long until = System.currentTimeMillis() + 30_000;
        while (!listening(port) && System.currentTimeMillis() < until) Thread.sleep(100);
        String agents = "server-1:org.lambo.agents.server.EdgeServerAgent(small,5,1);"
                + "server-2:org.lambo.agents.server.EdgeServerAgent(small,5,2);server-3:org.lambo.agents.server.EdgeServerAgent(small,5,3)";
        Process boot = jvms.start(
                "boot.log",
                "jade.Boot",
                "-container",
                "-host",
                "127.0.0.1",
                "-port",
                Integer.toString(port),
                "-local-host",
                "127.0.0.1",
                "-local-port",
                Integer.toString(ChildJvms.freePort()),
                "-container-name",
                "boot-servers",
                "-agents",
                agents,
                // the trial's secret, exactly as docs/SECURITY.md tells a jade.Boot user
                "-icps",
                "org.lambo.agents.platform.TrialTlsPeer",
                "-lambo_secret_file",
                jvms.secret().toString(),
                "-jade_imtp_leap_JICP_JICPServer_acceptlocalhostonly",
                "true");

        TrialResult r = trial.get(90, TimeUnit.SECONDS);
        assertThat(r.slots()).extracting(SlotRecord::slot).containsExactly(0, 1);
        assertThat(r.slots())
                .flatExtracting(SlotRecord::reports)
                .allMatch(TaskReport::completed)
                .anyMatch(t -> t.option() > 0);
        assertThat(r.maxPredictionError()).isZero();
        assertThat(boot.waitFor(30, TimeUnit.SECONDS))
                .as("the Boot container ends with the platform")
                .isTrue();
    }
}
