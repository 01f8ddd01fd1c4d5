package org.lambo.droo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.lambo.baseline.GreedyPolicy;
import org.lambo.io.InputException;
import org.lambo.mec.CostModel;
import org.lambo.mec.Decision;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.mec.SequentialState;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.OffloadingPolicyContract;
import org.lambo.policy.Policies;
import org.lambo.policy.PolicySettings;
import org.lambo.rng.Seeds;
import org.lambo.scenario.ScenarioLoader;
import org.lambo.scenario.World;

class DrooPolicyTest extends OffloadingPolicyContract {
    @Override
    protected OffloadingPolicy create(long seed) {
        return Policies.create("droo", PolicySettings.ofSeed(seed));
    }

    private static DrooPolicy small(long seed) {
        return new DrooPolicy(
                DrooSettings.builder().hidden(64, 32).learningRate(3e-3).build(), seed);
    }

    @ParameterizedTest
    @MethodSource("org.lambo.mec.Prompt#values")
    void theDecisionIsTheBestOfItsQuantisedCandidates(Prompt prompt) {
        DrooPolicy policy = small(1);
        World w = new World(ScenarioLoader.load("small"), 9);
        for (int f = 0; f < 40; f++) {
            Instance inst = w.next();
            DrooLearner l = policy.learner(prompt, inst.n(), inst.m());
            int k = l.candidates();
            DrooLearner.Frame frame = l.infer(inst);
            // replay the frame: the network's relaxed decision, its K candidates, each repaired and scored
            SequentialState fresh = new SequentialState(inst);
            boolean[][] allowed = new boolean[inst.n()][];
            for (int i = 0; i < inst.n(); i++) allowed[i] = fresh.mask(i);
            double[][] p = l.network().probabilities(StateFeatures.encode(inst), allowed);
            List<int[]> cands = OrderPreservingQuantizer.candidates(p, k);
            double best = Double.POSITIVE_INFINITY;
            for (int[] c : cands)
                best = Math.min(
                        best,
                        CostModel.evaluate(inst, CandidateRepair.repair(inst, c, p))
                                .objective(prompt));
            assertThat(frame.candidates()).isEqualTo(cands.size());
            assertThat(frame.objective())
                    .isEqualTo(best)
                    .isEqualTo(CostModel.evaluate(inst, frame.decision()).objective(prompt));
            l.learn(inst);
        }
    }

    /**
     * The point of DROO: trained online on its own best candidates, the DNN's first guess (candidate 1, no search) gets
     * better. Measured against greedy on held-out slots before and after 300 frames (seen here: min-latency 1.206 ->
     * 1.125, min-energy 1.148 -> 1.054; the test asks for 0.02).
     */
    @ParameterizedTest
    @MethodSource("org.lambo.mec.Prompt#values")
    void onlineTrainingImprovesTheNetworksOwnGuess(Prompt prompt) {
        DrooSettings one = DrooSettings.builder()
                .hidden(64, 32)
                .learningRate(3e-3)
                .maxCandidates(1)
                .adaptInterval(0)
                .build();
        DrooPolicy policy = small(2);
        World train = new World(ScenarioLoader.load("small"), 10);
        World heldWorld = new World(ScenarioLoader.load("small"), 99);
        List<Instance> held = new ArrayList<>();
        for (int k = 0; k < 30; k++) held.add(heldWorld.next());
        DrooLearner learner = policy.learner(prompt, 10, 3);
        double before = firstGuessRatio(learner, one, held, prompt);
        for (int f = 0; f < 300; f++) learner.learn(train.next());
        double after = firstGuessRatio(learner, one, held, prompt);
        assertThat(after).as("first-guess cost / greedy, before %.4f", before).isLessThan(before - 0.02);
    }

