package org.lambo.are;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lambo.io.InputException;
import org.lambo.mec.CostModel;
import org.lambo.mec.Decision;
import org.lambo.mec.DecisionValidator;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.OffloadingPolicyContract;
import org.lambo.policy.Policies;
import org.lambo.policy.PolicySettings;
import org.lambo.scenario.ScenarioLoader;
import org.lambo.scenario.World;

class ArePolicyTest extends OffloadingPolicyContract {
    @Override
    protected OffloadingPolicy create(long seed) {
        return Policies.create("are", PolicySettings.ofSeed(seed));
    }

    private static List<Instance> slots(String scenario, long seed, int count) {
        World w = new World(ScenarioLoader.load(scenario), seed);
        List<Instance> out = new ArrayList<>();
        for (int k = 0; k < count; k++) out.add(w.next());
        return out;
    }

    /** The built-in networks on paper and fresh ones elsewhere: the rules ARE's decoding promises. */
    @ParameterizedTest
    @ValueSource(strings = {"min-latency", "min-energy"})
    void everyOffloadedUeMeetsItsDeadlineAndIsNoWorseOffThanLocal(String promptId) {
        Prompt prompt = Prompt.parse(promptId);
        for (String scenario : List.of("paper", "small", "are")) {
            try (ArePolicy are = (ArePolicy) create(3)) {
                for (Instance inst : slots(scenario, 21, 6)) {
                    AreDecoder.Result r = are.decideWithEntropy(inst, prompt);
                    Decision d = r.decision();
                    assertThat(DecisionValidator.violations(inst, d))
                            .as("%s %s", inst.id(), prompt)
                            .isEmpty();
                    for (int i = 0; i < inst.n(); i++) {
                        if (d.isLocal(i)) continue;
                        assertThat(d.share(i))
                                .isGreaterThanOrEqualTo(CostModel.minShare(inst, i, d.option(i)) * (1 - 1e-9));
                        assertThat(CostModel.cost(inst, i, d.option(i), d.share(i), prompt))
                                .isLessThanOrEqualTo(CostModel.cost(inst, i, Decision.LOCAL, 0, prompt) * (1 + 1e-12));
                    }
                    assertThat(r.meanEntropy()).isBetween(0.0, Math.log(inst.m() + 1) / Math.log(2) + 1e-9);
                }
            }
        }
    }

    /**
     * allocUE and corresult as the ARE code has them: a UE the correction left alone keeps the DNN's most probable
     * option, and the shares on each server are the DNN's requests scaled to sum to 1.
     */
    @ParameterizedTest
    @ValueSource(strings = {"min-latency", "min-energy"})
    void uncorrectedUesKeepTheArgmaxAndServersShareInProportionToTheRequests(String promptId) {
        Prompt prompt = Prompt.parse(promptId);
        int offloadedSeen = 0;
        try (ArePolicy are = (ArePolicy) create(4)) {
            for (Instance inst : slots("paper", 33, 5)) {
                AreDecoder.Result r = are.decideWithEntropy(inst, prompt);
                Decision d = r.decision();
                AreNetwork net = are.learned(prompt, inst.m()).network();
                float[][] rows = AreFeatures.encode(inst);
                double[] requestSum = new double[inst.m() + 1];
                int moved = 0;
                for (int i = 0; i < inst.n(); i++) {
                    if (d.option(i) != r.argmax()[i]) {
                        assertThat(d.isLocal(i))
                                .as("a correction only ever moves a UE to local")
                                .isTrue();
                        moved++;
                    } else if (!d.isLocal(i)) {
                        requestSum[d.option(i)] += net.forward(rows[i])[inst.m() + 1];
                    }
                }
                assertThat(r.corrected()).isEqualTo(moved);
                double[] used = new double[inst.m() + 1];
                for (int i = 0; i < inst.n(); i++) {
                    if (d.isLocal(i)) continue;
                    offloadedSeen++;
                    used[d.option(i)] += d.share(i);
                    assertThat(d.share(i))
                            .isCloseTo(net.forward(rows[i])[inst.m() + 1] / requestSum[d.option(i)], within(1e-6));
                }
                for (int j = 1; j <= inst.m(); j++)
                    if (used[j] > 0) assertThat(used[j]).isCloseTo(1.0, within(1e-9));
            }
        }
        assertThat(offloadedSeen).as("the built-in networks offload on paper").isPositive();
    }

