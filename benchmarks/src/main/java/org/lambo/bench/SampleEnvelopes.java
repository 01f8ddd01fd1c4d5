package org.lambo.bench;

import java.time.Instant;
import org.lambo.device.protocol.DeviceBodies;
import org.lambo.mqtt.payload.Envelope;
import org.lambo.mqtt.payload.EnvelopeCodec;
import org.lambo.ontology.DeviceMessages.DeviceCommand;
import org.lambo.ontology.DeviceMessages.DeviceResult;
import org.lambo.ontology.DeviceMessages.Work;
import org.lambo.ontology.TaskDescription;

/**
 * The device-protocol envelopes the codec benchmarks measure ({@code org.lambo.jmh.EnvelopeCodecBench} and
 * {@link EnvelopeCodecCpu}), the two of every offloaded task: a {@code device-command} (bridge to device, a SERVE
 * command of a 2 Mbit task at the device runtime's default scale 1e-3, so 250 input bytes) and a {@code device-result}
 * (device to bridge).
 */
public final class SampleEnvelopes {
    /** The names {@link #of} takes. */
    public static final String COMMAND = "device-command", RESULT = "device-result";

    private static final Instant SENT_AT = Instant.parse("2026-12-06T13:30:00.123456Z");

    private SampleEnvelopes() {}

    /** The sample {@code device-command} or {@code device-result}; another name fails naming it. */
    public static Envelope<?> of(String message) {
        return switch (message) {
            case COMMAND -> command();
            case RESULT -> result();
            default ->
                throw new IllegalArgumentException(
                        "message must be " + COMMAND + " or " + RESULT + ", got '" + message + "'");
        };
    }

    public static Envelope<?> command() {
        TaskDescription task = new TaskDescription("t3-ue1", 2e6, 1e9, 0.5);
        return new Envelope<>(
                EnvelopeCodec.SCHEMA,
                DeviceBodies.COMMAND,
                "bridge",
                41,
                SENT_AT,
                new DeviceCommand(
                        "s3-t3-ue1",
                        3,
                        Work.SERVE,
                        task,
                        0.25,
                        DeviceBodies.input(task, 1e-3),
                        DeviceBodies.inputBytes(task, 1e-3)));
    }

    public static Envelope<?> result() {
        return new Envelope<>(
                EnvelopeCodec.SCHEMA,
                DeviceBodies.RESULT,
                "pi-07",
                42,
                SENT_AT,
                new DeviceResult("s3-t3-ue1", "t3-ue1", true, 0.4, 1.6, 0.4, 250, ""));
    }
}
