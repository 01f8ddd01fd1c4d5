package org.lambo.agents.trial;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.lambo.mec.Prompt;
import org.lambo.ontology.TaskReport;
import org.lambo.scenario.DriftEvent;
import org.lambo.scenario.Scenario;

/**
 * Drift events in a trial's outputs: listed in summary.md and drawn on the plots. The plots are checked on their
 * pixels: the chart with the event differs from the same chart without it along a vertical line at the event's slot.
 */
class DriftMarksTest {
    private static final List<DriftEvent> HALF = List.of(new DriftEvent.ServerCapacity(15, 4, 0.5));

    /** 20 slots (5..24), two UEs each, one local and one on server 1 (on server 2 from slot 15, slower). */
    private static TrialResult trial() {
        List<SlotRecord> slots = new ArrayList<>();
        for (int s = 5; s < 25; s++) {
            int server = s < 15 ? 1 : 2;
            double lat = s < 15 ? 1.0 : 2.0;
            slots.add(new SlotRecord(
                    s,
                    List.of(
                            TaskReport.builder(s, "ue-0", 0, "t" + s + "-0")
                                    .decision(0, 0, lat, lat)
                                    .completed(lat, lat)
                                    .build(),
                            TaskReport.builder(s, "ue-1", 1, "t" + s + "-1")
                                    .decision(server, 0.5, lat, 2 * lat)
                                    .completed(lat, 2 * lat)
                                    .build()),
                    10));
        }
        return TrialResult.builder("greedy", Prompt.MIN_LATENCY)
                .slots(slots)
                .wallS(1)
                .build();
    }

    @Test
    void eachEventIsDescribedWithWhatChanged() {
        assertThat(DriftMarks.describe(HALF.get(0))).isEqualTo("server 4 capacity x0.5");
        assertThat(DriftMarks.describe(new DriftEvent.ServerDown(3, 2))).isEqualTo("server 2 down");
        assertThat(DriftMarks.describe(new DriftEvent.ServerUp(3, 2))).isEqualTo("server 2 up");
        assertThat(DriftMarks.describe(new DriftEvent.UeCount(3, 7))).isEqualTo("UEs: 7");
        assertThat(DriftMarks.describe(new DriftEvent.TaskProfile(3, 1.5, 2))).isEqualTo("task bits x1.5, cycles x2");
        assertThat(DriftMarks.describe(new DriftEvent.FadingSwitch(3, Scenario.Fading.RAYLEIGH)))
                .isEqualTo("fading: rayleigh");
        assertThat(DriftMarks.labels(List.of(new DriftEvent.ServerDown(3, 2), new DriftEvent.UeCount(3, 7))))
                .containsExactly(Map.entry(3, "slot 3: server 2 down; UEs: 7"));
    }

    @Test
    void theSummaryListsTheEventsAndThoseTheTrialDidNotReach() {
        String summary = TrialOutputs.summary(
                trial(),
                4,
                List.of(new DriftEvent.ServerCapacity(15, 4, 0.5), new DriftEvent.ServerDown(40, 1)),
                Map.of());
        assertThat(summary)
                .contains("## Drift events")
                .contains("| 15 | server 4 capacity x0.5 |")
                .contains("| 40 | server 1 down (after the trial's last slot: not reached) |");
        assertThat(summary.indexOf("| 15 |")).isLessThan(summary.indexOf("| 40 |"));
    }

    @Test
    void aTrialWithoutDriftSaysNothingOfIt() {
        assertThat(TrialOutputs.summary(trial(), 4, Map.of()))
                .doesNotContain("Drift")
                .doesNotContain("drift");
        assertThat(TrialOutputs.summary(trial(), 4, List.of(), Map.of())).doesNotContain("Drift");
    }

    @Test
    void theLatencyAndEnergyPlotsDrawALineAtTheEventsSlot() {
        for (boolean latency : new boolean[] {true, false}) {
            XYChart plain = latency
                    ? TrialOutputs.latencyChart(trial(), List.of())
                    : TrialOutputs.energyChart(trial(), List.of());
            XYChart marked =
                    latency ? TrialOutputs.latencyChart(trial(), HALF) : TrialOutputs.energyChart(trial(), HALF);
            BufferedImage a = BitmapEncoder.getBufferedImage(plain);
            BufferedImage b = BitmapEncoder.getBufferedImage(marked);
            int at = (int) Math.round(plain.getScreenXFromChart(15));
            int away = (int) Math.round(plain.getScreenXFromChart(8));
            int top = (int) Math.round(plain.getScreenYFromChart(latency ? 2.0 : 6.0));
            int bottom = (int) Math.round(plain.getScreenYFromChart(latency ? 1.0 : 3.0));
            assertThat(lineColumn(a, b, at - 2, at + 2, top, bottom))
                    .as("a vertical line at slot 15 (x = %d)", at)
                    .isNotNegative();
            assertThat(lineColumn(a, b, away - 2, away + 2, top, bottom))
                    .as("no line at slot 8")
                    .isNegative();
        }
    }

