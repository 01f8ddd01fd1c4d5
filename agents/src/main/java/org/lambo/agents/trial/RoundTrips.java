package org.lambo.agents.trial;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.lambo.agents.bridge.DeviceMap;
import org.lambo.agents.orchestrator.LinkLog;
import org.lambo.ontology.TaskReport;

/**
 * The round trips a trial saw, to tell which host or link is slow. As the UEs' task reports carry them
 * ({@link TaskReport#decisionMs()}, {@link TaskReport#resultMs()}, {@link TaskReport#resends()},
 * {@link TaskReport#container()}): per JADE container the UEs ran in, per device (a device-backed UE: both; a
 * device-backed server: the results of the tasks it ran) and per edge server (the results of the tasks it ran), the
 * count, median, 95th percentile (nearest rank) and maximum of request-to-decision and submission-to-result, how many
 * requests and submissions were sent again, and how many requests the orchestrator decided late
 * ({@link LinkLog.Seen#late}). As the orchestrator saw them ({@link LinkLog.Seen#confirmations}): per container the
 * edge servers ran in and per server, the allocations sent, the same figures of allocation-to-confirmation, and how
 * many were not confirmed. Each container's row names the address it joined from, as the main container saw it
 * ({@link LinkLog.Seen#addressOf}). A resumed trial's orchestrator saw only the slots from its resume on
 * ({@link LinkLog.Seen#fromSlot}): the tables say so. An empty set says "none measured", never NaN. Plain Java.
 */
public final class RoundTrips {
    private RoundTrips() {}

    /** Count, median, 95th percentile (nearest rank) and maximum of some round trips in ms; null figures when none. */
    public record Figures(int count, Integer median, Integer p95, Integer max) {
        static Figures of(List<Integer> values) {
            if (values.isEmpty()) return new Figures(0, null, null, null);
            int[] v = values.stream().mapToInt(Integer::intValue).sorted().toArray();
            return new Figures(v.length, rank(v, 0.5), rank(v, 0.95), v[v.length - 1]);
        }

        /** The table's four cells: count, median, p95, max ("none measured" for an empty set). */
        String cells() {
            if (count == 0) return "0 | none measured | none measured | none measured";
            return count + " | " + median + " | " + p95 + " | " + max;
        }
    }

    /**
     * One row of the UEs' table.
     *
     * @param where {@code container NAME}, {@code device ID (UE)} / {@code (server)}, {@code server-j (results only)}
     * @param joinedFrom a container's address as the main container saw it; "" when not known or not a container
     * @param tasks the tasks reported there
     * @param resends requests and submissions sent again
     * @param late requests decided late
     */
    public record Row(
            String where, String joinedFrom, int tasks, Figures decisions, Figures results, long resends, long late) {}

    /**
     * One row of the orchestrator's table.
     *
     * @param where {@code container NAME} or {@code server-j}
     * @param joinedFrom a container's address as the main container saw it; "" when not known or not a container
     * @param allocations allocations sent to its servers
     * @param confirmations the confirmed ones' round trips
     * @param notConfirmed refused, failed, unreachable or silent until {@code --server-ms}
     */
    public record ServerRow(
            String where, String joinedFrom, int allocations, Figures confirmations, int notConfirmed) {}

