package org.lambo.agents.expert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lambo.agents.Vocabulary;
import org.lambo.agents.testing.NearestFitPolicy;
import org.lambo.mec.CostModel;
import org.lambo.mec.Decision;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.ontology.Label;
import org.lambo.ontology.LabelRequest;
import org.lambo.ontology.OffloadingRequest;
import org.lambo.ontology.Proposal;
import org.lambo.ontology.ServerState;
import org.lambo.scenario.Scenario;
import org.lambo.scenario.ScenarioLoader;
import org.lambo.scenario.World;

class LabellerTest {
    private final Scenario scenario = ScenarioLoader.load("small");
    private final Instance world = new World(scenario, 9).next();

    private LabelRequest request(String id, String prompt) {
        List<ServerState> servers = new ArrayList<>();
        for (int j = 1; j <= world.m(); j++) servers.add(Vocabulary.serverState(world, j, "server-" + j, 0));
        List<OffloadingRequest> requests = new ArrayList<>();
        for (int i = 0; i < world.n(); i++)
            requests.add(
                    new OffloadingRequest(0, Vocabulary.ueState(world, i, "ue-" + i), Vocabulary.task(world, i, 0)));
        return new LabelRequest(
                id,
                0,
                org.lambo.io.PromptId.parse(prompt),
                Vocabulary.channel(scenario.channel().params()),
                servers,
                requests);
    }

    @Test
    void theLabelIsThePolicysDecisionOnTheRebuiltSlotWithItsObjective() {
        Labeller l = new Labeller("expert-nf", new NearestFitPolicy(), 0.5);
        Label label = l.label(request("r1", "min-energy"));
        Decision d = new NearestFitPolicy().decide(world, Prompt.MIN_ENERGY);
        assertThat(label.options())
                .containsExactlyElementsOf(
                        java.util.Arrays.stream(d.options()).boxed().toList());
        assertThat(label.objective()).isEqualTo(CostModel.evaluate(world, d).totalEnergy());
        assertThat(label.bound()).as("a heuristic proves no bound").isNull();
        assertThat(label.status()).isEqualTo(Label.Status.HEURISTIC);
        assertThat(label.requestId()).isEqualTo("r1");
    }

    @Test
    void aWeightedPromptIsLabelledByTheExactExpertWithItsWeightedObjective() {
        Labeller l = new Labeller("expert-mip", new org.lambo.expert.mip.MipExpert(), 0.5);
        Label label = l.label(request("rw", "weighted:0.3"));
        Prompt w = Prompt.weighted(0.3);
        org.lambo.policy.Solution best = new org.lambo.expert.mip.MipExpert().solve(world, w);
        assertThat(label.objective())
                .isCloseTo(best.objective(), org.assertj.core.api.Assertions.within(1e-4 * best.objective()));
        assertThat(label.objective()).isLessThan(1.0); // all-local is worth exactly 1 under a weighted prompt
        assertThat(label.bound()).isNotNull();
        assertThat(label.status().name())
                .as("the expert's own status")
                .isEqualTo(best.status().name());
    }

    @Test
    void aBidsTimeToAnswerGrowsWithTheLabelsItOwes() {
        Labeller l = new Labeller("expert-nf", new NearestFitPolicy(), 2.0);
        Proposal first = l.propose(request("a", "min-latency"));
        Proposal second = l.propose(request("b", "min-latency"));
        assertThat(first.cost()).isEqualTo(2.0);
        assertThat(first.timeToAnswerS()).isEqualTo(2.0);
        assertThat(second.timeToAnswerS()).isEqualTo(4.0);
        l.release();
        l.release();
        assertThat(l.propose(request("c", "min-latency")).timeToAnswerS()).isEqualTo(2.0);
    }

    @Test
    void solvingMovesTheEstimateTowardsTheMeasuredTime() {
        Labeller l = new Labeller("expert-nf", new NearestFitPolicy(), 100.0);
        l.label(request("r", "min-latency"));
        assertThat(l.meanSolveS()).isLessThan(100.0).isGreaterThan(100.0 * (1 - Labeller.SMOOTHING) - 1e-9);
    }

    @Test
    void aPolicyThatBreaksTheRulesGivesNoLabel() {
        org.lambo.policy.OffloadingPolicy overbooks = new org.lambo.policy.OffloadingPolicy() {
            @Override
            public String name() {
                return "overbooks";
            }

            @Override
            public Decision decide(Instance inst, Prompt prompt) {
                int[] options = new int[inst.n()];
                double[] shares = new double[inst.n()];
                java.util.Arrays.fill(options, 1);
                java.util.Arrays.fill(shares, 1.0);
                return new Decision(options, shares);
            }
        };
        Labeller l = new Labeller("expert-bad", overbooks, 0);
        assertThatThrownBy(() -> l.label(request("r", "min-latency"))).hasMessageContaining("invalid decision");
    }
}
