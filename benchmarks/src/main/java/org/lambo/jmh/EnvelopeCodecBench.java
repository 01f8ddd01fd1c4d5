package org.lambo.jmh;

import java.util.concurrent.TimeUnit;
import org.lambo.bench.SampleEnvelopes;
import org.lambo.device.protocol.DeviceBodies;
import org.lambo.mqtt.payload.Envelope;
import org.lambo.mqtt.payload.EnvelopeCodec;
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
        envelope = SampleEnvelopes.of(message);
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
