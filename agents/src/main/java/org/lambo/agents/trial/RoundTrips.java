package org.lambo.agents.trial;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.lambo.agents.bridge.DeviceMap;
import org.lambo.ontology.TaskReport;

/**
 * The round trips a trial's UEs saw, as their task reports carry them ({@link TaskReport#decisionMs()},
 * {@link TaskReport#resultMs()}, {@link TaskReport#resends()}, {@link TaskReport#container()}): per JADE container the
 * UEs ran in, per device (a device-backed UE: both; a device-backed server: the results of the tasks it ran) and per
 * edge server (the results of the tasks it ran), the count, median, 95th percentile (nearest rank) and maximum of
 * request-to-decision and submission-to-result, and how many requests and submissions were sent again. An empty set
 * says "none measured", never NaN. Plain Java.
 */
public final class RoundTrips {
    private RoundTrips() {}

    /** The figures of one group of tasks. */
    record Group(List<Integer> decisions, List<Integer> results, long resends) {
        static Group of(List<TaskReport> reports) {
            List<Integer> d = new ArrayList<>();
            List<Integer> r = new ArrayList<>();
            long resends = 0;
            for (TaskReport t : reports) {
                if (t.decisionMs() != null) d.add(t.decisionMs());
                if (t.resultMs() != null) r.add(t.resultMs());
                resends += t.resends();
            }
            return new Group(d, r, resends);
        }
    }

    /** count, median, p95, max of the values; "none measured" when there are none. */
    static String figures(List<Integer> values) {
        if (values.isEmpty()) return "0 | none measured | none measured | none measured";
        int[] v = values.stream().mapToInt(Integer::intValue).sorted().toArray();
        return v.length + " | " + rank(v, 0.5) + " | " + rank(v, 0.95) + " | " + v[v.length - 1];
    }

    /** The nearest-rank percentile of sorted values. */
    static int rank(int[] sorted, double p) {
        int k = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, k) - 1)];
    }

    /** The summary's section; {@code devices} null when every agent was simulated. */
    public static String section(List<TaskReport> reports, DeviceMap devices) {
        Map<String, List<TaskReport>> groups = new LinkedHashMap<>();
        Map<String, List<TaskReport>> containers = new TreeMap<>();
        Map<String, List<TaskReport>> byDevice = new TreeMap<>();
        Map<Integer, List<TaskReport>> byServer = new TreeMap<>();
        for (TaskReport t : reports) {
            String c = t.container().isEmpty() ? "(not known: a report without round trips)" : t.container();
            containers.computeIfAbsent("container " + c, k -> new ArrayList<>()).add(t);
            if (t.option() > 0)
                byServer.computeIfAbsent(t.option(), k -> new ArrayList<>()).add(t);
            if (devices != null) {
                devices.ue(t.index())
                        .ifPresent(d -> byDevice.computeIfAbsent("device " + d + " (UE)", k -> new ArrayList<>())
                                .add(t));
                if (t.option() > 0) {
                    devices.server(t.option()).ifPresent(d -> byDevice.computeIfAbsent(
                                    "device " + d + " (server)", k -> new ArrayList<>())
                            .add(t));
                }
            }
        }
        groups.putAll(containers);
        groups.putAll(byDevice);
        byServer.forEach((j, ts) -> groups.put("server-" + j + " (results only)", ts));
        StringBuilder sb = new StringBuilder("\n## Round trips seen by the UEs\n\n")
                .append(
                        "Measured at each UE, in ms: from its first request to the decision it took (the slot's collection window included),"
                                + " and from its first submission to the server's result; re-sends: requests and submissions sent again after a"
                                + " silence or an undelivered message.\n\n");
        if (groups.isEmpty())
            return sb.append("- none measured (no task ran)\n").toString();
        sb.append("| where | tasks | decisions | median | p95 | max | results | median | p95 | max | re-sends |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        groups.forEach((where, ts) -> {
            Group g = Group.of(ts);
            sb.append("| ")
                    .append(where.replace("|", "\\|"))
                    .append(" | ")
                    .append(ts.size())
                    .append(" | ")
                    .append(figures(g.decisions()))
                    .append(" | ")
                    .append(figures(g.results()))
                    .append(" | ")
                    .append(String.format(Locale.ROOT, "%d", g.resends()))
                    .append(" |\n");
        });
        return sb.toString();
    }
}
