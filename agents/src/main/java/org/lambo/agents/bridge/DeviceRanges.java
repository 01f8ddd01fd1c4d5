package org.lambo.agents.bridge;

import java.util.Locale;
import java.util.Optional;
import org.lambo.ontology.DeviceMessages.DeviceCommand;
import org.lambo.ontology.DeviceMessages.DeviceResult;
import org.lambo.ontology.DeviceMessages.DeviceTelemetry;
import org.lambo.ontology.DeviceMessages.Work;

/**
 * The values the bridge believes from a device. A device's telemetry and results are well-formed when they reach the
 * hub (the envelope codec refused NaN, infinities and mistyped fields), but a device can still claim what no device can
 * do: 1e300 cycles/s, a task of 6e9 cycles in a picosecond, a megajoule. The hub checks each value against these
 * documented ranges ({@code docs/MQTT.md}) and rejects, counts and logs a message with one outside, naming the field
 * and the value. All times are full-size seconds.
 *
 * <table>
 *   <caption>ranges</caption>
 *   <tr><th>field</th><th>range</th></tr>
 *   <tr><td>telemetry {@code cyclesPerSecond}</td><td>[{@value #MIN_CPS}, {@value #MAX_CPS}] cycles/s</td></tr>
 *   <tr><td>telemetry {@code spread}</td><td>[0, {@value #MAX_SPREAD}]</td></tr>
 *   <tr><td>telemetry {@code running}</td><td>[0, {@value #MAX_RUNNING}]</td></tr>
 *   <tr><td>result {@code taskId}</td><td>the command's task</td></tr>
 *   <tr><td>result {@code busyS}, {@code computeTimeS}, {@code uploadS}, {@code latencyS}</td>
 *       <td>[0, {@value #MAX_TIME_S}] s</td></tr>
 *   <tr><td>result {@code computeTimeS} (completed)</td><td>at least the task's cycles / {@value #MAX_CPS}</td></tr>
 *   <tr><td>result {@code latencyS} (completed {@code UPLOAD})</td><td>at least {@code uploadS}</td></tr>
 *   <tr><td>result {@code energyJ}</td><td>[0, {@value #MAX_ENERGY_J}] J</td></tr>
 *   <tr><td>result {@code inputBytes} (completed)</td><td>the command's {@code inputBytes}</td></tr>
 * </table>
 */
public final class DeviceRanges {
    /** The slowest device speed believed, cycles/s (a 1 MHz microcontroller). */
    public static final double MIN_CPS = 1e6;
    /** The fastest device speed believed, cycles/s (a thousand 1 GHz cores). */
    public static final double MAX_CPS = 1e12;
    /** The largest calibration spread believed ((fastest - slowest) / median). */
    public static final double MAX_SPREAD = 100;
    /** The most tasks a device may say it runs at once. */
    public static final int MAX_RUNNING = 100_000;
    /** The longest time believed for one task (a day), full-size seconds. */
    public static final double MAX_TIME_S = 86_400;
    /** The most energy believed for one task, J. */
    public static final double MAX_ENERGY_J = 1e6;

    private DeviceRanges() {}

    /** Why {@code t} is not believable ("field 'cyclesPerSecond' is 1e+300, outside [...]"), or empty. */
    public static Optional<String> check(DeviceTelemetry t) {
        return first(
                range("cyclesPerSecond", t.cyclesPerSecond(), MIN_CPS, MAX_CPS, "cycles/s"),
                range("spread", t.spread(), 0, MAX_SPREAD, ""),
                range("running", t.running(), 0, MAX_RUNNING, "tasks"));
    }

    /** Why {@code r}, the answer to {@code c}, is not believable, or empty. */
    public static Optional<String> check(DeviceCommand c, DeviceResult r) {
        if (!r.taskId().equals(c.task().taskId())) {
            return Optional.of("field 'taskId' is '" + r.taskId() + "', but command " + c.commandId() + " runs task "
                    + c.task().taskId());
        }
        Optional<String> bad = first(
                range("busyS", r.busyS(), 0, MAX_TIME_S, "s"),
                range("computeTimeS", r.computeTimeS(), 0, MAX_TIME_S, "s"),
                range("uploadS", r.uploadS(), 0, MAX_TIME_S, "s"),
                range("latencyS", r.latencyS(), 0, MAX_TIME_S, "s"),
                range("energyJ", r.energyJ(), 0, MAX_ENERGY_J, "J"));
        if (bad.isPresent() || !r.completed()) return bad;
        double fastest = c.task().cycles() / MAX_CPS;
        if (r.computeTimeS() < fastest) {
            return Optional.of(String.format(
                    Locale.ROOT,
                    "field 'computeTimeS' is %.3g s for %.3g cycles, faster than %.3g cycles/s allow (%.3g s)",
                    r.computeTimeS(),
                    c.task().cycles(),
                    MAX_CPS,
                    fastest));
        }
        if (c.work() == Work.UPLOAD && r.latencyS() < r.uploadS()) {
            return Optional.of(String.format(
                    Locale.ROOT,
                    "field 'latencyS' is %.3g s, less than its upload time %.3g s",
                    r.latencyS(),
                    r.uploadS()));
        }
        if (r.inputBytes() != c.inputBytes()) {
            return Optional.of("field 'inputBytes' is " + r.inputBytes() + ", but command " + c.commandId() + " has "
                    + c.inputBytes());
        }
        return Optional.empty();
    }

    /** The name of the field a {@link #check} message is about ("cyclesPerSecond"), for counting. */
    static String field(String why) {
        int a = why.indexOf('\'');
        int b = a < 0 ? -1 : why.indexOf('\'', a + 1);
        return b < 0 ? "?" : why.substring(a + 1, b);
    }

    private static Optional<String> range(String field, double v, double min, double max, String unit) {
        if (v >= min && v <= max) return Optional.empty();
        return Optional.of(String.format(
                Locale.ROOT,
                "field '%s' is %.6g, outside [%.6g, %.6g]%s",
                field,
                v,
                min,
                max,
                unit.isEmpty() ? "" : " " + unit));
    }

    @SafeVarargs
    private static Optional<String> first(Optional<String>... checks) {
        for (Optional<String> c : checks) if (c.isPresent()) return c;
        return Optional.empty();
    }
}
