package org.lambo.agents.bridge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lambo.io.InputException;
import org.lambo.mqtt.topic.Ids;
import org.lambo.mqtt.topic.Role;

/**
 * Which agents of a trial are backed by a device: server j by the j-th {@code server} device of the list, UE i by the
 * (i+1)-th {@code ue} device; every other agent stays simulated. Read from the devices file the broker setup and the
 * deployment use ({@code configs/mosquitto/devices.example}: {@code id role [ssh]} per line, {@code #} comments).
 *
 * @param servers the device ids backing servers 1..size, in order
 * @param ues the device ids backing UEs 0..size-1, in order
 */
public record DeviceMap(List<String> servers, List<String> ues) {
    public DeviceMap {
        servers = List.copyOf(servers);
        ues = List.copyOf(ues);
        List<String> all = new ArrayList<>(servers);
        all.addAll(ues);
        for (String id : all) Ids.require("device id", id);
        if (all.stream().distinct().count() != all.size())
            throw new IllegalArgumentException("device ids must be unique, got " + all);
    }

    /** Reads a devices file; a bad line is an {@link InputException} naming the file, the line and the value. */
    public static DeviceMap read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InputException(file.toString(), "devices", "cannot be read: " + e.getMessage());
        }
        List<String> servers = new ArrayList<>();
        List<String> ues = new ArrayList<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (int n = 1; n <= lines.size(); n++) {
            String line = lines.get(n - 1).replaceFirst("#.*", "").strip();
            if (line.isEmpty()) continue;
            String[] f = line.split("\\s+");
            String where = "line " + n;
            if (f.length < 2 || f.length > 3)
                throw new InputException(file.toString(), where, "must be 'id role [ssh]', got '" + line + "'");
            try {
                Ids.require("id", f[0]);
            } catch (IllegalArgumentException e) {
                throw new InputException(file.toString(), where + " id", e.getMessage());
            }
            Integer before = seen.put(f[0], n);
            if (before != null)
                throw new InputException(file.toString(), where + " id", "'" + f[0] + "' is already on line " + before);
            switch (f[1]) {
                case "server" -> servers.add(f[0]);
                case "ue" -> ues.add(f[0]);
                default ->
                    throw new InputException(
                            file.toString(), where + " role", "must be ue or server, got '" + f[1] + "'");
            }
        }
        return new DeviceMap(servers, ues);
    }

    /** The device backing server {@code j} (1-based), if any. */
    public Optional<String> server(int j) {
        return j >= 1 && j <= servers.size() ? Optional.of(servers.get(j - 1)) : Optional.empty();
    }

    /** The device backing UE {@code i} (0-based), if any. */
    public Optional<String> ue(int i) {
        return i >= 0 && i < ues.size() ? Optional.of(ues.get(i)) : Optional.empty();
    }

    /** The role of a listed device; empty for an id not on the list. */
    public Optional<Role> role(String deviceId) {
        if (servers.contains(deviceId)) return Optional.of(Role.SERVER);
        if (ues.contains(deviceId)) return Optional.of(Role.UE);
        return Optional.empty();
    }

    public boolean isEmpty() {
        return servers.isEmpty() && ues.isEmpty();
    }
}
