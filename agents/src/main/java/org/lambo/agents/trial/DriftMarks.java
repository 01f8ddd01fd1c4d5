package org.lambo.agents.trial;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.internal.chartpart.AxesChart;
import org.lambo.scenario.DriftEvent;

/**
 * The scenario's drift events as a trial's outputs show them: a section of {@code summary.md} listing each event (its
 * slot and what changed) and, on every per-slot plot, a vertical line at the event's slot labelled with it (e.g.
 * {@code slot 10: server 4 capacity x0.5}). A trial without drift gets neither.
 */
public final class DriftMarks {
    private DriftMarks() {}

    /** What the event changes, in words: {@code server 4 capacity x0.5}, {@code server 1 down}, {@code UEs: 7} ... */
    public static String describe(DriftEvent e) {
        if (e instanceof DriftEvent.ServerCapacity c) return "server " + c.server() + " capacity x" + num(c.factor());
        if (e instanceof DriftEvent.ServerDown d) return "server " + d.server() + " down";
        if (e instanceof DriftEvent.ServerUp u) return "server " + u.server() + " up";
        if (e instanceof DriftEvent.UeCount u) return "UEs: " + u.count();
        if (e instanceof DriftEvent.TaskProfile t)
            return "task bits x" + num(t.bitsFactor()) + ", cycles x" + num(t.cyclesFactor());
        if (e instanceof DriftEvent.FadingSwitch f)
            return "fading: " + f.fading().name().toLowerCase(Locale.ROOT);
        return e.kind();
    }

    /** One label per slot that has events, in slot order: {@code slot 10: server 4 capacity x0.5; UEs: 7}. */
    static Map<Integer, String> labels(List<DriftEvent> drift) {
        Map<Integer, String> bySlot = new TreeMap<>();
        for (DriftEvent e : drift) bySlot.merge(e.slot(), describe(e), (a, b) -> a + "; " + b);
        bySlot.replaceAll((slot, what) -> "slot " + slot + ": " + what);
        return bySlot;
    }

    /**
     * The {@code summary.md} section: every event of the scenario with its slot and what changed, those after the
     * trial's last slot said to be not reached; "" for a scenario without drift.
     */
    static String section(List<DriftEvent> drift, List<SlotRecord> slots) {
        if (drift.isEmpty()) return "";
        int last = slots.stream().mapToInt(SlotRecord::slot).max().orElse(-1);
        StringBuilder sb = new StringBuilder("\n## Drift events\n\n| slot | what changed |\n|---|---|\n");
        drift.stream()
                .sorted(java.util.Comparator.comparingInt(DriftEvent::slot))
                .forEach(e -> sb.append("| ")
                        .append(e.slot())
                        .append(" | ")
                        .append(describe(e))
                        .append(e.slot() > last ? " (after the trial's last slot: not reached)" : "")
                        .append(" |\n"));
        sb.append("\nEach holds from its slot on; the plots mark it with a vertical line at that slot.\n");
        return sb.toString();
    }

    /**
     * Marks the events whose slot lies in {@code [first, last]} on a chart whose x axis is the slot number: a vertical
     * line at the slot and its label near the top of the y range {@code [yMin, yMax]}. Returns the labels drawn.
     */
    static List<String> markXy(
            AxesChart<?, ?> chart, List<DriftEvent> drift, int first, int last, double yMin, double yMax) {
        return mark(chart, drift, first, last, yMin, yMax, slot -> slot);
    }

    /**
     * As {@link #markXy}, for a category chart whose categories are the trial's slots in order: XChart spreads the
     * values from the first to the last category over the plot's width while it draws each bar at the centre of its
     * category, so the line is placed at the value that falls on the centre of the event slot's bar (the first slot at
     * or after the event's, when the event's slot has no bar).
     */
    static List<String> markCategories(
            AxesChart<?, ?> chart, List<DriftEvent> drift, List<Integer> slots, double yMin, double yMax) {
        if (slots.isEmpty()) return List.of();
        int first = slots.get(0);
        int last = slots.get(slots.size() - 1);
        int n = slots.size();
        if (n < 2) return mark(chart, drift, first, last, yMin, yMax, slot -> slot);
        return mark(chart, drift, first, last, yMin, yMax, slot -> {
            int k = 0;
            while (k < n - 1 && slots.get(k) < slot) k++;
            return first + (k + 0.5) * (last - first) / n;
        });
    }

    private static List<String> mark(
            AxesChart<?, ?> chart,
            List<DriftEvent> drift,
            int first,
            int last,
            double yMin,
            double yMax,
            java.util.function.IntToDoubleFunction x) {
        List<String> drawn = new ArrayList<>();
        double top = yMax > yMin ? yMax : yMin + 1;
        double span = top - yMin;
        int k = 0;
        for (Map.Entry<Integer, String> e : labels(drift).entrySet()) {
            int slot = e.getKey();
            if (slot < first || slot > last) continue;
            double at = x.applyAsDouble(slot);
            chart.addAnnotation(new AnnotationLine(at, true, false));
            // labels of neighbouring events step down so that they do not print over each other
            chart.addAnnotation(new AnnotationText(e.getValue(), at, top - span * (0.04 + 0.07 * (k % 4)), false));
            drawn.add(e.getValue());
            k++;
        }
        return drawn;
    }

    private static String num(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