    /** Mean cost of the network's argmax decision (repaired) over greedy's. */
    private static double firstGuessRatio(DrooLearner learner, DrooSettings one, List<Instance> held, Prompt prompt) {
        DrooLearner guess = new DrooLearner(prompt, learner.network(), one, Seeds.stream(0, "unused"), 0, 1);
        double sum = 0;
        for (Instance inst : held) {
            double g = CostModel.evaluate(inst, new GreedyPolicy().decide(inst, prompt))
                    .objective(prompt);
            sum += guess.infer(inst).objective() / g;
        }
        return sum / held.size();
    }

    @Test
    void trainsEveryIntervalAndAdaptsK() {
        DrooPolicy policy = new DrooPolicy(
                DrooSettings.builder()
                        .hidden(16)
                        .trainingInterval(5)
                        .adaptInterval(8)
                        .build(),
                3);
        World w = new World(ScenarioLoader.load("small"), 11);
        DrooLearner l = policy.learner(Prompt.MIN_LATENCY, 10, 3);
        assertThat(l.candidates()).isEqualTo(10); // K starts at N
        int maxWinner = 0;
        for (int f = 1; f <= 16; f++) {
            DrooLearner.Frame fr = l.learn(w.next());
            assertThat(fr.trained()).as("frame %d", f).isEqualTo(f % 5 == 0);
            if (f > 8) maxWinner = Math.max(maxWinner, fr.winner());
        }
        assertThat(l.network().trainingSteps()).isEqualTo(3);
        assertThat(l.memory().size()).isEqualTo(16);
        assertThat(l.candidates()).isEqualTo(Math.min(maxWinner + 2, 10));
    }

    @Test
    void eachPromptAndSlotShapeGetsItsOwnLearner() {
        DrooPolicy policy = small(4);
        Instance tiny = new World(ScenarioLoader.load("tiny"), 1).next();
        Instance small = new World(ScenarioLoader.load("small"), 1).next();
        for (Prompt p : Prompt.values()) {
            policy.decide(tiny, p);
            policy.decide(small, p);
            policy.decide(small, p);
        }
        assertThat(policy.learners()).hasSize(4);
        assertThat(policy.learner(Prompt.MIN_ENERGY, 10, 3).frames()).isEqualTo(2);
    }

    @Test
    void aCheckpointRoundTripsToTheSameDecisions(@TempDir Path dir) throws Exception {
        DrooPolicy trained = small(5);
        World w = new World(ScenarioLoader.load("small"), 12);
        for (int f = 0; f < 50; f++) {
            Instance inst = w.next();
            for (Prompt p : Prompt.values()) trained.decide(inst, p);
        }
        trained.save(dir);
        assertThat(Files.list(dir).map(x -> x.getFileName().toString()))
                .containsExactlyInAnyOrder("droo.json", "min-latency-n10-m3.params", "min-energy-n10-m3.params");
        OffloadingPolicy loaded = Policies.create(
                "droo",
                PolicySettings.ofSeed(77)
                        .with("droo.checkpoint", dir.toString())
                        .with("droo.learn", "false"));
        for (int f = 0; f < 5; f++) {
            Instance inst = w.next();
            for (Prompt p : Prompt.values()) {
                DrooLearner original = trained.learner(p, 10, 3);
                DrooLearner.Frame expected = original.infer(inst);
                Decision got = loaded.decide(inst, p);
                assertThat(got).isEqualTo(expected.decision());
                assertThat(((DrooPolicy) loaded).learner(p, 10, 3).candidates()).isEqualTo(original.candidates());
                assertThat(((DrooPolicy) loaded).learner(p, 10, 3).frames()).isEqualTo(original.frames());
            }
        }
        trained.close();
        ((DrooPolicy) loaded).close();
    }

