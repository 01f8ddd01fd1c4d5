package org.lambo.agents.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.agents.GuardedAgent;
import org.lambo.agents.platform.JadePlatform;
import org.lambo.agents.testing.NearestFitPolicy;
import org.lambo.mec.Prompt;
import org.lambo.scenario.ScenarioLoader;

/**
 * An orchestrator told its trial's size sizes its queue at setup, before the AMS's births of a large trial arrive (at
 * 10,000 UEs it dropped thousands of them as the AMS's share of the default queue filled, before slot 0 said the size).
 */
class OrchestratorQueueSizeTest {
    @TempDir
    Path dir;

    /** Hands its queue's size right after setup to the future its test passes beside the config. */
    public static class Measured extends OrchestratorAgent {
        @Override
        @SuppressWarnings("unchecked")
        protected void setup() {
            Object[] a = getArguments();
            CompletableFuture<Integer> size = (CompletableFuture<Integer>) a[1];
            setArguments(new Object[] {a[0]});
            super.setup();
            size.complete(getQueueSize());
        }
    }

    private int queueAfterSetup(OrchestratorConfig c, String name) throws Exception {
        try (JadePlatform platform = JadePlatform.start(dir.resolve(name), 0, false)) {
            CompletableFuture<Integer> size = new CompletableFuture<>();
            platform.startAgent("orchestrator", Measured.class, c, size);
            return size.get(60, TimeUnit.SECONDS);
        }
    }

    private static OrchestratorConfig config(int ues, int servers) {
        return new OrchestratorConfig(
                new NearestFitPolicy(),
                Prompt.MIN_LATENCY,
                ScenarioLoader.load("tiny").channel().params(),
                1_000,
                1_000,
                null,
                new LinkLog(),
                ues,
                servers);
    }

    @Test
    void aTrialOfTenThousandUesGetsItsQueueAtSetupAndOneOfUnknownSizeTheDefault() throws Exception {
        assertThat(queueAfterSetup(config(10_000, 100), "big"))
                .isEqualTo(GuardedAgent.queueSizeFor(10_000, 100))
                .isGreaterThan(GuardedAgent.QUEUE_SIZE);
        assertThat(queueAfterSetup(config(0, 0), "unknown")).isEqualTo(GuardedAgent.QUEUE_SIZE);
    }

    @Test
    void aNegativeSizeIsRefusedNamingIt() {
        assertThatThrownBy(() -> config(-1, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ues and servers must be >= 0, got -1 and 4");
    }
}
