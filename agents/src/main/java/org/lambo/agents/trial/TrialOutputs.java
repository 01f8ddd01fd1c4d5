package org.lambo.agents.trial;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.lambo.agents.bridge.DeviceSummary;
import org.lambo.agents.platform.ContainerDropout;
import org.lambo.chart.Charts;
import org.lambo.ontology.TaskReport;
import org.lambo.scenario.DriftEvent;

/**
 * Writes what a trial produced into its run folder: {@code slots.csv} (one row per slot and UE; its {@code measured}
 * column says whether the realised costs were measured on a device rather than computed by the model),
 * {@code summary.md}, and three PNG plots (XChart, rendered headless): {@code latency.png} (mean latency per slot,
 * predicted and realised), {@code energy.png} (total energy per slot, predicted and realised) and {@code split.png}
 * (how many UEs ran locally and on each server, per slot). A scenario's drift events are listed in the summary and
 * marked on every plot by a vertical line at their slot, labelled with what changed ({@link DriftMarks}).
 */
public final class TrialOutputs {
    /** The columns of {@code slots.csv}. */
    public static final List<String> COLUMNS = List.of(
            "slot",
            "ue",
            "task",
            "option",
            "share",
            "predicted_latency_s",
            "predicted_energy_j",
            "realised_latency_s",
            "realised_energy_j",
            "outcome",
            "reason",
            "measured");

    private TrialOutputs() {}

    /** Writes every output; {@code header} lines (scenario, seed, ...) open the summary. */
    public static void write(TrialResult r, int servers, Map<String, String> header, Path dir) throws IOException {
        write(r, servers, List.of(), header, dir);
    }

    /** As {@link #write(TrialResult, int, Map, Path)}, with the scenario's drift events listed and marked. */
    public static void write(TrialResult r, int servers, List<DriftEvent> drift, Map<String, String> header, Path dir)
            throws IOException {
        Files.createDirectories(dir);
        writeCsv(r, dir.resolve("slots.csv"));
        writeReports(r, servers, drift, header, dir);
    }

    /**
     * Writes {@code summary.md} and the plots, not {@code slots.csv}: for a trial whose rows a {@link SlotJournal}
     * wrote as its slots ended.
     */
    public static void writeReports(TrialResult r, int servers, Map<String, String> header, Path dir)
            throws IOException {
        writeReports(r, servers, List.of(), header, dir);
    }

