package org.lambo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.lambo.aed.AedModel;
import org.lambo.bench.ArticleFigures;
import org.lambo.io.InputException;
import org.lambo.run.BuiltInCheckpoints;
import org.lambo.run.RunDirectory;
import org.lambo.scenario.Scenario;
import org.lambo.scenario.ScenarioLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lambo figures}: the article's Figures 5 and 6 for the case study, LAMBO_L, LAMBO_M, DE, ARE and DROO and
 * beside them {@code mip}, {@code greedy} and all-local, through the bench ({@link ArticleFigures}). LAMBO_L is the AED
 * with a {@code lambo-l} checkpoint: the shipped {@code aed-paper-lambo-l} or {@code --lambo-l DIR}; {@code --lambo-l
 * none}, or none given and none shipped, leaves it out and says so, on the console and in {@code figures.md}. Exit 0, 1
 * when a decision broke a rule, 2 for bad input.
 */
@Command(
        name = "figures",
        mixinStandardHelpOptions = true,
        description = {
            "Writes the article's Figures 5 and 6 (case study: mean latency per UE under min-latency, total energy under",
            "min-energy) for LAMBO_L, LAMBO_M, DE, ARE, DROO, mip, greedy and all-local, as PNG, CSV and Markdown,",
            "with 95 %% CI error bars over seeded runs. --option reaches every entry; --lambo-l and --lambo-m set aed.checkpoint."
        },
        footer = {
            "",
            "Example:",
            "  lambo figures --instances 10 --runs 5 --out runs/figures \\",
            "      --lambo-l runs/lambo-l/checkpoint"
        })
public final class FiguresCommand implements Callable<Integer> {
    @Mixin
    SharedOptions.ScenarioOption scenario = new SharedOptions.ScenarioOption("paper");

    @Mixin
    SharedOptions.PolicyOptions options = new SharedOptions.PolicyOptions();

    @Mixin
    SharedOptions.WorldSeed seed;

    @Mixin
    SharedOptions.OutFolder out;

    /** The built-in lambo-l checkpoint LAMBO_L takes when {@code --lambo-l} is not given, if one ships. */
    static final String BUILT_IN_LAMBO_L = "aed-paper-lambo-l";

    static final String BUILT_IN_LAMBO_M = "aed-paper-lambo-m";

    @Spec
    CommandSpec spec;

    @Option(
            names = "--instances",
            defaultValue = "10",
            paramLabel = "K",
            description = "Consecutive slots per run (default: ${DEFAULT-VALUE}).")
    int instances;

    @Option(
            names = "--runs",
            defaultValue = "5",
            paramLabel = "R",
            description =
                    "Independently seeded runs; the error bars are the 95 %% CI over the R run means (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(
            names = "--lambo-l",
            paramLabel = "DIR",
            description =
                    "AED checkpoint of LAMBO_L (a lambo-l model, e.g. DIR/checkpoint of `lambo train --model lambo-l`), builtin:NAME, or none to leave LAMBO_L out (default: builtin:"
                            + BUILT_IN_LAMBO_L
                            + " when it ships).")
    String lamboL;

    @Option(
            names = "--lambo-m",
            defaultValue = "builtin:" + BUILT_IN_LAMBO_M,
            paramLabel = "DIR",
            description = "AED checkpoint of LAMBO_M (a lambo-m model; default: ${DEFAULT-VALUE}).")
    String lamboM;

