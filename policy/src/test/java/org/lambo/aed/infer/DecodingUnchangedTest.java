package org.lambo.aed.infer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lambo.aed.AedModel;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.rng.Seeds;
import org.lambo.run.BuiltInCheckpoints;
import org.lambo.scenario.ScenarioLoader;
import org.lambo.scenario.World;

/**
 * The decoder's speed-ups change no decision, bit for bit: the shipped {@code lambo-s} and {@code lambo-m} checkpoints
 * decode a {@code paper} slot of 50 UEs and one of 300 UEs under min-latency, min-energy and weighted:0.3, greedily and
 * sampled (fixed seed), and every bit of each trajectory (options, shares, share logits and means, the logits of every
 * step, the option and action features, the masks) hashes to what the decoder computed before the speed-ups
 * ({@code decoding-fingerprints.txt}, recorded at commit b060fa7 by {@link #main}; regenerate only from a decoder known
 * to be right). The file also holds the fingerprint of each encoder output: PyTorch's CPU kernels may give other bits
 * on another processor, and there the test is skipped (saying why) rather than failed.
 */
class DecodingUnchangedTest {
    static final String RESOURCE = "decoding-fingerprints.txt";
    /** The mode-like key suffix of the encoder output's fingerprint. */
    static final String ENCODER = "ENCODER";

    @Test
    void shippedCheckpointsDecodeBitForBitAsBeforeTheSpeedUps() throws IOException {
        Map<String, String> expected = new LinkedHashMap<>();
        try (InputStream in = DecodingUnchangedTest.class.getResourceAsStream(RESOURCE)) {
            assertThat(in).as(RESOURCE).isNotNull();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank()) continue;
                String[] kv = line.split(" ");
                expected.put(kv[0], kv[1]);
            }
        }
        Map<String, String> actual = fingerprints();
        assertThat(expected).hasSize(24 + 12);
        // the decoder is plain Java and gives the same bits everywhere; the encoder is PyTorch's, whose CPU kernels
        // may sum in another order on another processor: there the decodings cannot be compared bit for bit
        Map<String, String> encoderExpected = new LinkedHashMap<>(expected);
        encoderExpected.keySet().removeIf(k -> !k.endsWith("/" + ENCODER));
        Map<String, String> encoderActual = new LinkedHashMap<>(actual);
        encoderActual.keySet().removeIf(k -> !k.endsWith("/" + ENCODER));
        org.junit.jupiter.api.Assumptions.assumeTrue(
                encoderActual.equals(encoderExpected),
                "PyTorch's encoder gives other bits on this processor than where the fingerprints were recorded; "
                        + "FastDecoderMatchesEngineTest still checks the decoder here");
        assertThat(actual).containsExactlyEntriesOf(expected);
    }

    /** Every case's key and the SHA-256 of its trajectory. */
    static Map<String, String> fingerprints() {
        Map<String, String> out = new LinkedHashMap<>();
        List<Instance> insts = new ArrayList<>();
        insts.add(new World(ScenarioLoader.load("paper"), 12345).next());
        insts.add(new World(ScenarioLoader.load("paper").withUes(300), 90001).next());
        List<Prompt> prompts = List.of(Prompt.MIN_LATENCY, Prompt.MIN_ENERGY, Prompt.parse("weighted:0.3"));
        for (String ckpt : List.of("aed-paper-lambo-s", "aed-paper-lambo-m")) {
            try (AedModel model = AedModel.load(BuiltInCheckpoints.folder(ckpt))) {
                FastDecoder dec = model.fastDecoder();
                for (Instance inst : insts) {
                    for (Prompt p : prompts) {
                        float[][] h = model.encode(List.of(inst), List.of(p))[0];
                        out.put(ckpt + "/N" + inst.n() + "/" + p.id() + "/" + ENCODER, hash(h));
                        FastDecoder.Encoded enc = dec.prepare(h);
                        for (FastDecoder.Mode mode : FastDecoder.Mode.values()) {
                            Trajectory tr = dec.decode(inst, p, enc, mode, Seeds.stream(7, "decoding-unchanged"));
                            out.put(ckpt + "/N" + inst.n() + "/" + p.id() + "/" + mode, hash(tr));
                        }
                    }
                }
            }
        }
        return out;
    }

    static String hash(float[][] rows) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        ByteBuffer b = ByteBuffer.allocate(4);
        for (float[] row : rows)
            for (float x : row) {
                b.clear();
                b.putInt(Float.floatToRawIntBits(x));
                md.update(b.array());
            }
        return HexFormat.of().formatHex(md.digest());
    }

    static String hash(Trajectory tr) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        ByteBuffer b = ByteBuffer.allocate(8);
        java.util.function.LongConsumer put = v -> {
            b.clear();
            b.putLong(v);
            md.update(b.array());
        };
        int n = tr.options().length;
        for (int t = 0; t < n; t++) {
            put.accept(tr.options()[t]);
            put.accept(Double.doubleToRawLongBits(tr.decision().shares()[t]));
            put.accept(Double.doubleToRawLongBits(tr.shareLogits()[t]));
            put.accept(Double.doubleToRawLongBits(tr.shareMeans()[t]));
            for (double x : tr.logits()[t]) put.accept(Double.doubleToRawLongBits(x));
            for (boolean x : tr.masks()[t]) put.accept(x ? 1 : 0);
            for (float[] row : tr.optionFeatures()[t]) for (float x : row) put.accept(Float.floatToRawIntBits(x));
            for (float x : tr.actionFeatures()[t]) put.accept(Float.floatToRawIntBits(x));
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Writes the fingerprints of the decoder on the class path to the file named by the first argument. */
    public static void main(String[] args) {
        StringBuilder sb = new StringBuilder();
        fingerprints().forEach((k, v) -> sb.append(k).append(' ').append(v).append('\n'));
        try {
            Files.writeString(Path.of(args[0]), sb.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