    /** As {@link #writeReports(TrialResult, int, Map, Path)}, with the scenario's drift events listed and marked. */
    public static void writeReports(
            TrialResult r, int servers, List<DriftEvent> drift, Map<String, String> header, Path dir)
            throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("summary.md"), summary(r, servers, drift, header), StandardCharsets.UTF_8);
        Charts.png(latencyChart(r, drift), dir.resolve("latency.png"));
        Charts.png(energyChart(r, drift), dir.resolve("energy.png"));
        Charts.png(splitChart(r, servers, drift), dir.resolve("split.png"));
    }

    static void writeCsv(TrialResult r, Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(String.join(",", COLUMNS));
            w.write('\n');
            for (TaskReport t : r.reports()) {
                w.write(SlotJournal.row(t, r.devices() != null && r.devices().measured(t)));
                w.write('\n');
            }
        }
    }

    static String summary(TrialResult r, int servers, Map<String, String> header) {
        return summary(r, servers, List.of(), header);
    }

    static String summary(TrialResult r, int servers, List<DriftEvent> drift, Map<String, String> header) {
        StringBuilder sb = new StringBuilder("# Trial\n\n");
        header.forEach(
                (k, v) -> sb.append("- ").append(k).append(": ").append(v).append('\n'));
        sb.append("- policy: ")
                .append(r.policy())
                .append("\n- prompt: ")
                .append(r.prompt().id())
                .append('\n');
        sb.append(String.format(
                Locale.ROOT,
                "- slots: %d, tasks: %d, completed: %d, failed: %d%n",
                r.slots().size(),
                r.tasks(),
                r.completed(),
                r.tasks() - r.completed()));
        sb.append(String.format(Locale.ROOT, "- wall time: %.2f s%n", r.wallS()));
        sb.append(String.format(
                Locale.ROOT,
                "- largest relative gap between realised and predicted cost: %.3g%n%n",
                r.maxPredictionError()));

        List<TaskReport> done =
                r.reports().stream().filter(TaskReport::completed).toList();
        sb.append("## Costs of the completed tasks\n\n| | predicted | realised |\n|---|---|---|\n");
        if (done.isEmpty()) { // no mean of nothing: never NaN in a summary
            sb.append(
                    "| mean latency per task (s) | none completed | none completed |\n| mean energy per task (J) | none completed | none completed |\n\n");
        } else {
            sb.append(String.format(
                    Locale.ROOT,
                    "| mean latency per task (s) | %.4f | %.4f |%n",
                    mean(done.stream()
                            .mapToDouble(TaskReport::predictedLatencyS)
                            .toArray()),
                    mean(done.stream().mapToDouble(TaskReport::realisedLatencyS).toArray())));
            sb.append(String.format(
                    Locale.ROOT,
                    "| mean energy per task (J) | %.4f | %.4f |%n%n",
                    mean(done.stream().mapToDouble(TaskReport::predictedEnergyJ).toArray()),
                    mean(done.stream().mapToDouble(TaskReport::realisedEnergyJ).toArray())));
        }

        int[] split = new int[servers + 1];
        for (TaskReport t : r.reports()) if (t.option() >= 0 && t.option() <= servers) split[t.option()]++;
        sb.append("## Where the tasks ran\n\n| option | tasks |\n|---|---|\n| local | ")
                .append(split[0])
                .append(" |\n");
        for (int j = 1; j <= servers; j++)
            sb.append("| server ").append(j).append(" | ").append(split[j]).append(" |\n");

        double[] rtt =
                r.slots().stream().mapToDouble(SlotRecord::roundTripMs).sorted().toArray();
        sb.append(
                rtt.length == 0
                        ? String.format(
                                Locale.ROOT,
                                "%n## Slot round trip (slot start to last report)%n%n- mean -, median -, max - (no slot ran)%n")
                        : String.format(
                                Locale.ROOT,
                                "%n## Slot round trip (slot start to last report)%n%n- mean %.1f ms, median %.1f ms, max %.1f ms%n",
                                mean(rtt),
                                rtt[rtt.length / 2],
                                rtt[rtt.length - 1]));

        sb.append("\n| slot | tasks | completed | round trip (ms) |\n|---|---|---|---|\n");
        for (SlotRecord s : r.slots()) {
            sb.append(String.format(
                    Locale.ROOT,
                    "| %d | %d | %d | %.1f |%n",
                    s.slot(),
                    s.reports().size(),
                    s.completed(),
                    s.roundTripMs()));
        }

        sb.append(DriftMarks.section(drift, r.slots()));
        sb.append(RoundTrips.section(
                r.reports(), r.devices() == null ? null : r.devices().devices(), r.links()));
        sb.append(dropouts(r.dropouts()));
        sb.append(realTime(r.slots()));
        if (r.devices() != null) sb.append(simToReal(r, r.devices()));
        if (r.alef() != null) sb.append(onlineAlef(r.alef()));

        List<FailureReasons.Row> reasons = FailureReasons.rows(r.reports());
        if (!reasons.isEmpty()) {
            sb.append("\n## Why tasks failed\n\n| reason | tasks |\n|---|---|\n");
            reasons.forEach(row -> sb.append("| ")
                    .append(row.reason().replace("|", "\\|"))
                    .append(" | ")
                    .append(row.tasks())
                    .append(" |\n"));
        }
        sb.append(refusals(org.lambo.agents.Discipline.snapshot()));
        return sb.toString();
    }

    /**
     * The times the main container lost a peripheral container ({@code lambo trial --dropout-ms}): how many were kept
     * and removed, and one row each (which container, when it last answered, how long it went without answering, how
     * that ended and how the loss was seen); "" when it lost none.
     */
    static String dropouts(List<ContainerDropout> dropouts) {
        if (dropouts.isEmpty()) return "";
        Map<ContainerDropout.End, Long> ends = new java.util.EnumMap<>(ContainerDropout.End.class);
        for (ContainerDropout d : dropouts) ends.merge(d.end(), 1L, Long::sum);
        StringBuilder sb = new StringBuilder("\n## Containers that dropped out\n\n- ")
                .append(dropouts.size())
                .append(dropouts.size() == 1 ? " dropout: " : " dropouts: ")
                .append(ends.getOrDefault(ContainerDropout.End.KEPT, 0L))
                .append(" kept (answered again within --dropout-ms), ")
                .append(ends.getOrDefault(ContainerDropout.End.REMOVED, 0L))
                .append(" removed (their UEs' tasks failed, their servers' tasks ran elsewhere)");
        long open = ends.getOrDefault(ContainerDropout.End.UNANSWERED_AT_END, 0L);
        if (open > 0) sb.append(", ").append(open).append(" not answering when the trial ended");
        sb.append("\n\n| container | last answer (UTC) | without an answer (ms) | how it ended | how it was lost |\n")
                .append("|---|---|---|---|---|\n");
        for (ContainerDropout d : dropouts) {
            sb.append("| ")
                    .append(d.container().replace("|", "\\|"))
                    .append(" | ")
                    .append(d.lastAnswer().truncatedTo(java.time.temporal.ChronoUnit.MILLIS))
                    .append(" | ")
                    .append(d.silentMs())
                    .append(" | ")
                    .append(d.end().words())
                    .append(" | ")
                    .append(d.cause().replace("|", "\\|"))
                    .append(" |\n");
        }
        return sb.toString();
    }

    /**
     * How a real-time trial ({@code --realtime}) kept to the wall clock: how many slots overran their dt and by how
     * much, and whether the run held its UEs in real time (no slot overran); "" for a trial not paced.
     */
    static String realTime(List<SlotRecord> slots) {
        List<SlotRecord> paced = slots.stream().filter(x -> x.pace() != null).toList();
        if (paced.isEmpty()) return "";
        List<SlotRecord> over = paced.stream().filter(x -> x.pace().overran()).toList();
        int most = paced.stream().mapToInt(x -> x.reports().size()).max().orElse(0);
        long reports = paced.stream().mapToLong(x -> x.reports().size()).sum();
        long onTime = paced.stream().mapToLong(x -> x.pace().onTime()).sum();
        int fewest = paced.stream().mapToInt(x -> x.pace().onTime()).min().orElse(0);
        StringBuilder sb =
                new StringBuilder(String.format(Locale.ROOT, "%n## Real time (slots paced on the wall clock)%n%n"));
        sb.append(String.format(
                Locale.ROOT,
                "- slots that overran their dt: %d of %d%s%n",
                over.size(),
                paced.size(),
                over.isEmpty()
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                " (by %.1f ms at most, %.1f ms on average; slot %s)",
                                over.stream()
                                        .mapToDouble(x -> x.pace().overrunMs())
                                        .max()
                                        .orElse(0),
                                over.stream()
                                        .mapToDouble(x -> x.pace().overrunMs())
                                        .average()
                                        .orElse(0),
                                String.join(
                                                ", ",
                                                over.stream()
                                                        .limit(10)
                                                        .map(x -> Integer.toString(x.slot()))
                                                        .toList())
                                        + (over.size() > 10 ? ", ..." : ""))));
        sb.append(String.format(
                Locale.ROOT,
                "- slots that started late (the one before overran): %d, by %.1f ms at most%n",
                paced.stream().filter(x -> x.pace().lateMs() >= 1).count(),
                paced.stream().mapToDouble(x -> x.pace().lateMs()).max().orElse(0)));
        sb.append(String.format(
                Locale.ROOT,
                "- reports within their slot's dt: %d of %d (at least %d in every slot)%n",
                onTime,
                reports,
                fewest));
        sb.append(
                over.isEmpty()
                        ? String.format(Locale.ROOT, "- held in real time: all %d UEs, every slot%n", most)
                        : String.format(
                                Locale.ROOT,
                                "- held in real time: not all %d UEs (%d slots overran); every slot held %d%n",
                                most,
                                over.size(),
                                fewest));
        return sb.toString();
    }

    /**
     * The messages the agents of this JVM refused or dropped (wrong sender, wrong slot, malformed, stray replies, full
     * queues ...), per agent and kind: a quiet trial shows "none"; agents in other containers count their own.
     */
    static String refusals(java.util.SortedMap<String, Map<org.lambo.agents.Discipline.Kind, Long>> byAgent) {
        StringBuilder sb = new StringBuilder("\n## Messages refused or dropped\n\n");
        Map<String, Map<org.lambo.agents.Discipline.Kind, Long>> counted = new TreeMap<>();
        byAgent.forEach((agent, kinds) -> {
            if (!kinds.isEmpty()) counted.put(agent, kinds);
        });
        if (counted.isEmpty()) {
            return sb.append("- none by the agents of this JVM (agents in other containers count their own)\n")
                    .toString();
        }
        sb.append("| agent | refused or dropped |\n|---|---|\n");
        counted.forEach((agent, kinds) -> {
            StringBuilder k = new StringBuilder();
            kinds.forEach((kind, n) -> k.append(k.length() == 0 ? "" : ", ")
                    .append(kind.name().toLowerCase(Locale.ROOT).replace('_', ' '))
                    .append(' ')
                    .append(n));
            sb.append("| ").append(agent).append(" | ").append(k).append(" |\n");
        });
        return sb.toString();
    }

    /** The devices section: {@link DeviceSummary#text} (end states, dropouts, refusals, sim-to-real error). */
    static String simToReal(TrialResult r, DeviceSummary d) {
        return d.text(r.reports());
    }

    static XYChart latencyChart(TrialResult r, List<DriftEvent> drift) {
        XYChart c = Charts.xy(800, 500, "Mean latency per slot", "slot", "latency per completed task (s)");
        double[] x = slots(r);
        double[] predicted = perSlot(r, true, true);
        double[] realised = perSlot(r, false, true);
        c.addSeries("predicted", x, predicted);
        c.addSeries("realised", x, realised);
        markXy(c, r, drift, predicted, realised);
        return c;
    }

    static XYChart energyChart(TrialResult r, List<DriftEvent> drift) {
        XYChart c = Charts.xy(800, 500, "Total energy per slot", "slot", "energy of completed tasks (J)");
        double[] x = slots(r);
        double[] predicted = perSlot(r, true, false);
        double[] realised = perSlot(r, false, false);
        c.addSeries("predicted", x, predicted);
        c.addSeries("realised", x, realised);
        markXy(c, r, drift, predicted, realised);
        return c;
    }

    private static void markXy(XYChart c, TrialResult r, List<DriftEvent> drift, double[] a, double[] b) {
        if (drift.isEmpty() || r.slots().isEmpty()) return;
        double lo = Math.min(
                Arrays.stream(a).min().orElse(0), Arrays.stream(b).min().orElse(0));
        double hi = Math.max(
                Arrays.stream(a).max().orElse(0), Arrays.stream(b).max().orElse(0));
        DriftMarks.markXy(c, drift, firstSlot(r), lastSlot(r), lo, hi);
    }

    private static int firstSlot(TrialResult r) {
        return r.slots().stream().mapToInt(SlotRecord::slot).min().orElse(0);
    }

    private static int lastSlot(TrialResult r) {
        return r.slots().stream().mapToInt(SlotRecord::slot).max().orElse(-1);
    }

    static CategoryChart splitChart(TrialResult r, int servers, List<DriftEvent> drift) {
        CategoryChart c = Charts.bars(800, 500, "Offloading split per slot", "slot", "UEs");
        c.getStyler().setStacked(true);
        List<Integer> x = new ArrayList<>();
        for (SlotRecord s : r.slots()) x.add(s.slot());
        for (int o = 0; o <= servers; o++) {
            List<Integer> y = new ArrayList<>();
            for (SlotRecord s : r.slots()) {
                int option = o;
                y.add((int)
                        s.reports().stream().filter(t -> t.option() == option).count());
            }
            c.addSeries(o == 0 ? "local" : "server " + o, x, y);
        }
        if (!drift.isEmpty() && !r.slots().isEmpty()) {
            int most =
                    r.slots().stream().mapToInt(s -> s.reports().size()).max().orElse(0);
            DriftMarks.markCategories(c, drift, x, 0, most);
        }
        return c;
    }

    private static double[] slots(TrialResult r) {
        return r.slots().stream().mapToDouble(SlotRecord::slot).toArray();
    }

    /** Per slot over completed tasks: the mean latency or the total energy, predicted or realised. */
    private static double[] perSlot(TrialResult r, boolean predicted, boolean latency) {
        double[] y = new double[r.slots().size()];
        for (int k = 0; k < y.length; k++) {
            double[] v = r.slots().get(k).reports().stream()
                    .filter(TaskReport::completed)
                    .mapToDouble(t -> latency
                            ? (predicted ? t.predictedLatencyS() : t.realisedLatencyS())
                            : (predicted ? t.predictedEnergyJ() : t.realisedEnergyJ()))
                    .toArray();
            y[k] = latency ? mean(v) : Arrays.stream(v).sum();
            if (Double.isNaN(y[k])) y[k] = 0;
        }
        return y;
    }

    private static double mean(double[] v) {
        return v.length == 0 ? Double.NaN : Arrays.stream(v).sum() / v.length;
    }

    /**
     * What online ALEF did: its queries and labels, and every fine-tune with the slot after which it was swapped in.
     */
    static String onlineAlef(org.lambo.aed.alef.OnlineAlef.Summary a) {
        StringBuilder sb = new StringBuilder("\n## Online ALEF\n\n");
        sb.append(String.format(
                Locale.ROOT,
                "- slots decided: %d, queried: %d, skipped while the expert was busy: %d%n"
                        + "- labels received: %d (unusable: %d), failed: %d, still pending: %d%n",
                a.slotsSeen(),
                a.slotsQueried(),
                a.slotsSkippedBusy(),
                a.labelsReceived(),
                a.labelsUnusable(),
                a.labelsFailed(),
                a.labelsPending()));
        sb.append("- fine-tunes applied: ").append(a.fineTunes().size()).append('\n');
        if (a.labelsFailed() > 0)
            sb.append("- why labels failed: ").append(a.failureReasons()).append('\n');
        if (a.error() != null) sb.append("- stopped: ").append(a.error()).append('\n');
        if (!a.fineTunes().isEmpty()) {
            sb.append(
                    "\n| fine-tune | labels | swapped in after slot | loss, first pass | loss, last pass |\n|---|---|---|---|---|\n");
            for (int k = 0; k < a.fineTunes().size(); k++) {
                var f = a.fineTunes().get(k);
                sb.append(String.format(
                        Locale.ROOT,
                        "| %d | %d | %d | %.4f | %.4f |%n",
                        k + 1,
                        f.labels(),
                        f.afterSlot(),
                        f.lossBefore(),
                        f.lossAfter()));
            }
        }
        return sb.toString();
    }
}
