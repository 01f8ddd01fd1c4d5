package org.lambo.bench;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.lambo.io.InputException;
import org.lambo.mec.Prompt;
import org.lambo.scenario.Scenario;

/**
 * The article's Figures 5 and 6 (the case study: mean latency per UE under {@code min-latency}, total energy under
 * {@code min-energy}) for a list of labelled entries, each a registered policy with its own options (so that LAMBO_L
 * and LAMBO_M, both the policy {@code aed}, differ by their checkpoint). Every entry runs through the bench
 * ({@link Bench#run}) on the same seeded instances (R runs of K consecutive slots, both prompts), so every decision
 * goes through the one validator and cost model and the statistics are the bench's ({@link PolicySummary}: the 95 %
 * interval over the R run means). Gaps are to the entry named as the reference (the exact {@code mip}), matched
 * instance by instance.
 */
public final class ArticleFigures {
    /** Both prompts of the case study, in the article's figure order (Figure 5, Figure 6). */
    public static final List<Prompt> PROMPTS = List.of(Prompt.MIN_LATENCY, Prompt.MIN_ENERGY);

    private ArticleFigures() {}

    /**
     * One bar of the figures.
     *
     * @param label what the figures call it, e.g. {@code LAMBO_L}
     * @param policy the registered policy that decides, e.g. {@code aed}
     * @param options the policy's options, e.g. {@code aed.checkpoint=DIR}
     */
    public record Entry(String label, String policy, Map<String, String> options) {
        public Entry {
            if (label == null || !label.matches("[A-Za-z0-9_.-]+"))
                throw new IllegalArgumentException("an entry's label must be a plain word, got '" + label + "'");
            options = Map.copyOf(options == null ? Map.of() : options);
        }

        /** {@code aed (aed.checkpoint=...)}: what the tables show beside the label. */
        public String describe() {
            if (options.isEmpty()) return policy;
            List<String> kv = new ArrayList<>();
            new java.util.TreeMap<>(options).forEach((k, v) -> kv.add(k + "=" + v));
            return policy + " (" + String.join(", ", kv) + ")";
        }
    }

    /** @param reference the label of the entry gaps are measured against, or null for none */
    public record Plan(
            Scenario scenario, long seed, int instances, int runs, int warmup, List<Entry> entries, String reference) {
        public Plan {
            if (scenario == null) throw new InputException("--scenario", "", "is missing");
            if (instances < 1) throw new InputException("--instances", "", "must be >= 1, got " + instances);
            if (runs < 1) throw new InputException("--runs", "", "must be >= 1, got " + runs);
            if (warmup < 0) throw new InputException("--warmup", "", "must be >= 0, got " + warmup);
            if (entries == null || entries.isEmpty())
                throw new InputException("figures", "", "need at least one policy");
            entries = List.copyOf(entries);
            LinkedHashSet<String> labels = new LinkedHashSet<>();
            for (Entry e : entries) {
                if (!labels.add(e.label()))
                    throw new IllegalArgumentException("label " + e.label() + " is given twice");
            }
            if (reference != null && !labels.contains(reference))
                throw new IllegalArgumentException("reference " + reference + " is not an entry");
        }

        /** The bench plan of one entry: that policy alone, no reference (its gaps are matched afterwards). */
        BenchPlan benchPlan(Entry e) {
            return BenchPlan.builder(scenario)
                    .seed(seed)
                    .instances(instances)
                    .runs(runs)
                    .prompts(PROMPTS)
                    .policies(List.of(e.policy()))
                    .reference(null)
                    .options(e.options())
                    .warmup(warmup)
                    .build();
        }
    }

    /** Every decision, by label, with gaps to the reference filled in. */
    public record Result(Plan plan, Map<String, List<BenchRow>> rows) {
        /** One summary per entry for a prompt, in the plan's order, named by the labels. */
        public List<PolicySummary> summaries(Prompt prompt) {
            List<PolicySummary> out = new ArrayList<>();
            for (Entry e : plan.entries()) {
                out.add(PolicySummary.of(
                        e.label(),
                        prompt,
                        rows.get(e.label()).stream()
                                .filter(r -> r.prompt().equals(prompt))
                                .toList()));
            }
            return out;
        }

        public long violations() {
            return rows.values().stream()
                    .flatMap(List::stream)
                    .mapToLong(BenchRow::violations)
                    .sum();
        }
    }

