package org.lambo.agents.bridge;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.lambo.mqtt.payload.RejectReason;
import org.lambo.ontology.TaskReport;

/**
 * The device side of a finished trial: which agents were device-backed, how each device ended, when devices dropped
 * out, and what the bridge refused. {@link #text} is the summary's devices section.
 *
 * @param devices the device map
 * @param presence each listed device's last presence, e.g. {@code online (connected)}, {@code offline (lost)}
 * @param rejects bad payloads the bridge rejected, by reason
 * @param strangers messages dropped because their sender was not a listed device of that role
 * @param dropouts every time a device went offline after being online, oldest first
 * @param endS when the summary was taken, on the dropouts' clock (seconds since the hub started)
 * @param outOfRange telemetry and results rejected for a value outside {@link DeviceRanges}, by field
 * @param unknownResults results that answered no command sent to that device
 * @param finishedResults results for commands that had already ended (repeats and late answers)
 * @param resent commands sent again because their result had not come
 */
public record DeviceSummary(
        DeviceMap devices,
        Map<String, String> presence,
        Map<RejectReason, Long> rejects,
        long strangers,
        List<DeviceHub.Dropout> dropouts,
        double endS,
        Map<String, Long> outOfRange,
        long unknownResults,
        long finishedResults,
        long resent) {
    public DeviceSummary {
        presence = Map.copyOf(presence);
        rejects = Map.copyOf(rejects);
        dropouts = List.copyOf(dropouts);
        outOfRange = Map.copyOf(outOfRange);
    }

    /** The hub's state now. */
    public static DeviceSummary of(DeviceHub hub) {
        Map<String, String> p = new LinkedHashMap<>();
        for (String id : hub.devices().servers()) p.put(id, describe(hub.presence(id)));
        for (String id : hub.devices().ues()) p.put(id, describe(hub.presence(id)));
        List<DeviceHub.Dropout> d = new ArrayList<>();
        hub.dropouts().values().forEach(d::addAll);
        d.sort(java.util.Comparator.comparingDouble(DeviceHub.Dropout::fromS));
        return new DeviceSummary(
                hub.devices(),
                p,
                hub.rejects().snapshot(),
                hub.strangers(),
                d,
                hub.nowS(),
                hub.outOfRange(),
                hub.unknownResults(),
                hub.finishedResults(),
                hub.resent());
    }

    private static String describe(DeviceHub.Presence p) {
        return (p.online() ? "online" : "offline") + " (" + p.reason() + ")";
    }

    /**
     * Whether a report's realised costs were measured on a device: a task kept local by a device-backed UE, or one
     * offloaded to a device-backed server.
     */
    public boolean measured(TaskReport r) {
        if (!r.completed()) return false;
        return r.option() == 0
                ? devices.ue(r.index()).isPresent()
                : devices.server(r.option()).isPresent();
    }

    /** Devices that were offline at some point after being online, or are offline at the end. */
    public List<String> droppedOut() {
        List<String> ids = new ArrayList<>();
        dropouts.forEach(d -> {
            if (!ids.contains(d.deviceId())) ids.add(d.deviceId());
        });
        List<String> all = new ArrayList<>(devices.servers());
        all.addAll(devices.ues());
        for (String id : all) {
            String p = presence.getOrDefault(id, "offline (never connected)");
            if (!p.startsWith("online") && !ids.contains(id)) ids.add(id);
        }
        return ids;
    }

    /**
     * The summary's devices section (Markdown): a plain headline when devices dropped out or tasks fell back to the
     * model; each device's role and end state; its dropouts (how many, how long in all, the longest from and to which
     * slot and second, why); what the bridge refused; and the sim-to-real error over the measured tasks (none when no
     * task was measured: never NaN).
     */
    public String text(List<TaskReport> reports) {
        StringBuilder sb = new StringBuilder("\n## Devices\n\n");
        List<TaskReport> completed =
                reports.stream().filter(TaskReport::completed).toList();
        List<TaskReport> measured = completed.stream().filter(this::measured).toList();
        long modelled = completed.size() - measured.size();
        long ofDeviceUes = completed.stream()
                .filter(t -> !measured(t) && devices.ue(t.index()).isPresent())
                .count();
        List<String> dropped = droppedOut();
        sb.append(
                dropped.isEmpty()
                        ? "**Every device stayed online. "
                        : String.format(
                                Locale.ROOT,
                                "**Devices that dropped out during the trial: %d of %d (%s). ",
                                dropped.size(),
                                presence.size(),
                                String.join(", ", dropped)));
        sb.append(String.format(
                Locale.ROOT,
                "Completed tasks: %d, measured on devices: %d, realised by the model: %d "
                        + "(tasks of device-backed UEs that fell back to the model: %d)",
                completed.size(),
                measured.size(),
                modelled,
                ofDeviceUes));
        long failed = reports.size() - completed.size();
        if (failed > 0) sb.append(String.format(Locale.ROOT, ". Failed tasks: %d", failed));
        sb.append(".**\n\n| device | backs | at the end |\n|---|---|---|\n");
        for (int j = 1; j <= devices.servers().size(); j++) {
            String id = devices.servers().get(j - 1);
            sb.append("| ")
                    .append(id)
                    .append(" | server ")
                    .append(j)
                    .append(" | ")
                    .append(presence.get(id))
                    .append(" |\n");
        }
        for (int i = 0; i < devices.ues().size(); i++) {
            String id = devices.ues().get(i);
            sb.append("| ")
                    .append(id)
                    .append(" | UE ")
                    .append(i)
                    .append(" | ")
                    .append(presence.get(id))
                    .append(" |\n");
        }
        if (!dropouts.isEmpty()) {
            // per device: a broker restart makes every device drop out for a moment, so rows per dropout would drown
            // the long ones
            sb.append(
                    "\n### Dropouts\n\n| device | times offline | offline in all | longest | from | to | why |\n|---|---|---|---|---|---|---|\n");
            Map<String, List<DeviceHub.Dropout>> byDevice = new LinkedHashMap<>();
            for (DeviceHub.Dropout d : dropouts)
                byDevice.computeIfAbsent(d.deviceId(), k -> new ArrayList<>()).add(d);
            byDevice.forEach((id, list) -> {
                DeviceHub.Dropout longest = list.stream()
                        .max(java.util.Comparator.comparingDouble(x -> x.seconds(endS)))
                        .orElseThrow();
                double all = list.stream().mapToDouble(x -> x.seconds(endS)).sum();
                java.util.Set<String> why = new java.util.TreeSet<>();
                list.forEach(x -> why.add(x.reason()));
                sb.append(String.format(
                        Locale.ROOT,
                        "| %s | %d | %.1f s | %.1f s | %s | %s | %s |%n",
                        id,
                        list.size(),
                        all,
                        longest.seconds(endS),
                        when(longest.fromSlot(), longest.fromS()),
                        longest.ended() ? when(longest.toSlot(), longest.toS()) : "the end (still offline)",
                        String.join(", ", why)));
            });
        }
        long bad = rejects.values().stream().mapToLong(Long::longValue).sum();
        long ranged = outOfRange.values().stream().mapToLong(Long::longValue).sum();
        sb.append(String.format(
                Locale.ROOT,
                "%n- bad payloads rejected by the bridge: %d%s%n",
                bad,
                bad == 0 ? "" : " " + new TreeMap<>(rejects)));
        sb.append(String.format(
                Locale.ROOT,
                "- telemetry and results rejected for a value out of range: %d%s%n",
                ranged,
                ranged == 0 ? "" : " " + new TreeMap<>(outOfRange)));
        sb.append(String.format(Locale.ROOT, "- messages from unlisted devices dropped: %d%n", strangers));
        sb.append(String.format(
                Locale.ROOT,
                "- results for no command sent to that device: %d; for commands already ended: %d; commands resent: %d%n",
                unknownResults,
                finishedResults,
                resent));

        List<TaskReport> comparable = measured.stream()
                .filter(t -> positive(t.predictedLatencyS())
                        && positive(t.predictedEnergyJ())
                        && t.realisedLatencyS() != null
                        && t.realisedEnergyJ() != null)
                .toList();
        sb.append(String.format(
                Locale.ROOT, "%n## Sim-to-real error (%d tasks measured on devices)%n%n", comparable.size()));
        if (comparable.isEmpty()) {
            sb.append("No task was measured on a device, so there is no sim-to-real error to report.\n");
            return sb.toString();
        }
        double[] lat = comparable.stream()
                .mapToDouble(t -> Math.abs(t.realisedLatencyS() - t.predictedLatencyS()) / t.predictedLatencyS())
                .toArray();
        double[] en = comparable.stream()
                .mapToDouble(t -> Math.abs(t.realisedEnergyJ() - t.predictedEnergyJ()) / t.predictedEnergyJ())
                .toArray();
        sb.append("| | mean | max |\n|---|---|---|\n");
        sb.append(String.format(
                Locale.ROOT,
                "| latency, abs(measured - predicted) / predicted | %.3g | %.3g |%n",
                mean(lat),
                max(lat)));
        sb.append(String.format(
                Locale.ROOT, "| energy, abs(measured - predicted) / predicted | %.3g | %.3g |%n", mean(en), max(en)));
        return sb.toString();
    }

    private static String when(int slot, double s) {
        return String.format(Locale.ROOT, "%s, %.1f s", slot < 0 ? "before slot 0" : "slot " + slot, s);
    }

    private static boolean positive(Double v) {
        return v != null && v > 0 && Double.isFinite(v);
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }

    private static double max(double[] v) {
        double m = v[0];
        for (double x : v) m = Math.max(m, x);
        return m;
    }
}
