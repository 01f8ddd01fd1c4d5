package org.lambo.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.lambo.bench.BenchPlan;
import org.lambo.bench.DecisionJson;
import org.lambo.bench.GivenDecisions;
import org.lambo.bench.InstanceSet;
import org.lambo.io.InputException;
import org.lambo.io.OutputPaths;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lambo evaluate}: costs, validates and compares decisions one already has (another tool's labels, a hand-made
 * assignment) on the instances of a file, through the bench: each label is a row of the bench's tables, scored by the
 * one {@code CostModel} and checked by the one {@code DecisionValidator}. Policies may be benched beside them, and gaps
 * measured to {@code mip} (or any policy or label). Exit 0, or 1 when a decision broke a rule (stderr names the first
 * ones), or 2 for bad input.
 */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description = {
            "Costs and validates given decisions (JSON lines: options, and shares or a rule: equal or best) on the",
            "instances of a file, with the bench's tables; optionally beside policies and with gaps to a reference."
        },
        footer = {
            "",
            "The decisions file: docs/INSTANCE_FORMAT.md, \"Given decisions\". Example:",
            "  lambo evaluate --instance measured.jsonl --decisions labels.jsonl \\",
            "      --reference mip --out runs/labels"
        })
public final class EvaluateCommand implements Callable<Integer> {
    @Mixin
    SharedOptions.PolicyOptions options = new SharedOptions.PolicyOptions();

    @Mixin
    SharedOptions.RunSeed seed;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--instance",
            required = true,
            paramLabel = "FILE",
            description = "Instance file (JSON lines), or a folder of *.jsonl files.")
    Path instanceFile;

    @Option(
            names = "--decisions",
            required = true,
            paramLabel = "FILE",
            description = "Given decisions (JSON lines), one per instance and label.")
    Path decisionsFile;

    @Option(
            names = "--prompts",
            defaultValue = "min-latency,min-energy",
            paramLabel = "Q[,Q...]",
            description = "Prompts the decisions are scored for, comma-separated (default: ${DEFAULT-VALUE}).")
    String prompts;

    @Option(
            names = "--policies",
            defaultValue = "",
            paramLabel = "P[,P...]",
            description = "Policies to bench beside the given decisions, comma-separated (default: none).")
    String policies;

    @Option(
            names = "--reference",
            defaultValue = "none",
            paramLabel = "P",
            description =
                    "Policy or label the gaps are measured against, e.g. mip; none for no gaps (default: ${DEFAULT-VALUE}).")
    String reference;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Run directory for bench.csv, bench.md, charts (default: print the tables only).")
    Path out;

    @Mixin
    SharedOptions.NoProgress noProgress;

    @Override
    public Integer call() throws Exception {
        if (out != null) OutputPaths.requireDirectory("--out", out);
        InstanceSet set = InstanceSet.read(instanceFile);
        GivenDecisions labels = DecisionJson.read(decisionsFile, set);
        List<String> rows = new ArrayList<>(labels.labels());
        for (String p : BenchPlan.parseNames(policies)) {
            if (rows.contains(p))
                throw new InputException(
                        "--policies", "", "names '" + p + "', which is a label of the given decisions");
            rows.add(p);
        }
        BenchPlan plan = BenchPlan.builder(set)
                .seed(seed.value)
                .labels(labels)
                .prompts(BenchPlan.parsePrompts(prompts))
                .policies(rows)
                .reference(reference)
                .options(options.pairs())
                .build();
        return BenchCommand.runAndReport(spec, plan, null, "evaluate", out, noProgress.value);
    }
}