    /** Makes every entry's policy once, so that a bad option fails before anything runs. */
    public static void checkOptions(Plan plan) {
        for (Entry e : plan.entries()) Bench.checkOptions(plan.benchPlan(e));
    }

    /** Runs every entry through the bench; {@code progress} hears each decision with the entry's label. */
    public static Result run(Plan plan, Bench.Progress progress) {
        Map<String, List<BenchRow>> byLabel = new LinkedHashMap<>();
        for (Entry e : plan.entries()) {
            BenchResult r = Bench.run(plan.benchPlan(e), (policy, instance) -> progress.decided(e.label(), instance));
            List<BenchRow> mine = new ArrayList<>();
            for (BenchRow row : r.rows()) mine.add(relabel(row, e.label(), Double.NaN));
            byLabel.put(e.label(), mine);
        }
        if (plan.reference() != null) {
            Map<String, Double> best = new HashMap<>();
            for (BenchRow row : byLabel.get(plan.reference())) best.put(key(row), row.objective());
            for (Map.Entry<String, List<BenchRow>> en : byLabel.entrySet()) {
                List<BenchRow> withGaps = new ArrayList<>();
                for (BenchRow row : en.getValue()) {
                    Double b = best.get(key(row));
                    withGaps.add(relabel(
                            row,
                            row.policy(),
                            b == null ? Double.NaN : org.lambo.mec.Evaluation.gap(row.objective(), b)));
                }
                en.setValue(withGaps);
            }
        }
        return new Result(plan, byLabel);
    }

    private static String key(BenchRow r) {
        return r.prompt().id() + "/" + r.run() + "/" + r.instance();
    }

    private static BenchRow relabel(BenchRow r, String label, double gap) {
        return new BenchRow(
                label,
                r.prompt(),
                r.run(),
                r.instance(),
                r.objective(),
                r.meanLatencyS(),
                r.totalEnergyJ(),
                gap,
                r.violations(),
                r.firstViolation(),
                r.decideMs());
    }

    /** The figure's file name for a prompt: {@code figure-5-min-latency}, {@code figure-6-min-energy}. */
    public static String figureName(Prompt prompt) {
        return "figure-" + (5 + PROMPTS.indexOf(prompt)) + "-" + prompt.id();
    }

    /**
     * Writes {@code figure-5-min-latency.png}, {@code figure-6-min-energy.png}, {@code figures.csv} (one line per entry
     * and prompt), {@code decisions.csv} (every decision, the bench's columns after the label) and {@code figures.md}
     * into the folder.
     *
     * @param notes lines for the Markdown (e.g. which entry is missing and why), may be empty
     */
    public static List<Path> write(Result result, Path dir, String header, List<String> notes) throws IOException {
        Files.createDirectories(dir);
        List<Path> out = new ArrayList<>();
        Plan plan = result.plan();
        for (Prompt p : PROMPTS) {
            String title = "Figure " + (5 + PROMPTS.indexOf(p)) + ": "
                    + (p.equals(Prompt.MIN_LATENCY) ? "mean latency per UE" : "total energy") + " on "
                    + plan.scenario().name() + " (" + plan.instances()
                    + (plan.instances() == 1 ? " instance x " : " instances x ") + plan.runs()
                    + (plan.runs() == 1 ? " run" : " runs") + ", 95 % CI)";
            out.add(BenchCharts.save(
                    BenchCharts.reported(title, p, result.summaries(p)), dir.resolve(figureName(p) + ".png")));
        }
        Path csv = dir.resolve("figures.csv");
        try (Writer w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            w.write(
                    "figure,prompt,label,policy,reported_mean,reported_ci95,mean_latency_s,total_energy_j,gap_mean,gap_p95,violations,decisions,decide_median_ms\n");
            for (Prompt p : PROMPTS) {
                List<PolicySummary> sums = result.summaries(p);
                for (int k = 0; k < sums.size(); k++) {
                    PolicySummary s = sums.get(k);
                    w.write(String.join(
                            ",",
                            "" + (5 + PROMPTS.indexOf(p)),
                            p.id(),
                            s.policy(),
                            CsvReport.quote(plan.entries().get(k).describe()),
                            CsvReport.num(s.reportedMean()),
                            CsvReport.num(s.reportedCi95()),
                            CsvReport.num(s.meanLatencyS()),
                            CsvReport.num(s.totalEnergyJ()),
                            CsvReport.num(s.gapMean()),
                            CsvReport.num(s.gapP95()),
                            "" + s.violations(),
                            "" + s.decisions(),
                            CsvReport.num(s.decideMedianMs())));
                    w.write('\n');
                }
            }
        }
        out.add(csv);
        Path decisions = dir.resolve("decisions.csv");
        try (Writer w = Files.newBufferedWriter(decisions, StandardCharsets.UTF_8)) {
            w.write("label,run," + CsvReport.HEADER + "\n");
            for (List<BenchRow> rows : result.rows().values()) {
                for (BenchRow r : rows) {
                    Entry e = plan.entries().stream()
                            .filter(x -> x.label().equals(r.policy()))
                            .findFirst()
                            .orElseThrow();
                    w.write(String.join(
                            ",",
                            r.policy(),
                            "" + r.run(),
                            e.policy(),
                            r.prompt().id(),
                            r.instance(),
                            CsvReport.num(r.objective()),
                            CsvReport.num(r.meanLatencyS()),
                            CsvReport.num(r.totalEnergyJ()),
                            CsvReport.num(r.gap()),
                            "" + r.violations(),
                            Double.isNaN(r.decideMs()) ? "" : String.format(Locale.ROOT, "%.3f", r.decideMs())));
                    w.write('\n');
                }
            }
        }
        out.add(decisions);
        Path md = dir.resolve("figures.md");
        Files.writeString(
                md, (header == null ? "" : header + "\n\n") + markdown(result, notes), StandardCharsets.UTF_8);
        out.add(md);
        return out;
    }

