package org.lambo.are;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.baseline.GreedyPolicy;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.scenario.ScenarioLoader;
import org.lambo.scenario.World;

class AreTrainerTest {
    private static AreTrainer.Options options(int pretrain, int stream, Map<Prompt, String> experts) {
        return new AreTrainer.Options(pretrain, stream, 10, 10, 3, experts, Map.of());
    }

    private static List<AreTrainer.Row> train(double entropyThreshold, int pretrain, int stream, Prompt prompt) {
        AreSettings s = new AreSettings(new int[] {64, 32}, 1.5, 0.5, entropyThreshold, 100, 5);
        try (ArePolicy policy = new ArePolicy(s, 3, null)) {
            return new AreTrainer(
                            policy, ScenarioLoader.load("small"), options(pretrain, stream, Map.of(prompt, "greedy")))
                    .train(r -> {});
        }
    }

    @Test
    void theEntropyGateAdmitsEverySlotAtZeroAndNoneAboveTheMaximum() {
        List<AreTrainer.Row> all = train(0.0, 10, 20, Prompt.MIN_ENERGY);
        AreTrainer.Row last = all.get(all.size() - 1);
        assertThat(last.phase()).isEqualTo("stream");
        assertThat(last.step()).isEqualTo(20);
        assertThat(last.admitted()).isEqualTo(20);
        assertThat(last.labelled()).isEqualTo(30);
        assertThat(all.stream().map(AreTrainer.Row::phase)).containsExactly("pretrain", "stream", "stream");
        // log2(4 options) = 2 bits is the most a slot of M = 3 can have
        List<AreTrainer.Row> none = train(2.0 + 1e-9, 10, 20, Prompt.MIN_ENERGY);
        assertThat(none.get(none.size() - 1).admitted()).isZero();
        assertThat(none.get(none.size() - 1).labelled()).isEqualTo(10);
        assertThat(none.get(none.size() - 1).loss()).isNaN(); // nothing trained in the stream
    }

    /**
     * Pre-training on the expert's labels lowers the DNN's loss on held-out slots the expert labelled (from the toolbox
     * initialisation's saturated start: seen 5.8 -> 1.0), and its argmax agrees with the expert more often than its
     * untrained draw.
     */
    @Test
    void preTrainingTeachesTheExpertsChoices() {
        Prompt prompt = Prompt.MIN_ENERGY;
        AreSettings s = new AreSettings(new int[] {64, 32}, 1.5, 0.5, 0.7, 200, 10);
        World w = new World(ScenarioLoader.load("small"), 77);
        SlotMemory held = new SlotMemory(20);
        List<Instance> heldSlots = new ArrayList<>();
        for (int k = 0; k < 20; k++) {
            Instance inst = w.next();
            heldSlots.add(inst);
            held.add(SlotMemory.label(inst, new GreedyPolicy().decide(inst, prompt)));
        }
        try (ArePolicy policy = new ArePolicy(s, 3, null)) {
            AreNetwork net = policy.learned(prompt, 3).network();
            double lossBefore = net.loss(held.batch());
            double agreeBefore = agreement(policy, heldSlots, prompt);
            new AreTrainer(policy, ScenarioLoader.load("small"), options(40, 0, Map.of(prompt, "greedy")))
                    .train(r -> {});
            double lossAfter = net.loss(held.batch());
            double agreeAfter = agreement(policy, heldSlots, prompt);
            System.out.printf(
                    "held-out loss %.3f -> %.3f, agreement with the expert's options %.3f -> %.3f%n",
                    lossBefore, lossAfter, agreeBefore, agreeAfter);
            assertThat(lossAfter).isLessThan(lossBefore * 0.5);
            assertThat(agreeAfter).isGreaterThan(agreeBefore);
        }
    }

    private static double agreement(ArePolicy p, List<Instance> held, Prompt prompt) {
        GreedyPolicy g = new GreedyPolicy();
        int same = 0;
        int all = 0;
        for (Instance inst : held) {
            int[] mine = p.decideWithEntropy(inst, prompt).argmax();
            org.lambo.mec.Decision expert = g.decide(inst, prompt);
            for (int i = 0; i < inst.n(); i++, all++) if (mine[i] == expert.option(i)) same++;
        }
        return (double) same / all;
    }

    @Test
    void theMemoryPushesOutItsOldestSlot() {
        SlotMemory m = new SlotMemory(2);
        World w = new World(ScenarioLoader.load("tiny"), 1);
        GreedyPolicy g = new GreedyPolicy();
        List<String> ids = new ArrayList<>();
        SlotMemory.Slot out = null;
        for (int k = 0; k < 3; k++) {
            Instance inst = w.next();
            ids.add(inst.id());
            out = m.add(SlotMemory.label(inst, g.decide(inst, Prompt.MIN_LATENCY)));
            if (k < 2) assertThat(out).isNull();
        }
        assertThat(out.instance()).isEqualTo(ids.get(0));
        assertThat(m.instances()).containsExactly(ids.get(1), ids.get(2));
        assertThat(m.batch().size()).isEqualTo(2 * 6);
    }

    @Test
    void theCurveIsOneLinePerReport(@TempDir Path dir) throws Exception {
        Map<Prompt, String> experts = new LinkedHashMap<>();
        experts.put(Prompt.MIN_LATENCY, "greedy");
        experts.put(Prompt.MIN_ENERGY, "mip");
        try (ArePolicy policy = new ArePolicy(new AreSettings(new int[] {8}, 1.5, 0.5, 0.7, 5, 2), 3, null)) {
            List<AreTrainer.Row> rows =
                    new AreTrainer(policy, ScenarioLoader.load("tiny"), options(3, 10, experts)).train(r -> {});
            AreTrainer.append(dir, rows);
            List<String> lines = Files.readAllLines(dir.resolve(AreTrainer.CSV));
            assertThat(lines.get(0)).isEqualTo(AreTrainer.HEADER);
            assertThat(lines).hasSize(1 + 2 * 2);
            assertThat(lines.get(1)).startsWith("min-latency,pretrain,5,3,0,");
            assertThat(lines.get(4)).startsWith("min-energy,stream,10,");
            assertThat(policy.save(dir.resolve("ckpt")).entries()).hasSize(2);
        }
    }
}