    @Test
    void aCheckpointIndexWithABadPromptOrThatIsNotUtf8IsRefusedNamingTheFieldOrTheFile(@TempDir Path dir)
            throws Exception {
        Path index = dir.resolve(DrooCheckpoint.INDEX);
        Files.writeString(
                index,
                "{\"format\": 1, \"hidden\": [8], \"learners\": [{\"prompt\": \"fastest\", \"ues\": 10, "
                        + "\"servers\": 3, \"frames\": 0, \"candidates\": 1, \"weights\": \"x.params\"}]}");
        assertThatThrownBy(() -> DrooCheckpoint.read(dir))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith(index + ": field 'learners[0].prompt'")
                .hasMessageContaining("'fastest'");
        Files.write(index, new byte[] {'{', (byte) 0xff, (byte) 0xfe, '}'});
        assertThatThrownBy(() -> DrooCheckpoint.read(dir))
                .isInstanceOf(InputException.class)
                .hasMessage(index + ": is not UTF-8 text");
    }

    @Test
    void aCheckpointIndexThatNamesOneSizeTwiceOrASizeOverTheLimitsIsRefusedNamingTheField(@TempDir Path dir)
            throws Exception {
        Path index = dir.resolve(DrooCheckpoint.INDEX);
        Files.writeString(dir.resolve("a.params"), "");
        Files.writeString(dir.resolve("b.params"), "");
        String learner = "{\"prompt\": \"min-latency\", \"ues\": 10, \"servers\": 3, \"frames\": 0, \"candidates\": 1, "
                + "\"weights\": \"%s\"}";
        Files.writeString(
                index,
                "{\"format\": 1, \"hidden\": [8], \"learners\": [" + learner.formatted("a.params") + ", "
                        + learner.formatted("b.params") + "]}");
        assertThatThrownBy(() -> DrooCheckpoint.read(dir))
                .isInstanceOf(InputException.class)
                .hasMessage(index + ": field 'learners[1].prompt' names min-latency with N = 10, M = 3 twice");
        Files.writeString(
                index,
                "{\"format\": 1, \"hidden\": [8], \"learners\": ["
                        + learner.formatted("a.params").replace("\"servers\": 3", "\"servers\": 100000") + "]}");
        assertThatThrownBy(() -> DrooCheckpoint.read(dir))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith(index + ": field 'learners[0].servers'")
                .hasMessageContaining("100000");
    }

    @Test
    void badOptionsAreErrorsThatNameTheOption(@TempDir Path dir) {
        assertThatThrownBy(() -> create("droo.k", "-1"))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("droo.k")
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> create("droo.hidden", "wide"))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("droo.hidden")
                .hasMessageContaining("wide");
        assertThatThrownBy(() -> create("droo.learn", "maybe"))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("droo.learn")
                .hasMessageContaining("maybe");
        assertThatThrownBy(() -> create("droo.lr", "fast"))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("droo.lr")
                .hasMessageContaining("fast");
        assertThatThrownBy(() -> create("droo.memroy", "10"))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("droo.memroy");
        assertThatThrownBy(
                        () -> create("droo.checkpoint", dir.resolve("nowhere").toString()))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("droo.checkpoint")
                .hasMessageContaining("nowhere");
    }

    @Test
    void aCheckpointOfOtherHiddenWidthsConflictsWithAnExplicitOption(@TempDir Path dir) throws Exception {
        DrooPolicy p = small(6);
        p.decide(new World(ScenarioLoader.load("tiny"), 1).next(), Prompt.MIN_LATENCY);
        p.save(dir);
        p.close();
        assertThatThrownBy(() -> Policies.create(
                        "droo",
                        PolicySettings.ofSeed(1)
                                .with("droo.checkpoint", dir.toString())
                                .with("droo.hidden", "8")))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("droo.hidden")
                .hasMessageContaining("[64, 32]");
        // without droo.hidden, the checkpoint's widths are used
        DrooPolicy loaded =
                (DrooPolicy) Policies.create("droo", PolicySettings.ofSeed(1).with("droo.checkpoint", dir.toString()));
        assertThat(loaded.settings().hidden()).containsExactly(64, 32);
        loaded.close();
    }

    private static OffloadingPolicy create(String key, String value) {
        return Policies.create("droo", PolicySettings.ofSeed(1).with(key, value));
    }
}