    /** The two tables (Figure 5, Figure 6) with the entries' policies and options, and the notes. */
    public static String markdown(Result result, List<String> notes) {
        Plan plan = result.plan();
        StringBuilder md = new StringBuilder();
        for (Prompt p : PROMPTS) {
            boolean latency = p.equals(Prompt.MIN_LATENCY);
            int fig = 5 + PROMPTS.indexOf(p);
            md.append("### Figure ")
                    .append(fig)
                    .append(": ")
                    .append(latency ? "mean latency per UE" : "total energy")
                    .append(" (")
                    .append(p.id())
                    .append(")\n\n");
            md.append(String.format(
                    Locale.ROOT,
                    "Scenario `%s` (N = %d, M = %d), %d instance%s x %d run%s, seed %d%s; `%s.png`.%n%n",
                    plan.scenario().name(),
                    plan.scenario().ues(),
                    plan.scenario().servers().size(),
                    plan.instances(),
                    plan.instances() == 1 ? "" : "s",
                    plan.runs(),
                    plan.runs() == 1 ? "" : "s",
                    plan.seed(),
                    plan.reference() == null ? ", no reference" : ", gaps to `" + plan.reference() + "`",
                    figureName(p)));
            md.append("| | policy | ")
                    .append(latency ? "mean latency per UE (s) ± CI95" : "total energy (J) ± CI95")
                    .append(" | gap mean (%) | gap p95 (%) | violations | decide median (ms) |\n");
            md.append("|---|---|---:|---:|---:|---:|---:|\n");
            List<PolicySummary> sums = result.summaries(p);
            for (int k = 0; k < sums.size(); k++) {
                PolicySummary s = sums.get(k);
                int decimals = latency ? 3 : 2;
                String ci =
                        Double.isNaN(s.reportedCi95()) ? "" : " ± " + MarkdownReport.fixed(s.reportedCi95(), decimals);
                md.append("| ")
                        .append(s.policy())
                        .append(s.violations() > 0 ? " (invalid)" : "")
                        .append(" | `")
                        .append(plan.entries().get(k).describe())
                        .append('`')
                        .append(" | ")
                        .append(MarkdownReport.fixed(s.reportedMean(), decimals))
                        .append(ci)
                        .append(" | ")
                        .append(MarkdownReport.percent(s.gapMean()))
                        .append(" | ")
                        .append(MarkdownReport.percent(s.gapP95()))
                        .append(" | ")
                        .append(s.violations())
                        .append(" | ")
                        .append(MarkdownReport.ms(s.decideMedianMs()))
                        .append(" |\n");
            }
            md.append('\n');
            md.append(
                    !sums.isEmpty() && sums.get(0).ciOverRuns()
                            ? "CI95: Student t over the " + plan.runs() + " run means (each run its own seed and "
                                    + plan.instances() + " consecutive slots).\n"
                            : "CI95: over single decisions of one run (consecutive, correlated slots): use `--runs` >= 2 for error bars to publish.\n");
            md.append('\n');
        }
        for (String n : notes) md.append(n).append('\n');
        return md.toString();
    }
}
