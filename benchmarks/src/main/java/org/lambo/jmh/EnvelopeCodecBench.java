package org.lambo.jmh;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.lambo.device.protocol.DeviceBodies;
import org.lambo.mqtt.payload.Envelope;
import org.lambo.mqtt.payload.EnvelopeCodec;
import org.lambo.ontology.DeviceMessages.DeviceCommand;
import org.lambo.ontology.DeviceMessages.DeviceResult;
import org.lambo.ontology.DeviceMessages.Work;
import org.lambo.ontology.TaskDescription;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One device-protocol envelope through the strict {@link EnvelopeCodec} ({@link DeviceBodies#codec()}, what the bridge
 * and the device runtime use): {@code encode} is what a sender pays per message, {@code decode} what a receiver pays.
 *
 * <p>Two messages, the two of every offloaded task: a {@code device-command} (bridge to device, a SERVE command of a 2
 * Mbit task at the device runtime's default scale 1e-3, so 250 input bytes, 336 base64 chars) and a
 * {@code device-result} (device to bridge). {@link #setUp} checks that each decodes back equal to itself and prints the
 * encoded size in bytes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EnvelopeCodecBench {
    @Param({"device-command", "device-result"})
    public String message;

    private final EnvelopeCodec codec = DeviceBodies.codec();
    private Envelope<?> envelope;
    private byte[] bytes;

    @Setup
    public void setUp() {
        Instant sentAt = Instant.parse("2026-12-06T13:30:00.123456Z");
        TaskDescription task = new TaskDescription("t3-ue1", 2e6, 1e9, 0.5);
        envelope = switch (message) {
            case "device-command" ->
                new Envelope<>(
                        EnvelopeCodec.SCHEMA,
                        DeviceBodies.COMMAND,
                        "bridge",
                        41,
                        sentAt,
                        new DeviceCommand(
                                "s3-t3-ue1",
                                3,
                                Work.SERVE,
                                task,
                                0.25,
                                DeviceBodies.input(task, 1e-3),
                                DeviceBodies.inputBytes(task, 1e-3)));
            case "device-result" ->
                new Envelope<>(
                        EnvelopeCodec.SCHEMA,
                        DeviceBodies.RESULT,
                        "pi-07",
                        42,
                        sentAt,
                        new DeviceResult("s3-t3-ue1", "t3-ue1", true, 0.4, 1.6, 0.4, 250, ""));
            default ->
                throw new IllegalArgumentException(
                        "message must be device-command or device-result, got '" + message + "'");
        };
        bytes = codec.encode(envelope);
        Envelope<?> back = codec.decode(bytes);
        if (!back.equals(envelope)) throw new IllegalStateException(message + " decodes as " + back);
        System.out.println(message + ": " + bytes.length + " bytes");
    }

    @Benchmark
    public byte[] encode() {
        return codec.encode(envelope);
    }

    @Benchmark
    public Envelope<?> decode() {
        return codec.decode(bytes);
    }
}
