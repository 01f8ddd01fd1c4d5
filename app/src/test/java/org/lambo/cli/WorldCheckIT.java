package org.lambo.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
 * A container whose scenario or seed is not the trial's is refused before it starts an agent, naming both (the main
 * container publishes its scenario's fingerprint and seed); the trial runs on with the right containers.
 */
class WorldCheckIT {
    @RegisterExtension
    final ChildJvmsExtension jvms = new ChildJvmsExtension();

    private CompletableFuture<TrialResult> trialInThisJvm(int port, int slots) {
        TrialSettings s = TrialSettings.builder(ScenarioLoader.load("small"))
                .seed(5)
                .slots(slots)
                .policy("nearest")
                .port(port)
                .remoteUes(true)
                .remoteServers(true)
                .secretFile(jvms.secret())
                .collectMs(10_000)
                .decisionMs(20_000)
                .serverMs(5_000)
                .startupMs(180_000)
                .build();
        return CompletableFuture.supplyAsync(() -> {
            try {
                return TrialRunner.run(s, jvms.dir().resolve("jade"), x -> {});
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void aContainerWithAnotherSeedOrScenarioIsRefusedNamingBothAndStartsNoAgent() throws Exception {
        int port = ChildJvms.freePort();
        CompletableFuture<TrialResult> trial = trialInThisJvm(port, 1);
        ChildJvms.awaitListening("127.0.0.1", port);
        Process seed = jvms.container("seed.log", port, "ues", jvms.secret(), "small", 7);
        assertThat(ChildJvms.exit(seed, 120)).isEqualTo(ContainerCommand.WRONG_WORLD);
        Process scenario = jvms.container("scenario.log", port, "servers", jvms.secret(), "tiny", 5);
        assertThat(ChildJvms.exit(scenario, 120)).isEqualTo(ContainerCommand.WRONG_WORLD);
        assertThat(jvms.lines("seed.log")).hasSize(1);
        assertThat(jvms.lines("seed.log").get(0))
                .containsPattern(
                        "refused: scenario small \\(sha [0-9a-f]{12}\\) seed 7 here, trial has small \\(sha [0-9a-f]{12}\\) seed 5");
        assertThat(jvms.lines("scenario.log")).hasSize(1);
        assertThat(jvms.lines("scenario.log").get(0))
                .containsPattern(
                        "scenario tiny \\(sha [0-9a-f]{12}\\) seed 5 here, trial has small \\(sha [0-9a-f]{12}\\) seed 5");
        String tinySha = jvms.lines("scenario.log").get(0).replaceAll(".*tiny \\(sha ([0-9a-f]+)\\).*", "$1");
        String smallSha = jvms.lines("seed.log").get(0).replaceAll(".*trial has small \\(sha ([0-9a-f]+)\\).*", "$1");
        assertThat(tinySha).isNotEqualTo(smallSha);

        // the right ones still run the trial to its end: the refused ones started no agent (else ue-0 would be a
        // duplicate name)
        Process ues = jvms.container(port, "ues");
        Process servers = jvms.container(port, "servers");
        TrialResult r = trial.get(240, TimeUnit.SECONDS);
        assertThat(r.slots()).flatExtracting(SlotRecord::reports).hasSize(10).allMatch(TaskReport::completed);
        assertThat(ChildJvms.exit(ues, 60)).isZero();
        assertThat(ChildJvms.exit(servers, 60)).isZero();
    }
}
