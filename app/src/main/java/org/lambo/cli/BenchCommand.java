package org.lambo.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.lambo.bench.Bench;
import org.lambo.bench.BenchPlan;
import org.lambo.bench.BenchReports;
import org.lambo.bench.BenchResult;
import org.lambo.bench.BenchRow;
import org.lambo.bench.InstanceSet;
import org.lambo.bench.MarkdownReport;
import org.lambo.io.InputException;
import org.lambo.mec.Prompt;
import org.lambo.policy.Policies;
import org.lambo.run.RunDirectory;
import org.lambo.scenario.FamilyLoader;
import org.lambo.scenario.Scenario;
import org.lambo.scenario.ScenarioFamily;
import org.lambo.scenario.ScenarioSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lambo bench}: the thin command-line layer over {@link Bench}. It reads the flags into a {@link BenchPlan}
 * (which rejects bad ones before anything is written), creates the run directory, shows a progress bar on stderr,
 * writes the reports and prints the tables. Exit 0, or 1 when some decision broke a rule (the tables say which), or 2
 * for bad input.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Runs policies on K seeded instances of a scenario, or on every instance of a file (or folder of files),",
            "for each prompt, and writes bench.csv, bench.md, reference.csv and PNG charts.",
            "Gaps are to the reference (default mip), which is solved once per instance and prompt.",
            "With instances from a file, --seed (default 1) seeds the stochastic policies."
        },
        footer = {
            "",
            "Policies: see `lambo bench --list`. Examples:",
            "  lambo bench --scenario paper --policies mip,de,greedy \\",
            "      --instances 20 --runs 3 --seed 7 --out runs/bench",
            "  lambo bench --scenario paper --policies mip,de,greedy,aed \\",
            "      --pareto 0,0.3,0.5,0.7,1 --instances 5 --out runs/pareto",
            "  lambo bench --instances measured.jsonl --policies mip,de,greedy \\",
            "      --out runs/measured        (docs/INSTANCE_FORMAT.md)"
        })
public final class BenchCommand implements Callable<Integer> {
    @Mixin
    SharedOptions.PolicyOptions options = new SharedOptions.PolicyOptions();

    @Mixin
    SharedOptions.WorldSeed seed;

    @Spec
    CommandSpec spec;

    @Mixin
    SharedOptions.ScenarioOption scenario = new SharedOptions.ScenarioOption("paper");

    @Option(
            names = "--test-grid",
            description = "With a scenario family: run on its held-out test grid instead of K draws.")
    boolean testGrid;

    @Option(
            names = "--prompts",
            defaultValue = "min-latency,min-energy",
            paramLabel = "Q[,Q...]",
            description = "Prompts, comma-separated (default: ${DEFAULT-VALUE}).")
    String prompts;

    @Option(
            names = "--pareto",
            arity = "0..1",
            fallbackValue = PARETO_WEIGHTS,
            paramLabel = "W[,W...]",
            description = {
                "Latency-energy fronts: runs the prompts weighted:W for these weights of latency (given alone: "
                        + PARETO_WEIGHTS + ")",
                "instead of --prompts, runs the reference too, and writes pareto.csv, pareto.md and pareto.png beside the tables."
            })
    String pareto;

    /** The weights {@code --pareto} runs when given without a list. */
    static final String PARETO_WEIGHTS = "0,0.1,0.3,0.5,0.7,0.9,1";

    @Option(
            names = "--policies",
            defaultValue = "mip,de,greedy,nearest,random,local",
            paramLabel = "P[,P...]",
            description = "Policies in table order, comma-separated (default: ${DEFAULT-VALUE}).")
    String policies;

    @Option(
            names = "--reference",
            defaultValue = "mip",
            paramLabel = "P",
            description =
                    "Policy the gaps are measured against, run even when not in --policies; none for no gaps (default: ${DEFAULT-VALUE}).")
    String reference;

    @Option(
            names = "--instances",
            defaultValue = "5",
            paramLabel = "K|FILE",
            description = {
                "A number K: consecutive slots of the scenario per run (default: ${DEFAULT-VALUE}).",
                "Otherwise an instance file (JSON lines) or a folder of *.jsonl files: every instance once, in file order",
                "(a file named only with digits: write ./5)."
            })
    String instances;

    @Option(
            names = "--runs",
            defaultValue = "1",
            paramLabel = "R",
            description =
                    "Independently seeded runs; with R >= 2 the 95 %% CI is over run means (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Run directory for the results (required, except with --list).")
    Path out;

    @Option(
            names = "--warmup",
            defaultValue = "0",
            paramLabel = "W",
            description =
                    "Untimed decisions per policy and prompt on the first instance before timing starts (JIT warm-up; default: ${DEFAULT-VALUE}).")
    int warmup;

    @Mixin
    SharedOptions.NoProgress noProgress;

    @Option(names = "--list", description = "List the known policies and exit.")
    boolean list;