    @Option(
            names = "--warmup",
            defaultValue = "0",
            paramLabel = "W",
            description = "Untimed warm-up decisions per policy and prompt (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Mixin
    SharedOptions.NoProgress noProgress;

    @Override
    public Integer call() throws Exception {
        PrintStream stdout = System.out;
        PrintWriter err = spec.commandLine().getErr();
        org.lambo.io.OutputPaths.requireDirectory("--out", out.value);
        Map<String, String> common = options.pairs();
        if (common.containsKey("aed.checkpoint") || common.containsKey("aed.model")) {
            throw new InputException(
                    "--option",
                    common.containsKey("aed.checkpoint") ? "aed.checkpoint" : "aed.model",
                    "is set per entry: give LAMBO_L's and LAMBO_M's checkpoints with --lambo-l and --lambo-m");
        }
        Scenario sc = ScenarioLoader.load(scenario.value);
        List<String> notes = new ArrayList<>();
        String l = lamboL;
        if (l == null && BuiltInCheckpoints.AEDS.contains(BUILT_IN_LAMBO_L))
            l = BuiltInCheckpoints.PREFIX + BUILT_IN_LAMBO_L;
        List<ArticleFigures.Entry> entries = new ArrayList<>();
        if ("none".equals(l)) {
            String why = "LAMBO_L is left out: --lambo-l none";
            err.println("lambo figures: " + why);
            err.flush();
            notes.add(why);
        } else if (l == null) {
            String why =
                    "LAMBO_L is left out: no lambo-l checkpoint ships with this build and --lambo-l was not given. Train one with "
                            + "`lambo train --scenario paper --model lambo-l --imitate min-latency=de,min-energy=mip --imitation-slots 512 "
                            + "--imitation-epochs 16 --steps 100 --batch 8 --samples 4 --lr 5e-5 --eval-every 25 --checkpoint-every 25 --seed 1 "
                            + "--out runs/lambo-l` (checkpoints/README.md) and give `--lambo-l runs/lambo-l/checkpoint`.";
            err.println("lambo figures: " + why);
            err.flush();
            notes.add(why);
        } else {
            entries.add(aed("LAMBO_L", "--lambo-l", l, "lambo-l", common));
        }
        entries.add(aed("LAMBO_M", "--lambo-m", lamboM, "lambo-m", common));
        entries.add(new ArticleFigures.Entry("DE", "de", common));
        entries.add(new ArticleFigures.Entry("ARE", "are", common));
        entries.add(new ArticleFigures.Entry("DROO", "droo", common));
        entries.add(new ArticleFigures.Entry("mip", "mip", common));
        entries.add(new ArticleFigures.Entry("greedy", "greedy", common));
        entries.add(new ArticleFigures.Entry("all-local", "local", common));
        ArticleFigures.Plan plan =
                new ArticleFigures.Plan(sc, seed.or(sc.seed()), instances, runs, warmup, entries, "mip");
        ArticleFigures.checkOptions(plan);
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        RunDirectory run = RunDirectory.create(out.value, "figures", args, sc, plan.seed());
        ArticleFigures.Result result;
        long decisions = (long) entries.size() * runs * instances * ArticleFigures.PROMPTS.size();
        try (ConsoleProgress.Count count =
                ConsoleProgress.count(ConsoleProgress.of(noProgress), "figures", "decisions", decisions, 0)) {
            result = ArticleFigures.run(plan, (label, instance) -> count.step(label + " " + instance));
        }
        String header = "# lambo figures\n\n`lambo " + String.join(" ", args) + "`  \n"
                + "git " + RunDirectory.gitRevision() + ", Java " + System.getProperty("java.version") + ", "
                + Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch");
        ArticleFigures.write(result, run.path(), header, notes);
        stdout.print(Files.readString(run.resolve("figures.md")));
        stdout.println("wrote " + run.path() + "/{" + ArticleFigures.figureName(ArticleFigures.PROMPTS.get(0))
                + ".png, " + ArticleFigures.figureName(ArticleFigures.PROMPTS.get(1))
                + ".png, figures.csv, figures.md, decisions.csv, scenario.yaml, run.json}");
        if (result.violations() > 0) {
            err.println("lambo figures: " + result.violations()
                    + " rule violations in the decisions (see the violations column)");
            return 1;
        }
        return 0;
    }

    /**
     * An AED entry whose checkpoint must hold the named model size: a lambo-m folder given as LAMBO_L would draw the
     * wrong bar under the right name.
     */
    static ArticleFigures.Entry aed(
            String label, String flag, String checkpoint, String model, Map<String, String> common) {
        Path dir;
        if (checkpoint.startsWith(BuiltInCheckpoints.PREFIX)) {
            dir = BuiltInCheckpoints.folder(
                    BuiltInCheckpoints.named(checkpoint.substring(BuiltInCheckpoints.PREFIX.length())));
        } else {
            dir = Path.of(checkpoint);
            if (!Files.isRegularFile(dir.resolve(AedModel.META))) {
                throw new InputException(
                        flag,
                        checkpoint,
                        "holds no AED checkpoint (no " + AedModel.META
                                + "); give the checkpoint folder, e.g. runs/lambo-l/checkpoint");
            }
        }
        JsonNode meta = AedModel.readMeta(dir);
        String name = meta.path("config").path("name").asText("");
        if (!name.equals(model)) {
            throw new InputException(
                    flag,
                    checkpoint,
                    "is a " + (name.isEmpty() ? "model of unknown size" : name) + " checkpoint, " + label + " needs "
                            + model);
        }
        Map<String, String> opts = new LinkedHashMap<>(common);
        opts.put("aed.checkpoint", checkpoint);
        opts.putIfAbsent("aed.localSearch", "0"); // the article's LAMBO: the model's decisions, no search after them
        return new ArticleFigures.Entry(label, "aed", opts);
    }
}
