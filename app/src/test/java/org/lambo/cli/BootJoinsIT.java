package org.lambo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lambo.agents.trial.SlotRecord;
import org.lambo.agents.trial.TrialResult;
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
        CompletableFuture<TrialResult> trial = jvms.trialHere(s);
        // jade.Boot tries once: start it when the main container listens
        ChildJvms.awaitListening("127.0.0.1", port);
        String agents = "server-1:org.lambo.agents.server.EdgeServerAgent(small,5,1);"
                + "server-2:org.lambo.agents.server.EdgeServerAgent(small,5,2);server-3:org.lambo.agents.server.EdgeServerAgent(small,5,3)";
        // the trial's secret, exactly as docs/SECURITY.md tells a jade.Boot user
        Process boot = jvms.jadeBoot("boot.log", port, "boot-servers", "-agents", agents);

        TrialResult r = trial.get(90, TimeUnit.SECONDS);
        assertThat(r.slots()).extracting(SlotRecord::slot).containsExactly(0, 1);
        assertThat(r.slots())
                .flatExtracting(SlotRecord::reports)
                .allMatch(TaskReport::completed)
                .anyMatch(t -> t.option() > 0);
        assertThat(r.maxPredictionError()).isZero();
        ChildJvms.exit(boot, 30); // the Boot container ends with the platform
    }
}
