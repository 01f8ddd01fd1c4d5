package org.lambo.expert.de;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.mec.SequentialState;
import org.lambo.mec.ShareAllocation;
import org.lambo.policy.Policies;
import org.lambo.policy.PolicySettings;
import org.lambo.scenario.ScenarioLoader;
import org.lambo.scenario.World;

class RepairTest {
    private final Instance paper = new World(ScenarioLoader.load("paper"), 5).next();

    @Test
    void everyoneOnOneServerBecomesFeasibleAndKeepsTheUesThatFit() {
        for (int j = 1; j <= paper.m(); j++) {
            int[] options = new int[paper.n()];
            Arrays.fill(options, j);
            assertThat(ShareAllocation.best(paper, options))
                    .as("the test needs an overloaded server")
                    .isEmpty();
            int moved = new Repair(paper, Prompt.MIN_LATENCY).repair(options);
            assertThat(ShareAllocation.best(paper, options)).isPresent();
            int stayed = 0;
            for (int o : options) if (o == j) stayed++;
            assertThat(stayed + moved).isEqualTo(paper.n());
            assertThat(moved).isPositive();
        }
    }

    @Test
    void aFeasibleAssignmentIsLeftAlone() {
        for (Prompt p : Prompt.values()) {
            int[] options = Policies.create("greedy", PolicySettings.ofSeed(1))
                    .decide(paper, p)
                    .options();
            int[] before = options.clone();
            assertThat(new Repair(paper, p).repair(options)).isZero();
            assertThat(options).isEqualTo(before);
        }
    }

    @Test
    void aDownServerIsVacated() {
        var servers = new java.util.ArrayList<>(paper.servers());
        servers.set(0, servers.get(0).withUp(false));
        Instance cut = paper.withServers(servers).withId("cut");
        int[] options = new int[cut.n()];
        Arrays.fill(options, 1);
        new Repair(cut, Prompt.MIN_ENERGY).repair(options);
        for (int o : options) assertThat(o).isNotEqualTo(1);
        assertThat(ShareAllocation.best(cut, options)).isPresent();
    }

    @Test
    void theUesThatStayOnAnOverloadedServerAreThoseThatNeedLeast() {
        int j = 1;
        int[] options = new int[paper.n()];
        Arrays.fill(options, j);
        new Repair(paper, Prompt.MIN_LATENCY).repair(options);
        SequentialState s = new SequentialState(paper);
        double maxStayed = 0;
        double minMoved = Double.POSITIVE_INFINITY;
        for (int i = 0; i < paper.n(); i++) {
            if (options[i] == j) maxStayed = Math.max(maxStayed, s.minShare(i, j));
            else minMoved = Math.min(minMoved, s.minShare(i, j));
        }
        assertThat(maxStayed).isLessThanOrEqualTo(minMoved);
    }
}