    @Test
    void theBuiltInNetworksAreTrainedForPaperAndFreshOnesAreSeeded() {
        try (ArePolicy are = (ArePolicy) create(1)) {
            assertThat(are.learned(Prompt.MIN_LATENCY, 4).slots()).isPositive();
            assertThat(are.learned(Prompt.MIN_ENERGY, 4).slots()).isPositive();
            assertThat(are.learned(Prompt.MIN_ENERGY, 3).slots()).isZero(); // no M = 3 network ships: a fresh one
        }
        Instance inst = slots("small", 2, 1).get(0);
        try (ArePolicy a = new ArePolicy(AreSettings.defaults(), 5, null);
                ArePolicy b = new ArePolicy(AreSettings.defaults(), 5, null)) {
            assertThat(a.decide(inst, Prompt.MIN_LATENCY)).isEqualTo(b.decide(inst, Prompt.MIN_LATENCY));
        }
    }

    @Test
    void aSavedCheckpointDecidesAsThePolicyThatWroteIt(@TempDir Path dir) throws Exception {
        List<Instance> held = slots("small", 8, 4);
        List<Decision> before = new ArrayList<>();
        try (ArePolicy are = new ArePolicy(AreSettings.defaults().withHidden(new int[] {16}), 6, null)) {
            for (Instance inst : held) before.add(are.decide(inst, Prompt.MIN_ENERGY));
            are.save(dir);
        }
        AreCheckpoint ckpt = AreCheckpoint.read(dir);
        assertThat(ckpt.hidden()).containsExactly(16);
        assertThat(ckpt.find(Prompt.MIN_ENERGY, 3)).isPresent();
        try (ArePolicy back =
                (ArePolicy) Policies.create("are", new PolicySettings(99, Map.of("are.checkpoint", dir.toString())))) {
            for (int k = 0; k < held.size(); k++)
                assertThat(back.decide(held.get(k), Prompt.MIN_ENERGY)).isEqualTo(before.get(k));
        }
        assertThatThrownBy(() -> Policies.create(
                        "are", new PolicySettings(1, Map.of("are.checkpoint", dir.toString(), "are.hidden", "64,32"))))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("are.hidden")
                .hasMessageContaining("[16]");
    }

    @Test
    void badOptionsAndBadCheckpointsNameWhatIsWrong(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> Policies.create("are", new PolicySettings(1, Map.of("are.hiden", "8"))))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("are.hiden")
                .hasMessageContaining("are.hidden");
        assertThatThrownBy(() -> Policies.create("are", new PolicySettings(1, Map.of("are.hidden", "64,zero"))))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("64,zero");
        assertThatThrownBy(
                        () -> Policies.create("are", new PolicySettings(1, Map.of("are.checkpoint", dir.toString()))))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("no are.json");
        Files.writeString(
                dir.resolve(AreCheckpoint.INDEX),
                "{\"format\": 1, \"hidden\": [8], \"networks\": [{\"prompt\": \"min-latency\", "
                        + "\"servers\": 3, \"updates\": 0, \"slots\": 0, \"weights\": \"../elsewhere.params\"}]}");
        assertThatThrownBy(() -> AreCheckpoint.read(dir))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("networks[0].weights");
        Files.writeString(
                dir.resolve(AreCheckpoint.INDEX),
                "{\"format\": 1, \"hidden\": [8], \"networks\": [{\"prompt\": \"fastest\", "
                        + "\"servers\": 3, \"updates\": 0, \"slots\": 0, \"weights\": \"x.params\"}]}");
        assertThatThrownBy(() -> AreCheckpoint.read(dir))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("networks[0].prompt")
                .hasMessageContaining("'fastest'");
        Files.writeString(dir.resolve(AreCheckpoint.INDEX), "{\"format\": 2}");
        assertThatThrownBy(() -> AreCheckpoint.read(dir))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("format");
    }

    @Test
    void closeFreesTheNetworks() {
        ArePolicy are = (ArePolicy) create(1);
        are.decide(slots("small", 1, 1).get(0), Prompt.MIN_LATENCY);
        assertThat(are.networks()).hasSize(1);
        are.close();
        assertThat(are.networks()).isEmpty();
    }
}
