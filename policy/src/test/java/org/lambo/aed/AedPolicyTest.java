package org.lambo.aed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lambo.aed.model.AedConfig;
import org.lambo.io.InputException;
import org.lambo.mec.CostModel;
import org.lambo.mec.Decision;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.policy.HasDecisionTrace;
import org.lambo.policy.LearnsOnline;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.OffloadingPolicyContract;
import org.lambo.policy.Policies;
import org.lambo.policy.PolicySettings;
import org.lambo.policy.ReportsBound;
import org.lambo.scenario.ScenarioLoader;
import org.lambo.scenario.World;

/** The contract on an untrained, seeded AED (valid decisions by construction, even with random weights). */
class AedPolicyTest extends OffloadingPolicyContract {
    @Override
    protected OffloadingPolicy create(long seed) {
        return new AedPolicy(AedModel.create(TestModels.tiny(), seed), 3, true, seed);
    }

    /** Untrained weights promise validity, not quality. */
    @Override
    protected boolean beatsLocal() {
        return false;
    }

    @Test
    void isRegisteredAndReadsItsOptions() {
        try (OffloadingPolicy p = Policies.create("aed", new PolicySettings(1, Map.of("aed.samples", "2")))) {
            assertThat(p.name()).isEqualTo("aed");
            assertThat(p.capability(HasDecisionTrace.class)).isPresent();
            assertThat(p.capability(LearnsOnline.class)).isPresent();
            assertThat(p.capability(ReportsBound.class)).isEmpty();
        }
    }

    @Test
    void badOptionsAreClearErrors() {
        assertThatThrownBy(() -> Policies.create("aed", new PolicySettings(1, Map.of("aed.samples", "0"))))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("aed.samples")
                .hasMessageContaining("0");
        assertThatThrownBy(() -> Policies.create("aed", new PolicySettings(1, Map.of("aed.reoptimise", "maybe"))))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("aed.reoptimise")
                .hasMessageContaining("maybe");
        assertThatThrownBy(() ->
                        Policies.create("aed", new PolicySettings(1, Map.of("aed.checkpoint", "/nonexistent/ckpt"))))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("/nonexistent/ckpt");
        assertThatThrownBy(() -> Policies.create("aed", new PolicySettings(1, Map.of("aed.model", "lambo-xl"))))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("lambo-xl");
    }

    @Test
    void moreSamplesNeverCostMore() {
        Instance inst = new World(ScenarioLoader.load("small"), 8).next();
        for (Prompt prompt : Prompt.values()) {
            try (AedPolicy one = new AedPolicy(AedModel.create(TestModels.tiny(), 4), 1, true, 4);
                    AedPolicy many = new AedPolicy(AedModel.create(TestModels.tiny(), 4), 16, true, 4)) {
                double greedy =
                        CostModel.evaluate(inst, one.decide(inst, prompt)).objective(prompt);
                double best =
                        CostModel.evaluate(inst, many.decide(inst, prompt)).objective(prompt);
                assertThat(best).isLessThanOrEqualTo(greedy);
            }
        }
    }

    @Test
    void reoptimisedSharesAreNoWorseThanDecodedOnes() {
        List<Instance> insts = List.of(
                new World(ScenarioLoader.load("small"), 21).next(), new World(ScenarioLoader.load("paper"), 21).next());
        for (Instance inst : insts) {
            try (AedPolicy raw = new AedPolicy(AedModel.create(TestModels.tiny(), 6), 1, false, 6);
                    AedPolicy re = new AedPolicy(AedModel.create(TestModels.tiny(), 6), 1, true, 6)) {
                Decision a = raw.decide(inst, Prompt.MIN_LATENCY);
                Decision b = re.decide(inst, Prompt.MIN_LATENCY);
                assertThat(b.options()).containsExactly(a.options());
                assertThat(CostModel.evaluate(inst, b).totalLatency())
                        .isLessThanOrEqualTo(CostModel.evaluate(inst, a).totalLatency() * (1 + 1e-12));
            }
        }
    }

    /** U of the greedy decoding of {@code inst} by {@code decoder} on the encoding of {@code model}. */
    private static double greedyEntropy(
            AedModel model, org.lambo.aed.infer.FastDecoder decoder, Instance inst, Prompt prompt) {
        float[][] h = model.encode(List.of(inst), List.of(prompt))[0];
        return org.lambo.aed.infer.DecisionEntropy.of(
                decoder.decode(inst, prompt, decoder.prepare(h), org.lambo.aed.infer.FastDecoder.Mode.GREEDY, null));
    }

