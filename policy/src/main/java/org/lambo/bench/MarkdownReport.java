package org.lambo.bench;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.lambo.mec.Prompt;

/**
 * The bench's tables in Markdown, one per prompt, ready to paste into a paper's draft or a README: per policy the mean
 * latency per UE and the total energy (the prompt's figure with its 95 % confidence interval), the gap to the reference
 * (mean and p95, %), the rules broken, and the decision time (median and p95, ms). Under each table a line on the
 * reference's proven gaps and how the interval was computed.
 */
public final class MarkdownReport {
    private MarkdownReport() {}

    public static String render(BenchResult result) {
        BenchPlan plan = result.plan();
        StringBuilder md = new StringBuilder();
        for (Prompt prompt : plan.prompts()) {
            md.append(table(result, prompt)).append('\n');
        }
        return md.toString();
    }

    /** The table of one prompt, with its heading and notes. */
    public static String table(BenchResult result, Prompt prompt) {
        BenchPlan plan = result.plan();
        List<PolicySummary> rows = result.summaries(prompt);
        StringBuilder md = new StringBuilder();
        md.append("### ")
                .append(prompt.id())
                .append(" (")
                .append(prompt.phrase())
                .append(")\n\n");
        String gaps = plan.hasReference() ? ", gaps to `" + plan.reference() + "`" : ", no reference";
        if (plan.fromFiles()) {
            md.append(String.format(
                    Locale.ROOT,
                    "Instances from `%s` (%s), %d instance%s, seed %d for stochastic policies%s%s.%n%n",
                    plan.sourceName(),
                    plan.sizes(),
                    plan.instances(),
                    plan.instances() == 1 ? "" : "s",
                    plan.seed(),
                    gaps,
                    plan.labels().labels().isEmpty()
                            ? ""
                            : "; given decisions: "
                                    + String.join(", ", plan.labels().labels()) + " (no decision time)"));
        } else {
            md.append(String.format(
                    Locale.ROOT,
                    "Scenario `%s` (%s), %d instance%s x %d run%s, seed %d%s.%n%n",
                    plan.sourceName(),
                    plan.sizes(),
                    plan.instances(),
                    plan.instances() == 1 ? "" : "s",
                    plan.runs(),
                    plan.runs() == 1 ? "" : "s",
                    plan.seed(),
                    gaps));
        }
        boolean latency = prompt.equals(Prompt.MIN_LATENCY);
        if (prompt.weighted()) {
            md.append("Objective: ")
                    .append(prompt.objectiveName())
                    .append(", with L_local and E_local the instance's all-local totals (all-local = 1).\n\n");
        }
        md.append("| policy | mean latency per UE (s)")
                .append(latency ? " ± CI95" : "")
                .append(" | total energy (J)")
                .append(latency ? "" : " ± CI95")
                .append(" | gap mean (%) | gap p95 (%) | violations | decide median (ms) | decide p95 (ms) |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (PolicySummary s : rows) {
            String lat = fixed(s.meanLatencyS(), 3) + (latency ? ci(s.reportedCi95(), 3) : "");
            String en = fixed(s.totalEnergyJ(), 2) + (latency ? "" : ci(s.reportedCi95(), 2));
            String viol = s.violations() == 0
                    ? "0"
                    : "**" + s.violations() + " in " + s.invalidDecisions() + "/" + s.decisions() + " decisions**";
            md.append("| ")
                    .append(s.policy())
                    .append(s.violations() > 0 ? " (invalid)" : "")
                    .append(" | ")
                    .append(lat)
                    .append(" | ")
                    .append(en)
                    .append(" | ")
                    .append(percent(s.gapMean()))
                    .append(" | ")
                    .append(percent(s.gapP95()))
                    .append(" | ")
                    .append(viol)
                    .append(" | ")
                    .append(ms(s.decideMedianMs()))
                    .append(" | ")
                    .append(ms(s.decideP95Ms()))
                    .append(" |\n");
        }
        md.append('\n');
        boolean overRuns = !rows.isEmpty() && rows.get(0).ciOverRuns();
        md.append(
                overRuns
                        ? "CI95: Student t over the " + plan.runs() + " run means (each run: its own seed and "
                                + plan.instances() + " instances).\n"
                        : "CI95: Student t over the single decisions of one run; consecutive slots are correlated, so use `--runs` >= 2 for an interval to publish.\n");
        if (plan.hasReference()) md.append(referenceNote(result, prompt));
        return md.toString();
    }

    private static String referenceNote(BenchResult result, Prompt prompt) {
        List<ReferenceRow> refs = result.references(prompt);
        double[] proven = refs.stream()
                .mapToDouble(ReferenceRow::provenGap)
                .filter(g -> !Double.isNaN(g))
                .toArray();
        Map<String, Integer> statuses = new TreeMap<>();
        for (ReferenceRow r : refs) if (!r.status().isEmpty()) statuses.merge(statusWord(r.status()), 1, Integer::sum);
        StringBuilder sb = new StringBuilder("Reference `" + result.plan().reference() + "`: ");
        if (proven.length == 0) {
            sb.append("no proven bound (not an expert), gaps are to its objective.");
        } else {
            double max = 0;
            for (double g : proven) max = Math.max(max, g);
            sb.append("proven gap (objective - bound) / objective ")
                    .append(percent(Stats.mean(proven)))
                    .append(" % mean, ")
                    .append(percent(max))
                    .append(" % max");
            if (!statuses.isEmpty()) {
                sb.append("; status ");
                statuses.forEach((k, v) -> sb.append(k).append(" x").append(v).append(", "));
                sb.setLength(sb.length() - 2);
            }
            sb.append('.');
        }
        return sb.append('\n').toString();
    }

    /** The first word of a status (e.g. {@code OPTIMAL}, {@code heuristic:}), so statuses can be counted. */
    private static String statusWord(String status) {
        String w = status.trim().split("[\\s:,;]+")[0];
        return w.isEmpty() ? status : w;
    }

    static String fixed(double v, int decimals) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static String ci(double half, int decimals) {
        return Double.isNaN(half) ? "" : " ± " + fixed(half, decimals);
    }

    /** A fraction as a percentage with two decimals, or n/a. */
    static String percent(double fraction) {
        return Double.isNaN(fraction) ? "n/a" : String.format(Locale.ROOT, "%.2f", 100 * fraction);
    }

    /** Milliseconds with about three significant digits. */
    static String ms(double v) {
        if (Double.isNaN(v)) return "n/a";
        if (v >= 100) return String.format(Locale.ROOT, "%.0f", v);
        if (v >= 10) return String.format(Locale.ROOT, "%.1f", v);
        if (v >= 1) return String.format(Locale.ROOT, "%.2f", v);
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
