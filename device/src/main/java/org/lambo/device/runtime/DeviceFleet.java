package org.lambo.device.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.lambo.device.cpu.Calibration;

/**
 * Several devices in one process ({@code --emulate N}): for tests and demos, N devices of one role with ids {@code ID-1
 * .. ID-N}, each with its own MQTT link, presence, worker threads and counters, sharing one calibration (they share
 * this CPU). Closing the fleet closes every device cleanly.
 */
public final class DeviceFleet implements AutoCloseable {
    private final List<DeviceRuntime> devices;

    private DeviceFleet(List<DeviceRuntime> devices) {
        this.devices = List.copyOf(devices);
    }

    /** The ids of an emulated fleet of {@code n} devices named after {@code id}. */
    public static List<String> ids(String id, int n) {
        if (n < 1 || n > 1000) throw new IllegalArgumentException("emulate must be in [1, 1000], got " + n);
        List<String> ids = new ArrayList<>();
        for (int k = 1; k <= n; k++) ids.add(id + "-" + k);
        return ids;
    }

    /** Starts one device per id (each connected within {@code patience}); on a failure, closes those started. */
    public static DeviceFleet start(
            DeviceConfig template, List<String> ids, Calibration calibration, Duration patience) {
        List<DeviceRuntime> started = new ArrayList<>();
        try {
            for (String id : ids) started.add(new DeviceRuntime(template.withId(id), calibration).start(patience));
        } catch (RuntimeException e) {
            started.forEach(DeviceRuntime::close);
            throw e;
        }
        return new DeviceFleet(started);
    }

    public List<DeviceRuntime> devices() {
        return devices;
    }

    public DeviceRuntime device(String id) {
        return devices.stream()
                .filter(d -> d.deviceId().equals(id))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no device '" + id + "' in this fleet"));
    }

    @Override
    public void close() {
        devices.parallelStream().forEach(DeviceRuntime::close);
    }
}
