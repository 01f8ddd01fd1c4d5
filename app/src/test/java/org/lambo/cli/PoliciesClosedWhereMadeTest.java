package org.lambo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every policy a command makes is closed by it, once, when it is done with it, the ones it makes only to check the
 * options included: {@code trial} (its policy, the {@code --compare} expert, a policy made only to be refused for
 * {@code --online-alef}, and online ALEF's expert beside a learning policy), {@code bench}, {@code solve},
 * {@code are-train} (its experts, made to check their options and to label), {@code train} (its warm start's expert and
 * its reference) and {@code finetune} (ALEF's expert and reference), each run with the test policy
 * {@link CountedPolicy} ({@code counted}) that counts how many of it were made and closed.
 */
class PoliciesClosedWhereMadeTest {
    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Lambo.commandLine();
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    /** {@code lambo trial} of one slot of tiny with the policy {@code counted}, writing to {@code out}, then more. */
    private int trialOfCounted(String out, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "trial",
                "--scenario",
                "tiny",
                "--slots",
                "1",
                "--policy",
                "counted",
                "--out",
                dir.resolve(out).toString()));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    private void assertEveryOneClosedOnce(CountedPolicy.Tally t, int atLeast) {
        assertThat(t.made()).as("policies made").isGreaterThanOrEqualTo(atLeast);
        assertThat(t.closed()).as("of %d made, closed", t.made()).isEqualTo(t.made());
        assertThat(t.closedAgain()).as("closed more than once").isZero();
    }

    @Test
    void aTrialClosesItsPolicyAndItsComparisonsExpert() {
        CountedPolicy.Tally before = CountedPolicy.tally();
        assertThat(trialOfCounted("trial", "--compare", "counted", "--seed", "3"))
                .as(err.toString())
                .isZero();
        // run by the orchestrator, and the expert of --compare
        assertEveryOneClosedOnce(CountedPolicy.tally().since(before), 2);
    }

    @Test
    void aTrialClosesThePolicyItMadeOnlyToRefuseIt() {
        CountedPolicy.Tally before = CountedPolicy.tally();
        assertThat(trialOfCounted("refused", "--online-alef")).isEqualTo(Lambo.BAD_INPUT);
        assertThat(err.toString()).contains("--online-alef").contains("needs a policy that learns online");
        // made to see whether it learns online, refused before anything ran
        assertEveryOneClosedOnce(CountedPolicy.tally().since(before), 1);
    }

    @Test
    void aBenchClosesEveryPolicyItMade() {
        CountedPolicy.Tally before = CountedPolicy.tally();
        assertThat(run(
                        "bench",
                        "--scenario",
                        "tiny",
                        "--policies",
                        "counted",
                        "--reference",
                        "counted",
                        "--instances",
                        "2",
                        "--seed",
                        "3",
                        "--out",
                        dir.resolve("bench").toString(),
                        "--no-progress"))
                .as(err.toString())
                .isZero();
        assertEveryOneClosedOnce(CountedPolicy.tally().since(before), 2);
    }

    @Test
    void solveClosesThePolicyItMade() {
        Path file = dir.resolve("tiny.jsonl");
        assertThat(run("generate", "--scenario", "tiny", "--instances", "1", "--seed", "5", "--out", file.toString()))
                .as(err.toString())
                .isZero();
        CountedPolicy.Tally before = CountedPolicy.tally();
        assertThat(run("solve", "--instance", file.toString(), "--policy", "counted"))
                .as(err.toString())
                .isZero();
        assertEveryOneClosedOnce(CountedPolicy.tally().since(before), 1);
    }

    @Test
    void aTrialWithOnlineAlefClosesItsExpert() {
        CountedPolicy.Tally before = CountedPolicy.tally();
        assertThat(run(
                        "trial",
                        "--scenario",
                        "tiny",
                        "--slots",
                        "1",
                        "--policy",
                        "aed",
                        "--online-alef",
                        "--alef-expert",
                        "counted",
                        "--seed",
                        "3",
                        "--out",
                        dir.resolve("online").toString()))
                .as(err.toString())
                .isZero();
        // the expert that labels the slots the learning policy is unsure of
        assertEveryOneClosedOnce(CountedPolicy.tally().since(before), 1);
    }

    @Test
    void areTrainClosesTheExpertsItMade() {
        CountedPolicy.Tally before = CountedPolicy.tally();
        assertThat(run(
                        "are-train",
                        "--scenario",
                        "tiny",
                        "--expert",
                        "min-latency=counted",
                        "--pretrain-slots",
                        "2",
                        "--stream-slots",
                        "2",
                        "--epochs",
                        "1",
                        "--incremental-epochs",
                        "1",
                        "--validation",
                        "1",
                        "--eval-every",
                        "1",
                        "--seed",
                        "3",
                        "--out",
                        dir.resolve("are").toString()))
                .as(err.toString())
                .isZero();
        // made to check its options, then to label the pre-training and incremental slots
        assertEveryOneClosedOnce(CountedPolicy.tally().since(before), 2);
    }

    @Test
    void trainClosesItsWarmStartsExpertAndItsReference() throws Exception {
        Path model = dir.resolve("tiny-model.yaml");
        java.nio.file.Files.writeString(model, "name: cli-tiny\ndModel: 8\nheads: 2\nencoderLayers: 1\nffHidden: 8\n");
        CountedPolicy.Tally before = CountedPolicy.tally();
        assertThat(run(TrainArgs.tiny("tiny", model, dir.resolve("train"))
                        .with("--steps", 1)
                        .with("--imitate", "min-latency=counted,min-energy=greedy")
                        .with("--imitation-slots", 2)
                        .with("--imitation-epochs", 1)
                        .with("--reference", "counted")
                        .array()))
                .as(err.toString())
                .isZero();
        // the warm start's labeller of min-latency, and the reference the validation gaps are measured against
        assertEveryOneClosedOnce(CountedPolicy.tally().since(before), 2);
    }

    @Test
    void finetuneClosesItsExpertAndItsReference() {
        CountedPolicy.Tally before = CountedPolicy.tally();
        assertThat(run(
                        "finetune",
                        "--checkpoint",
                        org.lambo.run.BuiltInCheckpoints.PREFIX + org.lambo.run.BuiltInCheckpoints.AED,
                        "--scenario",
                        "tiny",
                        "--expert",
                        "counted",
                        "--reference",
                        "counted",
                        "--pool",
                        "2",
                        "--held-out",
                        "1",
                        "--labels",
                        "2",
                        "--rounds",
                        "1",
                        "--epochs",
                        "1",
                        "--batch",
                        "2",
                        "--seed",
                        "3",
                        "--no-progress",
                        "--out",
                        dir.resolve("finetune").toString()))
                .as(err.toString())
                .isZero();
        assertEveryOneClosedOnce(CountedPolicy.tally().since(before), 2);
    }
}