    @Test
    void theSplitPlotDrawsTheLineThroughTheMiddleOfTheEventSlotsBar() {
        // near the ends of the axis, where a line placed at the slot's value would miss the bar's middle
        for (int slot : new int[] {6, 23}) {
            CategoryChart plain = TrialOutputs.splitChart(trial(), 2, List.of());
            CategoryChart marked =
                    TrialOutputs.splitChart(trial(), 2, List.of(new DriftEvent.ServerCapacity(slot, 1, 0.5)));
            BufferedImage a = BitmapEncoder.getBufferedImage(plain);
            BufferedImage b = BitmapEncoder.getBufferedImage(marked);
            // the bars of the plain chart, read off a row just above the x axis: the k-th run of bar pixels is slot 5+k
            int row = (int) Math.round(plain.getScreenYFromChart(0.5));
            List<int[]> bars = runs(a, row);
            assertThat(bars).as("one bar per slot").hasSize(20);
            int[] bar = bars.get(slot - 5);
            int third = (bar[1] - bar[0]) / 3;
            int top = (int) Math.round(plain.getScreenYFromChart(1.8));
            int bottom = (int) Math.round(plain.getScreenYFromChart(0.2));
            assertThat(lineColumn(a, b, bar[0] + third, bar[1] - third, top, bottom))
                    .as("a vertical line in the middle of slot %d's bar %d..%d", slot, bar[0], bar[1])
                    .isNotNegative();
            for (int other : new int[] {slot - 1, slot + 1}) {
                int[] o = bars.get(other - 5);
                assertThat(lineColumn(a, b, o[0], o[1], top, bottom))
                        .as("no line on slot %d", other)
                        .isNegative();
            }
        }
    }

    @Test
    void anEventOutsideTheTrialsSlotsIsNotDrawn() {
        BufferedImage a = BitmapEncoder.getBufferedImage(TrialOutputs.latencyChart(trial(), List.of()));
        BufferedImage b = BitmapEncoder.getBufferedImage(
                TrialOutputs.latencyChart(trial(), List.of(new DriftEvent.ServerDown(40, 1))));
        assertThat(differing(a, b)).isZero();
    }

    /** A column in [x0, x1] where the two images differ on at least 90 % of the rows top..bottom; -1 when none. */
    private static int lineColumn(BufferedImage a, BufferedImage b, int x0, int x1, int top, int bottom) {
        for (int x = x0; x <= x1; x++) {
            int diff = 0;
            for (int y = top; y <= bottom; y++) if (a.getRGB(x, y) != b.getRGB(x, y)) diff++;
            if (diff >= 0.9 * (bottom - top + 1)) return x;
        }
        return -1;
    }

    private static long differing(BufferedImage a, BufferedImage b) {
        long n = 0;
        for (int x = 0; x < a.getWidth(); x++)
            for (int y = 0; y < a.getHeight(); y++) if (a.getRGB(x, y) != b.getRGB(x, y)) n++;
        return n;
    }

    /** The runs of saturated (bar-coloured) pixels along a row, as [first, last] columns. */
    private static List<int[]> runs(BufferedImage img, int y) {
        List<int[]> out = new ArrayList<>();
        int start = -1;
        for (int x = 0; x < img.getWidth(); x++) {
            int rgb = img.getRGB(x, y);
            int r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, bl = rgb & 0xff;
            boolean coloured = Math.max(r, Math.max(g, bl)) - Math.min(r, Math.min(g, bl)) > 60;
            if (coloured && start < 0) start = x;
            if (!coloured && start >= 0) {
                out.add(new int[] {start, x - 1});
                start = -1;
            }
        }
        if (start >= 0) out.add(new int[] {start, img.getWidth() - 1});
        return out;
    }
}
