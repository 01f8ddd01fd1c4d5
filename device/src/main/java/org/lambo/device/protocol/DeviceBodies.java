package org.lambo.device.protocol;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Base64;
import org.lambo.io.StrictJson;
import org.lambo.mqtt.payload.BodyType;
import org.lambo.mqtt.payload.EnvelopeCodec;
import org.lambo.ontology.DeviceMessages.DeviceCommand;
import org.lambo.ontology.DeviceMessages.DeviceResult;
import org.lambo.ontology.DeviceMessages.DeviceTelemetry;
import org.lambo.ontology.DeviceMessages.PeerNotice;
import org.lambo.ontology.DeviceMessages.TaskInput;
import org.lambo.ontology.TaskDescription;

/**
 * The envelope body types of the device protocol, read and written by Jackson data binding from the ontology's records
 * ({@link org.lambo.ontology.DeviceMessages}), strictly ({@link StrictJson}). Both ends (device runtime and bridge)
 * build their codec with {@link #codec()}, so they agree on every name.
 *
 * <table>
 *   <caption>device protocol</caption>
 *   <tr><th>type</th><th>channel</th><th>body</th></tr>
 *   <tr><td>{@value #COMMAND}</td><td>{@code commands} (bridge to device)</td><td>{@link DeviceCommand}</td></tr>
 *   <tr><td>{@value #RESULT}</td><td>{@code results} (device)</td><td>{@link DeviceResult}</td></tr>
 *   <tr><td>{@value #TELEMETRY}</td><td>{@code telemetry} (device)</td><td>{@link DeviceTelemetry}</td></tr>
 *   <tr><td>{@value #INPUT}</td>
 *       <td>{@code peer} of the server device (UE device to server device)</td><td>{@link TaskInput}</td></tr>
 *   <tr><td>{@value #NOTICE}</td>
 *       <td>{@code peer} of the UE device (server device to UE device)</td><td>{@link PeerNotice}</td></tr>
 *   <tr><td>{@code status}</td><td>{@code status} (device, retained; its will)</td><td>built in</td></tr>
 * </table>
 */
public final class DeviceBodies {
    public static final String COMMAND = "device-command";
    public static final String RESULT = "device-result";
    public static final String TELEMETRY = "telemetry";
    public static final String INPUT = "task-input";
    public static final String NOTICE = "peer-notice";
    /** The most input bytes a command carries, so that it stays well inside the envelope's 64 KiB limit. */
    public static final int MAX_INPUT_BYTES = 32 * 1024;

    private static final ObjectMapper MAPPER = StrictJson.mapper();

    public static final BodyType<DeviceCommand> COMMAND_TYPE = BodyType.jackson(COMMAND, DeviceCommand.class, MAPPER);
    public static final BodyType<DeviceResult> RESULT_TYPE = BodyType.jackson(RESULT, DeviceResult.class, MAPPER);
    public static final BodyType<DeviceTelemetry> TELEMETRY_TYPE =
            BodyType.jackson(TELEMETRY, DeviceTelemetry.class, MAPPER);
    public static final BodyType<TaskInput> INPUT_TYPE = BodyType.jackson(INPUT, TaskInput.class, MAPPER);
    public static final BodyType<PeerNotice> NOTICE_TYPE = BodyType.jackson(NOTICE, PeerNotice.class, MAPPER);

    private DeviceBodies() {}

    /** A codec with the five device body types (and the built-in {@code status}). */
    public static EnvelopeCodec codec() {
        return EnvelopeCodec.builder()
                .register(COMMAND_TYPE)
                .register(RESULT_TYPE)
                .register(TELEMETRY_TYPE)
                .register(INPUT_TYPE)
                .register(NOTICE_TYPE)
                .build();
    }

    /**
     * The input payload of a task: {@code ceil(D x scale / 8)} bytes (at least 1, at most {@link #MAX_INPUT_BYTES}),
     * base64. The bytes are a deterministic pattern of the task id: what matters is that they cross the network, not
     * their values.
     */
    public static String input(TaskDescription task, double scale) {
        return payload(task.taskId(), inputBytes(task, scale));
    }

    /**
     * {@code bytes} bytes of the deterministic pattern of {@code taskId}, base64 (what an uploading UE device sends).
     */
    public static String payload(String taskId, int bytes) {
        if (bytes < 0 || bytes > MAX_INPUT_BYTES)
            throw new IllegalArgumentException("bytes must be in [0, " + MAX_INPUT_BYTES + "], got " + bytes);
        byte[] b = new byte[bytes];
        int h = taskId.hashCode();
        for (int k = 0; k < b.length; k++) {
            h = h * 1_103_515_245 + 12_345;
            b[k] = (byte) (h >>> 24);
        }
        return Base64.getEncoder().encodeToString(b);
    }

    /** The input's length in bytes for {@code task} at {@code scale}. */
    public static int inputBytes(TaskDescription task, double scale) {
        if (!(scale > 0 && scale <= 1)) throw new IllegalArgumentException("scale must be in (0, 1], got " + scale);
        double bytes = Math.ceil(task.bits() * scale / 8);
        return (int) Math.max(1, Math.min(MAX_INPUT_BYTES, bytes));
    }
}
