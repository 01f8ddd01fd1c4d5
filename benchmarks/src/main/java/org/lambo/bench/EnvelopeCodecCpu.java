package org.lambo.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import org.lambo.device.protocol.DeviceBodies;
import org.lambo.mqtt.payload.Envelope;
import org.lambo.mqtt.payload.EnvelopeCodec;

/**
 * Thread CPU time per {@code EnvelopeCodec} encode and decode of the envelopes of
 * {@code org.lambo.jmh.EnvelopeCodecBench} (a device-command and a device-result, {@code DeviceBodies.codec()}): on the
 * shared, loaded VM a thread gets a small share of a core, so wall-clock times per operation (JMH) mostly measure the
 * scheduler, while the thread's CPU time counts only its own work. 15 rounds of 20,000 operations each; the first 5 are
 * warm-up; prints the median and the least of the other 10, per operation.
 */
public final class EnvelopeCodecCpu {
    private static Object sink;

    private EnvelopeCodecCpu() {}

    public static void main(String[] a) {
        EnvelopeCodec codec = DeviceBodies.codec();
        Envelope<?> cmd = SampleEnvelopes.command();
        Envelope<?> res = SampleEnvelopes.result();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        int n = 20000, rounds = 15;
        for (Envelope<?> e : new Envelope<?>[] {cmd, res}) {
            byte[] bytes = codec.encode(e);
            if (!codec.decode(bytes).equals(e)) throw new IllegalStateException();
            for (String op : new String[] {"encode", "decode"}) {
                double[] ns = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    long t0 = mx.getCurrentThreadCpuTime();
                    for (int k = 0; k < n; k++) sink = op.equals("encode") ? codec.encode(e) : codec.decode(bytes);
                    ns[r] = (mx.getCurrentThreadCpuTime() - t0) / (double) n;
                }
                double[] last = Arrays.copyOfRange(ns, 5, rounds); // first 5 rounds: warm-up
                Arrays.sort(last);
                System.out.printf(
                        "%s %s %d bytes: CPU ns/op median %.0f min %.0f%n",
                        e.type(), op, bytes.length, last[last.length / 2], last[0]);
            }
        }
    }
}
