package org.lambo.droo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.lambo.baseline.GreedyPolicy;
import org.lambo.mec.Decision;
import org.lambo.mec.DecisionValidator;
import org.lambo.mec.EdgeServer;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.mec.SequentialState;
import org.lambo.mec.ShareAllocation;
import org.lambo.rng.Seeds;
import org.lambo.scenario.ScenarioLoader;
import org.lambo.scenario.World;

class CandidateRepairTest {
    /** Slots of small and paper, some with a random server down. */
    static List<Instance> instances(int perScenario, long seed) {
        RandomGenerator rng = Seeds.stream(seed, "test/repair-down");
        List<Instance> out = new ArrayList<>();
        for (String s : List.of("tiny", "small", "paper")) {
            World w = new World(ScenarioLoader.load(s), seed);
            for (int k = 0; k < perScenario; k++) {
                Instance inst = w.next();
                if (rng.nextBoolean()) {
                    List<EdgeServer> servers = new ArrayList<>(inst.servers());
                    int down = rng.nextInt(servers.size());
                    servers.set(down, servers.get(down).withUp(false));
                    inst = inst.withServers(servers).withId(inst.id() + "-down" + (down + 1));
                }
                out.add(inst);
            }
        }
        return out;
    }

    private static double[][] randomProbabilities(RandomGenerator rng, int n, int options) {
        double[][] p = new double[n][options];
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int j = 0; j < options; j++) sum += p[i][j] = rng.nextDouble();
            for (int j = 0; j < options; j++) p[i][j] /= sum;
        }
        return p;
    }

    @Test
    void everyRepairedCandidatePassesTheValidatorEvenOnDownServers() {
        RandomGenerator rng = Seeds.stream(1, "test/repair");
        for (Instance inst : instances(15, 21)) {
            for (int trial = 0; trial < 10; trial++) {
                int[] candidate = new int[inst.n()];
                for (int i = 0; i < inst.n(); i++)
                    candidate[i] = rng.nextInt(inst.m() + 1); // down and overfull servers included
                Decision d = CandidateRepair.repair(inst, candidate, randomProbabilities(rng, inst.n(), inst.m() + 1));
                assertThat(DecisionValidator.violations(inst, d)).as(inst.id()).isEmpty();
            }
        }
    }

    @Test
    void aFeasibleCandidateKeepsEveryOptionAndGetsTheWaterFilledShares() {
        RandomGenerator rng = Seeds.stream(2, "test/repair-feasible");
        for (Instance inst : instances(5, 22)) {
            for (Prompt prompt : Prompt.values()) {
                int[] feasible = new GreedyPolicy().decide(inst, prompt).options();
                Decision d = CandidateRepair.repair(inst, feasible, randomProbabilities(rng, inst.n(), inst.m() + 1));
                assertThat(d.options()).containsExactly(feasible);
                assertThat(d).isEqualTo(ShareAllocation.require(inst, feasible));
            }
        }
    }

    @Test
    void aUeThatNoLongerFitsTakesItsMostProbableOptionThatStillFits() {
        Instance inst = new World(ScenarioLoader.load("small"), 5).next();
        int n = inst.n();
        int m = inst.m();
        // everybody asks for the slowest server, which cannot host them all; server 2 is everyone's runner-up
        int[] all1 = new int[n];
        java.util.Arrays.fill(all1, 1);
        double[][] p = new double[n][m + 1];
        for (int i = 0; i < n; i++) {
            p[i][0] = 0.05;
            p[i][1] = 0.6 - 0.01 * i; // UE 0 surest of server 1, so placed first
            p[i][2] = 0.3;
            p[i][3] = 0.05 + 0.01 * i;
        }
        Decision d = CandidateRepair.repair(inst, all1, p);
        assertThat(DecisionValidator.violations(inst, d)).isEmpty();
        SequentialState replay = new SequentialState(inst);
        int moved = 0;
        for (int i = 0; i < n; i++) { // the placement order is the index order here
            if (replay.feasible(i, 1)) {
                assertThat(d.option(i)).as("UE %d still fits on server 1", i).isEqualTo(1);
            } else {
                moved++;
                int expected = 0;
                for (int j = 1; j <= m; j++) if (replay.feasible(i, j) && p[i][j] > p[i][expected]) expected = j;
                assertThat(d.option(i)).as("UE %d", i).isEqualTo(expected);
            }
            replay.assign(i, d.option(i), 0.0);
        }
        assertThat(moved).as("server 1 cannot host all %d UEs", n).isPositive();
    }
}
