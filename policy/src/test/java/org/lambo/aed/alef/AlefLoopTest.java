package org.lambo.aed.alef;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.aed.AedModel;
import org.lambo.aed.TestModels;
import org.lambo.io.InputException;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.Policies;
import org.lambo.policy.PolicySettings;
import org.lambo.run.ProgressListener;
import org.lambo.run.RecordedProgress;
import org.lambo.scenario.Scenario;

class AlefLoopTest {
    private static final Scenario DRIFTING = TinyDrift.DRIFTING;
    private static AedModel model;
    private static AlefLoop.Result result;

    private static AlefOptions options() {
        return TinyDrift.options().expert("exhaustive").reference("exhaustive").build();
    }

    private static final RecordedProgress PROGRESS = new RecordedProgress();

    @BeforeAll
    static void fineTuneAnUntrainedTinyModel() {
        TinyDrift.oneEngineThread();
        model = AedModel.create(TestModels.tiny(), TinyDrift.MODEL_SEED);
        result = new AlefLoop(model, DRIFTING, options()).run(PROGRESS, null);
    }

    @org.junit.jupiter.api.AfterAll
    static void close() {
        model.close();
    }

    @Test
    void theLoopReportsEverySolveToItsListenerAndEndsTheTask() {
        AlefOptions o = options();
        long solves = (long) o.heldOut() * o.prompts().size() * 2 + o.labels(); // drifting: held-out slots twice
        assertThat(PROGRESS.calls.get(0)).isEqualTo("started alef " + o.expert() + " solves " + solves + " 0");
        assertThat(PROGRESS.calls.get(PROGRESS.calls.size() - 1)).isEqualTo("ended");
        assertThat(PROGRESS.lastDone()).isEqualTo(solves);
        assertThat(PROGRESS.statuses).anyMatch(st -> st.contains("labelling"));
    }

    @Test
    void fineTuningOnExpertLabelsLowersTheHeldOutGap() {
        AlefCurve.Row start = result.curve().first();
        AlefCurve.Row end = result.curve().last();
        // 4 validation slots under 2 prompts (a fifth of 40) labelled first, then 16 queried labels a round
        assertThat(result.curve().rows()).extracting(AlefCurve.Row::labels).containsExactly(0, 24, 40);
        double before = (start.gap(Prompt.MIN_LATENCY) + start.gap(Prompt.MIN_ENERGY)) / 2;
        double after = (end.gap(Prompt.MIN_LATENCY) + end.gap(Prompt.MIN_ENERGY)) / 2;
        assertThat(before).isPositive();
        assertThat(after).isLessThan(0.7 * before);
        assertThat(result.summary().labels()).isEqualTo(40);
        assertThat(result.summary().validationLabels()).isEqualTo(8);
        assertThat(result.demonstrations()).hasSize(32 - result.summary().skipped());
        assertThat(end.loss()).isFinite();
    }

    @Test
    void everyRoundQueriesTheMostUncertainUnlabelledCandidates() {
        assertThat(result.queries()).hasSize(2);
        for (AlefLoop.Query q : result.queries()) {
            assertThat(q.chosen()).hasSize(16);
            boolean[] picked = new boolean[q.entropy().length];
            double least = Double.POSITIVE_INFINITY;
            for (int c : q.chosen()) {
                assertThat(q.labelledBefore()[c]).isFalse();
                picked[c] = true;
                least = Math.min(least, q.entropy()[c]);
            }
            for (int c = 0; c < picked.length; c++) {
                if (!picked[c] && !q.labelledBefore()[c])
                    assertThat(q.entropy()[c]).isLessThanOrEqualTo(least);
            }
        }
        // the second round never asks again for what the first labelled
        for (int c : result.queries().get(0).chosen())
            assertThat(result.queries().get(1).labelledBefore()[c]).isTrue();
    }

    @Test
    void theHeldOutSlotsComeFromTheDriftedEnvironmentAfterThePool() {
        DriftedSlots slots = DriftedSlots.draw(DRIFTING, options());
        assertThat(slots.pool()).hasSize(30);
        assertThat(slots.heldOut()).hasSize(12);
        for (Instance inst : slots.heldOut()) assertThat(inst.server(2).cpuHz()).isEqualTo(1.5e10);
        for (Instance inst : slots.heldOutUndrifted())
            assertThat(inst.server(2).cpuHz()).isEqualTo(3.0e10);
        for (int k = 0; k < slots.heldOut().size(); k++) {
            Instance a = slots.heldOut().get(k);
            Instance b = slots.heldOutUndrifted().get(k);
            assertThat(a.id()).isEqualTo(b.id());
            for (int i = 0; i < a.n(); i++) assertThat(a.ue(i)).isEqualTo(b.ue(i));
        }
        List<String> ids = slots.pool().stream().map(Instance::id).toList();
        for (Instance inst : slots.heldOut()) assertThat(ids).doesNotContain(inst.id());
        // the summary's gap before the drift is the round-0 gap on the undrifted twins
        assertThat(result.summary().gapBeforeDrift()[Prompt.MIN_LATENCY.ordinal()])
                .isEqualTo(result.curve().first().undriftedGap(Prompt.MIN_LATENCY));
    }

    @Test
    void theFineTunedCheckpointLoadsBackToTheSameDecisionsThroughThePolicyOption(@TempDir Path dir) throws Exception {
        Path ckpt = dir.resolve("checkpoint");
        model.save(ckpt, 0, null);
        DriftedSlots slots = DriftedSlots.draw(DRIFTING, options());
        try (AedModel loaded = AedModel.load(ckpt)) {
            OffloadingPolicy viaOption = Policies.create(
                    "aed", new PolicySettings(1, Map.of("aed.checkpoint", ckpt.toString(), "aed.localSearch", "0")));
            org.lambo.aed.AedPolicy direct = new org.lambo.aed.AedPolicy(model, 1, true, 1);
            org.lambo.aed.AedPolicy reloaded = new org.lambo.aed.AedPolicy(loaded, 1, true, 1);
            for (Instance inst : slots.heldOut()) {
                for (Prompt p : Prompt.values()) {
                    assertThat(reloaded.decide(inst, p)).isEqualTo(direct.decide(inst, p));
                    assertThat(viaOption.decide(inst, p)).isEqualTo(direct.decide(inst, p));
                }
            }
            ((AutoCloseable) viaOption).close();
        }
        assertThat(Files.exists(ckpt.resolve(AedModel.PARAMS))).isTrue();
    }

    @Test
    void anUnknownExpertIsAnInputError() {
        try (AedModel m = AedModel.create(TestModels.tiny(), 1)) {
            AlefOptions bad = AlefOptions.builder()
                    .labels(2)
                    .rounds(1)
                    .pool(2)
                    .heldOut(1)
                    .expert("oracle")
                    .reference("exhaustive")
                    .build();
            assertThatThrownBy(() -> new AlefLoop(m, DRIFTING, bad).run(ProgressListener.NONE, null))
                    .isInstanceOf(InputException.class)
                    .hasMessageContaining("oracle");
        }
    }
}