    @Override
    public Integer call() throws Exception {
        PrintStream stdout = System.out;
        if (list) {
            Policies.descriptions().forEach((k, v) -> stdout.printf("%-10s %s%n", k, v));
            return 0;
        }
        if (out == null) throw new InputException("--out", "", "is required: the run directory for the results");
        org.lambo.io.OutputPaths.requireDirectory("--out", out);
        BenchPlan.Builder builder;
        Scenario s = null;
        ScenarioSource src = isCount(instances) ? FamilyLoader.load(scenario.value()) : null;
        if (testGrid && !(src instanceof ScenarioFamily))
            throw new InputException("--test-grid", "", "needs --scenario with a scenario family");
        if (src instanceof ScenarioFamily f) {
            // a family: K draws (or the test grid) as a given instance set, so bench and evaluate treat them like a
            // file
            List<org.lambo.mec.Instance> slots = GenerateCommand.familySlots(f, testGrid, seed.value, count(instances));
            builder = BenchPlan.builder(new InstanceSet(f.name() + (testGrid ? "-test" : ""), slots))
                    .seed(seed.or(1))
                    .runs(runs);
        } else if (isCount(instances)) {
            s = (Scenario) src;
            builder = BenchPlan.builder(s)
                    .seed(seed.or(s.seed()))
                    .instances(count(instances))
                    .runs(runs);
        } else {
            if (spec.commandLine().getParseResult().hasMatchedOption("--scenario"))
                throw new InputException(
                        "--scenario", "", "cannot be given with --instances FILE: the instances come from the file");
            builder = BenchPlan.builder(InstanceSet.read(Path.of(instances)))
                    .seed(seed.or(1))
                    .runs(runs);
        }
        List<String> names = BenchPlan.parseNames(policies);
        List<Prompt> qs;
        if (pareto != null) {
            if (spec.commandLine().getParseResult().hasMatchedOption("--prompts")) {
                throw new InputException(
                        "--pareto", pareto, "chooses the prompts (weighted:W for each weight): leave out --prompts");
            }
            qs = paretoPrompts(pareto);
            // the front is drawn beside the reference's (mip: the exact front), so the reference is benched as a policy
            if (!"none".equals(reference) && !names.contains(reference)) names.add(0, reference);
        } else {
            qs = BenchPlan.parsePrompts(prompts);
        }
        BenchPlan plan = builder.prompts(qs)
                .policies(names)
                .reference(reference)
                .options(options.pairs())
                .warmup(warmup)
                .build();
        return runAndReport(spec, plan, s, "bench", out, noProgress.value);
    }

    /** {@code --pareto 0,0.5,1}: weighted:W for each W, each once, every W a number in [0, 1]. */
    static List<Prompt> paretoPrompts(String weights) {
        List<Prompt> out = new java.util.ArrayList<>();
        for (String w : weights.split(",", -1)) {
            Prompt p;
            try {
                p = Prompt.parse("weighted:" + w.trim());
            } catch (IllegalArgumentException e) {
                throw new InputException(
                        "--pareto", weights, "every weight must be a number in [0, 1], got '" + w.trim() + "'");
            }
            if (out.contains(p))
                throw new InputException("--pareto", weights, "names the weight " + w.trim() + " twice");
            out.add(p);
        }
        return out;
    }

    /** Whether {@code --instances} is a count (digits only) rather than a file. */
    static boolean isCount(String value) {
        return value.matches("[+-]?[0-9]+");
    }

    private static int count(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new InputException(
                    "--instances", "", "must be a count of at most " + Integer.MAX_VALUE + ", got " + value);
        }
    }

    /**
     * Runs a checked plan and reports it: the run folder (when {@code out} is given), a progress bar on stderr, the
     * tables on stdout, and the exit code (1 when a decision broke a rule). Shared with {@code lambo evaluate}.
     */
    static int runAndReport(CommandSpec spec, BenchPlan plan, Scenario s, String command, Path out, boolean noProgress)
            throws Exception {
        PrintStream stdout = System.out;
        Bench.checkOptions(plan);
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        RunDirectory run = out == null ? null : RunDirectory.create(out, command, args, s, plan.seed());

        BenchResult result;
        boolean timed = plan.policies().stream().anyMatch(p -> !plan.isLabel(p))
                || (plan.hasReference() && !plan.isLabel(plan.reference()));
        try (ConsoleProgress.Count count = ConsoleProgress.count(
                ConsoleProgress.of(noProgress || !timed), command, "decisions", plan.decisions(), 0)) {
            result = Bench.run(plan, (policy, instance) -> count.step(policy + " " + instance));
        }
        String header = "# lambo " + command + "\n\n`lambo " + String.join(" ", args) + "`  \n"
                + "git " + RunDirectory.gitRevision() + ", Java " + System.getProperty("java.version") + ", "
                + Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch");
        if (run != null) {
            BenchReports.write(result, run.path(), header);
            stdout.print(Files.readString(run.resolve("bench.md")));
            if (Files.exists(run.resolve("pareto.md"))) stdout.print(Files.readString(run.resolve("pareto.md")));
            stdout.println(
                    "wrote " + run.path() + "/{bench.csv, bench.md, " + (plan.hasReference() ? "reference.csv, " : "")
                            + "*.png, " + (Files.exists(run.resolve("pareto.md")) ? "pareto.csv, pareto.md, " : "")
                            + (s != null ? "scenario.yaml, " : "") + "run.json}");
        } else {
            stdout.print(header + "\n\n" + MarkdownReport.render(result));
        }
        if (result.violations() > 0) {
            java.io.PrintWriter err = spec.commandLine().getErr();
            int shown = 0;
            for (BenchRow r : result.rows()) {
                if (r.violations() == 0 || shown++ >= 5) continue;
                err.println("lambo " + command + ": " + r.policy() + " on " + r.instance() + " ("
                        + r.prompt().id() + "): " + r.violations() + " rule" + (r.violations() == 1 ? "" : "s")
                        + " broken, first " + r.firstViolation());
            }
            err.println("lambo " + command + ": " + result.violations()
                    + " rule violations in the decisions (see the violations column)");
            return 1;
        }
        return 0;
    }
}