    /** The nearest-rank percentile of sorted values. */
    static int rank(int[] sorted, double p) {
        int k = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, k) - 1)];
    }

    /** What a report without a container is listed under. */
    static final String UNKNOWN = "(not known: a report without round trips)";

    /** The UEs' rows: containers, then devices ({@code devices} null when every agent was simulated), then servers. */
    public static List<Row> rows(List<TaskReport> reports, DeviceMap devices, LinkLog.Seen links) {
        Map<String, List<TaskReport>> containers = new TreeMap<>();
        Map<String, String> joined = new LinkedHashMap<>();
        Map<String, List<TaskReport>> byDevice = new TreeMap<>();
        Map<Integer, List<TaskReport>> byServer = new TreeMap<>();
        for (TaskReport t : reports) {
            String c = t.container().isEmpty() ? UNKNOWN : t.container();
            containers.computeIfAbsent("container " + c, k -> new ArrayList<>()).add(t);
            joined.putIfAbsent("container " + c, links.addressOf(t.container()));
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
        Map<String, List<TaskReport>> groups = new LinkedHashMap<>(containers);
        groups.putAll(byDevice);
        byServer.forEach((j, ts) -> groups.put("server-" + j + " (results only)", ts));
        List<Row> rows = new ArrayList<>();
        groups.forEach((where, ts) -> {
            List<Integer> d = new ArrayList<>();
            List<Integer> r = new ArrayList<>();
            long resends = 0;
            long late = 0;
            for (TaskReport t : ts) {
                if (t.decisionMs() != null) d.add(t.decisionMs());
                if (t.resultMs() != null) r.add(t.resultMs());
                resends += t.resends();
                if (links.late(t.slot(), t.index())) late++;
            }
            rows.add(new Row(
                    where, joined.getOrDefault(where, ""), ts.size(), Figures.of(d), Figures.of(r), resends, late));
        });
        return rows;
    }

    /** The orchestrator's rows: per container its servers ran in, then per server. */
    public static List<ServerRow> serverRows(LinkLog.Seen links) {
        Map<String, List<LinkLog.Confirmation>> containers = new TreeMap<>();
        Map<String, String> joined = new LinkedHashMap<>();
        Map<Integer, List<LinkLog.Confirmation>> servers = new TreeMap<>();
        for (LinkLog.Confirmation c : links.confirmations()) {
            String where = "container " + (c.container().isEmpty() ? "(not known)" : c.container());
            containers.computeIfAbsent(where, k -> new ArrayList<>()).add(c);
            joined.putIfAbsent(where, links.addressOf(c.container()));
            servers.computeIfAbsent(c.server(), k -> new ArrayList<>()).add(c);
        }
        Map<String, List<LinkLog.Confirmation>> groups = new LinkedHashMap<>(containers);
        servers.forEach((j, cs) -> groups.put("server-" + j, cs));
        List<ServerRow> rows = new ArrayList<>();
        groups.forEach((where, cs) -> {
            List<Integer> ms = cs.stream()
                    .filter(LinkLog.Confirmation::confirmed)
                    .map(LinkLog.Confirmation::ms)
                    .toList();
            rows.add(new ServerRow(
                    where, joined.getOrDefault(where, ""), cs.size(), Figures.of(ms), cs.size() - ms.size()));
        });
        return rows;
    }

    /** The summary's sections; {@code devices} null when every agent was simulated. */
    public static String section(List<TaskReport> reports, DeviceMap devices, LinkLog.Seen links) {
        List<Row> rows = rows(reports, devices, links);
        StringBuilder sb = new StringBuilder("\n## Round trips seen by the UEs\n\n")
                .append(
                        "Measured at each UE, in ms: from its first request to the decision it took (the slot's collection window included),"
                                + " and from its first submission to the server's result; re-sends: requests and submissions sent again after a"
                                + " silence or an undelivered message; decided late: requests that came after their slot was decided (held back"
                                + " or lost on the way) and were decided alone; joined from: the address each container joined from, as the main"
                                + " container saw it.\n\n");
        sb.append(resumed(links, "the 'decided late' counts"));
        if (rows.isEmpty()) {
            sb.append("- none measured (no task ran)\n");
        } else {
            sb.append(
                            "| where | tasks | decisions | median | p95 | max | results | median | p95 | max | re-sends | decided late"
                                    + " | joined from |\n")
                    .append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
            for (Row r : rows) {
                sb.append("| ")
                        .append(cell(r.where()))
                        .append(" | ")
                        .append(r.tasks())
                        .append(" | ")
                        .append(r.decisions().cells())
                        .append(" | ")
                        .append(r.results().cells())
                        .append(" | ")
                        .append(r.resends())
                        .append(" | ")
                        .append(r.late())
                        .append(" | ")
                        .append(joinedCell(r.where(), r.joinedFrom()))
                        .append(" |\n");
            }
        }
        List<ServerRow> servers = serverRows(links);
        sb.append("\n## Round trips seen by the orchestrator\n\n")
                .append(
                        "Measured at the orchestrator, in ms: from its allocation request to an edge server to the server's confirmation;"
                                + " not confirmed: refused, failed, unreachable or silent until --server-ms (its UEs ran locally).\n\n")
                .append(resumed(links, "these figures"));
        if (servers.isEmpty()) {
            return sb.append("- none measured (no server was given a share)\n").toString();
        }
        sb.append("| where | allocations | confirmed | median | p95 | max | not confirmed | joined from |\n")
                .append("|---|---|---|---|---|---|---|---|\n");
        for (ServerRow r : servers) {
            sb.append("| ")
                    .append(cell(r.where()))
                    .append(" | ")
                    .append(r.allocations())
                    .append(" | ")
                    .append(r.confirmations().cells())
                    .append(" | ")
                    .append(r.notConfirmed())
                    .append(" | ")
                    .append(joinedCell(r.where(), r.joinedFrom()))
                    .append(" |\n");
        }
        return sb.toString();
    }

    /**
     * The line a table of a resumed trial's start gets: what the orchestrator saw covers only the slots from the resume
     * on; "" for a trial run from slot 0.
     */
    static String resumed(LinkLog.Seen links, String what) {
        if (links.fromSlot() == 0) return "";
        return "This start resumed the trial at slot " + links.fromSlot() + ": " + what
                + " and the addresses cover slots " + links.fromSlot()
                + " and after only (the orchestrator of the earlier start kept no record of them).\n\n";
    }

    /** A row's address cell: the address, "not known" for a container without one, "-" for a device or server. */
    private static String joinedCell(String where, String joinedFrom) {
        if (!joinedFrom.isEmpty()) return cell(joinedFrom);
        return where.startsWith("container ") ? "not known" : "-";
    }

    private static String cell(String s) {
        return s.replace("|", "\\|");
    }
}
