package org.lambo.agents.bridge;

import java.util.LinkedHashMap;
import java.util.Map;
import org.lambo.mqtt.payload.RejectReason;
import org.lambo.ontology.TaskReport;

/**
 * The device side of a finished trial: which agents were device-backed, how each device ended, and what
 * the bridge refused.
 *
 * @param devices   the device map
 * @param presence  each listed device's last presence, e.g. {@code online (connected)}, {@code offline (lost)}
 * @param rejects   bad payloads the bridge rejected, by reason
 * @param strangers messages dropped because their sender was not a listed device of that role
 */
public record DeviceSummary(DeviceMap devices, Map<String, String> presence, Map<RejectReason, Long> rejects, long strangers) {
    public DeviceSummary {
        presence = Map.copyOf(presence);
        rejects = Map.copyOf(rejects);
    }

    /** The hub's state now. */
    public static DeviceSummary of(DeviceHub hub) {
        Map<String, String> p = new LinkedHashMap<>();
        for (String id : hub.devices().servers()) p.put(id, describe(hub.presence(id)));
        for (String id : hub.devices().ues()) p.put(id, describe(hub.presence(id)));
        return new DeviceSummary(hub.devices(), p, hub.rejects().snapshot(), hub.strangers());
    }

    private static String describe(DeviceHub.Presence p) {
        return (p.online() ? "online" : "offline") + " (" + p.reason() + ")";
    }

    /**
     * Whether a report's realised costs were measured on a device: a task kept local by a device-backed UE,
     * or one offloaded to a device-backed server.
     */
    public boolean measured(TaskReport r) {
        if (!r.completed()) return false;
        return r.option() == 0 ? devices.ue(r.index()).isPresent() : devices.server(r.option()).isPresent();
    }
}