    @Test
    void decideTracedGivesTheDecisionAndTheEntropyOfItsGreedyDecoding() {
        Instance inst = new World(ScenarioLoader.load("small"), 8).next();
        try (AedPolicy p = new AedPolicy(AedModel.create(TestModels.tiny(), 4), 1, true, 4)) {
            HasDecisionTrace.Traced t = p.decideTraced(inst, Prompt.MIN_LATENCY);
            assertThat(t.decision()).isEqualTo(p.decide(inst, Prompt.MIN_LATENCY));
            assertThat(t.entropy())
                    .isEqualTo(greedyEntropy(p.model(), p.model().fastDecoder(), inst, Prompt.MIN_LATENCY))
                    .isBetween(0.0, Math.log(inst.m() + 1) + 1e-9);
        }
    }

    @Test
    void aSwappedDecoderDecidesTheFollowingSlots() {
        Instance inst = new World(ScenarioLoader.load("small"), 8).next();
        try (AedPolicy p = new AedPolicy(AedModel.create(TestModels.tiny(), 4), 1, true, 4);
                AedModel other = AedModel.create(TestModels.tiny(), 5)) {
            double before = p.decideTraced(inst, Prompt.MIN_ENERGY).entropy();
            org.lambo.aed.infer.FastDecoder next = other.fastDecoder();
            p.swapDecoder(next);
            double after = p.decideTraced(inst, Prompt.MIN_ENERGY).entropy();
            assertThat(after)
                    .isEqualTo(greedyEntropy(p.model(), next, inst, Prompt.MIN_ENERGY))
                    .isNotEqualTo(before);
            assertThatThrownBy(() -> p.swapDecoder(null)).hasMessageContaining("decoder snapshot is missing");
        }
    }

    @Test
    void theEncoderMemoryEstimateGrowsAsNSquaredAndMatchesTheMeasuredGrowth() {
        AedConfig m = AedConfig.load("lambo-m");
        // measured on the 2-core VM: N = 2,000 grew the process by 1,431 MiB; the estimate must not be below it
        assertThat(org.lambo.aed.model.EncoderMemory.estimateBytes(m, 2_000) >> 20)
                .isBetween(1_431L, 1_800L);
        double ratio = (double) org.lambo.aed.model.EncoderMemory.estimateBytes(m, 10_000)
                / org.lambo.aed.model.EncoderMemory.estimateBytes(m, 1_000);
        assertThat(ratio).isBetween(80.0, 100.0);
    }

    @Test
    void aSlotOverTheMemoryBudgetIsRefusedNamingNAndTheBudgetBeforeEncoding() {
        String big = """
                name: big
                ues: 10000
                area: {width: 1000, height: 1000}
                servers: [{cpuHz: 1.0e+10}, {cpuHz: 2.0e+10}]
                task:
                  bits: {mean: 1.0e+6}
                  cycles: {mean: 1.0e+9}
                """;
        Instance huge = new World(ScenarioLoader.parse("big.yaml", big), 1).next();
        // attention in blocks: 453 MiB for lambo-m at N = 10,000 (37,050 MiB as whole matrices), refused under a 256
        // MiB budget
        try (AedPolicy p =
                AedPolicy.fromSettings(new PolicySettings(1, Map.of("aed.model", "lambo-m", "aed.memoryMb", "256")))) {
            assertThatThrownBy(() -> p.decide(huge, Prompt.MIN_LATENCY))
                    .isInstanceOf(InputException.class)
                    .hasMessageContaining("N = 10000 UEs")
                    .hasMessageContaining("453 MiB")
                    .hasMessageContaining("memory budget of 256 MiB (aed.memoryMb)");
        }
    }

    @Test
    void theMemoryBudgetIsAnOption() {
        Instance small = new World(ScenarioLoader.load("small"), 2).next();
        try (AedPolicy tight =
                AedPolicy.fromSettings(new PolicySettings(1, Map.of("aed.model", "lambo-s", "aed.memoryMb", "1")))) {
            assertThat(tight.decide(small, Prompt.MIN_LATENCY).size()).isEqualTo(small.n()); // 10 UEs: a few kB
            Instance many = new World(ScenarioLoader.load("small").withUes(400), 2).next(); // 400 UEs: about 16 MiB
            assertThatThrownBy(() -> tight.decide(many, Prompt.MIN_LATENCY))
                    .hasMessageContaining("N = 400 UEs")
                    .hasMessageContaining("budget of 1 MiB");
        }
        assertThatThrownBy(() -> Policies.create("aed", new PolicySettings(1, Map.of("aed.memoryMb", "0"))))
                .hasMessageContaining("aed.memoryMb")
                .hasMessageContaining("got 0");
    }
}
