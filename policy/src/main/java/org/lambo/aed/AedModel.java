package org.lambo.aed;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.lambo.aed.features.Features;
import org.lambo.aed.features.SlotFeatures;
import org.lambo.aed.infer.FastDecoder;
import org.lambo.aed.model.AedConfig;
import org.lambo.aed.model.AedDecoder;
import org.lambo.aed.model.AedNetwork;
import org.lambo.aed.model.SeededInitializer;
import org.lambo.io.InputException;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.rng.Seeds;

/**
 * An AED network with the engine resources it lives in: its {@link NDManager} on the chosen device (a GPU when the
 * engine sees one, the CPU otherwise), checkpoint I/O, and the bridge to the plain-Java decoder. Close it to free the
 * native memory.
 *
 * <p>A checkpoint is a folder with {@value #PARAMS} (the engine's parameter file) and {@value #META} (the model size,
 * the training step and whatever the trainer adds).
 */
public final class AedModel implements AutoCloseable {
    /** The parameter file of a checkpoint. */
    public static final String PARAMS = "aed.params";
    /** The JSON description of a checkpoint. */
    public static final String META = "aed.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final AedConfig config;
    private final NDManager manager;
    private final AedNetwork network;

    private AedModel(AedConfig config, NDManager manager, AedNetwork network) {
        this.config = config;
        this.manager = manager;
        this.network = network;
    }

    /** The device the engine runs on: the first GPU when it sees one, else the CPU. */
    public static Device device() {
        return Engine.getInstance().getGpuCount() > 0 ? Device.gpu() : Device.cpu();
    }

    /** A fresh, untrained model whose weights are drawn from the seed's {@code aed.init} stream. */
    public static AedModel create(AedConfig config, long seed) {
        NDManager manager = NDManager.newBaseManager(device());
        AedNetwork net = new AedNetwork(config);
        net.setInitializer(new SeededInitializer(Seeds.stream(seed, "aed.init")), Parameter.Type.WEIGHT);
        int n = 2;
        int m = 2;
        net.initialize(
                manager,
                DataType.FLOAT32,
                new Shape(1, n, Features.UE),
                new Shape(1, Features.PROMPTS),
                new Shape(1, n, m + 1, Features.OPTION),
                new Shape(1, n, Features.ACTION),
                new Shape(1, n, m + 1));
        net.decoder().slotWeights().initialize(manager, DataType.FLOAT32); // zeros, not drawn: the seed's draws stay
        return new AedModel(config, manager, net);
    }

    /**
     * Loads a checkpoint folder.
     *
     * @throws InputException naming the folder and what is missing or malformed
     */
    public static AedModel load(Path dir) {
        JsonNode meta = readMeta(dir);
        JsonNode cfgNode = meta.get("config");
        if (cfgNode == null) throw new InputException(dir.resolve(META).toString(), "config", "is missing");
        AedConfig cfg = AedConfig.fromJson(dir.resolve(META) + " config", cfgNode);
        AedModel model = create(cfg, 0);
        try (DataInputStream in =
                new DataInputStream(new BufferedInputStream(Files.newInputStream(dir.resolve(PARAMS))))) {
            model.network.loadParameters(model.manager, in);
            // loaded arrays replace the initialised ones and come without the gradient flag
            for (Pair<String, Parameter> p : model.network.getParameters()) {
                if (p.getValue().requiresGradient()) p.getValue().getArray().setRequiresGradient(true);
            }
        } catch (NoSuchFileException e) {
            model.close();
            throw new InputException(dir.toString(), PARAMS, "is missing: not an AED checkpoint");
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new InputException(
                    dir.resolve(PARAMS).toString(),
                    "",
                    "cannot be loaded as a " + cfg.name() + " model: " + e.getMessage());
        }
        if (meta.has(AedDecoder.SLOT_WEIGHTS)) {
            try {
                model.setSlotWeights(readSlotWeights(dir.resolve(META).toString(), meta.get(AedDecoder.SLOT_WEIGHTS)));
            } catch (RuntimeException e) {
                model.close();
                throw e;
            }
        }
        return model;
    }

    /**
     * W_s of a checkpoint's JSON: P rows of FS numbers ({@link AedDecoder#slotWeights()}), or of session 14's
     * {@value SlotFeatures#WIDTH_SESSION_14}, read with zeros for the features added since.
     *
     * @throws InputException naming the parameter and the shape found, for any other shape or a value not finite
     */
    static float[] readSlotWeights(String file, JsonNode node) {
        int rows = Features.PROMPTS;
        int cols = SlotFeatures.WIDTH;
        String need = "this model's is [" + rows + ", " + cols + "] (prompts x slot features)";
        if (!node.isArray() || node.size() != rows)
            throw new InputException(
                    file,
                    AedDecoder.SLOT_WEIGHTS,
                    "has " + (node.isArray() ? node.size() + " rows" : "no rows (" + node.getNodeType() + ")") + ", "
                            + need);
        float[] w = new float[rows * cols];
        for (int p = 0; p < rows; p++) {
            JsonNode r = node.get(p);
            // session 14's checkpoints hold rows of its six features: the features added since get weight 0
            if (!r.isArray() || (r.size() != cols && r.size() != SlotFeatures.WIDTH_SESSION_14))
                throw new InputException(
                        file,
                        AedDecoder.SLOT_WEIGHTS,
                        "has shape [" + rows + ", " + (r.isArray() ? r.size() : "?") + "] at row " + p + ", " + need);
            for (int k = 0; k < r.size(); k++) {
                JsonNode x = r.get(k);
                if (!x.isNumber() || !Double.isFinite(x.asDouble()))
                    throw new InputException(
                            file,
                            AedDecoder.SLOT_WEIGHTS + "[" + p + "][" + k + "]",
                            "must be a finite number, got " + x);
                w[p * cols + k] = x.floatValue();
            }
        }
        return w;
    }

    /** W_s, row-major [P * FS]. */
    public float[] slotWeights() {
        return network.decoder().slotWeights().getArray().toFloatArray();
    }

    /** Whether the decoder's slot term is on: some weight of W_s is not zero (only after a fine-tune trained it). */
    public boolean hasSlotTerm() {
        for (float x : slotWeights()) if (x != 0) return true;
        return false;
    }

    /** Replaces W_s (row-major [P * FS]); its gradient flag is kept. */
    public void setSlotWeights(float[] weights) {
        if (weights.length != Features.PROMPTS * SlotFeatures.WIDTH)
            throw new IllegalArgumentException(AedDecoder.SLOT_WEIGHTS + " needs "
                    + Features.PROMPTS * SlotFeatures.WIDTH + " values, got " + weights.length);
        NDArray w = network.decoder().slotWeights().getArray();
        boolean trained = w.hasGradient();
        // intern of an engine-owned copy, as DecoderFineTuner.restore does (a buffer-backed array would be freed)
        try (NDArray overBuffer = w.getManager().create(weights, w.getShape())) {
            w.intern(overBuffer.duplicate());
        }
        if (trained) w.setRequiresGradient(true);
    }

    /** The JSON of a checkpoint folder. */
    public static JsonNode readMeta(Path dir) {
        Path file = dir.resolve(META);
        if (!Files.exists(file)) throw new InputException(dir.toString(), META, "is missing: not an AED checkpoint");
        return org.lambo.io.Documents.readJson(file);
    }

    /**
     * Writes a checkpoint: the parameters and a JSON with the config, the step and {@code extra}'s fields. The
     * parameters are written to a temporary file first and moved, so a crash never leaves half a file.
     */
    public void save(Path dir, long step, ObjectNode extra) throws IOException {
        Files.createDirectories(dir);
        Path tmp = dir.resolve(PARAMS + ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
            network.saveParameters(out);
        }
        Files.move(tmp, dir.resolve(PARAMS), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        ObjectNode meta = JSON.createObjectNode();
        meta.set("config", config.toJson());
        meta.put("step", step);
        meta.put("parameters", parameterCount());
        if (extra != null) meta.setAll(extra);
        float[] ws = slotWeights();
        ArrayNode rows = meta.putArray(AedDecoder.SLOT_WEIGHTS);
        for (int p = 0; p < Features.PROMPTS; p++) {
            ArrayNode r = rows.addArray();
            for (int k = 0; k < SlotFeatures.WIDTH; k++) r.add(ws[p * SlotFeatures.WIDTH + k]);
        }
        Files.writeString(dir.resolve(META), JSON.writeValueAsString(meta), StandardCharsets.UTF_8);
    }

    public AedConfig config() {
        return config;
    }

    public AedNetwork network() {
        return network;
    }

    public NDManager manager() {
        return manager;
    }

    /** The number of trainable scalars of the actor (encoder and decoder) and the critic together. */
    public long parameterCount() {
        long total = 0;
        for (Pair<String, Parameter> p : network.getParameters())
            total += p.getValue().getShape().size();
        return total;
    }

    /** The number of scalars of one part ({@code encoder}, {@code decoder} or {@code critic}). */
    public long parameterCount(String part) {
        ai.djl.nn.Block block =
                switch (part) {
                    case "encoder" -> network.encoder();
                    case "decoder" -> network.decoder();
                    case "critic" -> network.critic();
                    default ->
                        throw new IllegalArgumentException("no model part '" + part + "' (encoder, decoder, critic)");
                };
        long total = 0;
        for (Pair<String, Parameter> p : block.getParameters())
            total += p.getValue().getShape().size();
        return total;
    }

    /** The plain-Java decoder over the current weights (take a new one after every update). */
    public FastDecoder fastDecoder() {
        return new FastDecoder(network.decoder().snapshot(), config.shareNoise());
    }

    /** UE features of instances of one size, [B, N, FU]. */
    public static NDArray ueFeatures(NDManager manager, List<Instance> batch) {
        int b = batch.size();
        int n = batch.get(0).n();
        float[] data = new float[b * n * Features.UE];
        for (int k = 0; k < b; k++) {
            if (batch.get(k).n() != n)
                throw new IllegalArgumentException("a batch needs instances of one size: " + n + " and "
                        + batch.get(k).n() + " UEs");
            float[][] f = Features.ueFeatures(batch.get(k));
            for (int i = 0; i < n; i++) System.arraycopy(f[i], 0, data, (k * n + i) * Features.UE, Features.UE);
        }
        return manager.create(data, new Shape(b, n, Features.UE));
    }

    /** The slot features of instances of one size ({@link SlotFeatures}), [B, N, M+1, FS]. */
    public static NDArray slotFeatures(NDManager manager, List<Instance> batch) {
        int b = batch.size();
        int n = batch.get(0).n();
        int m1 = batch.get(0).m() + 1;
        int fs = SlotFeatures.WIDTH;
        float[] data = new float[b * n * m1 * fs];
        for (int k = 0; k < b; k++) {
            if (batch.get(k).n() != n || batch.get(k).m() + 1 != m1)
                throw new IllegalArgumentException("a batch needs instances of one size: " + n + " x " + (m1 - 1)
                        + " and " + batch.get(k).n() + " x " + batch.get(k).m());
            float[][][] f = SlotFeatures.of(batch.get(k));
            for (int i = 0; i < n; i++)
                for (int j = 0; j < m1; j++) System.arraycopy(f[i][j], 0, data, ((k * n + i) * m1 + j) * fs, fs);
        }
        return manager.create(data, new Shape(b, n, m1, fs));
    }

    /** Prompts as rows [w, 1 - w] ({@link Features#promptOneHot}: one-hot for the named prompts), [B, P]. */
    public static NDArray prompts(NDManager manager, List<Prompt> prompts) {
        float[] data = new float[prompts.size() * Features.PROMPTS];
        for (int k = 0; k < prompts.size(); k++)
            System.arraycopy(Features.promptOneHot(prompts.get(k)), 0, data, k * Features.PROMPTS, Features.PROMPTS);
        return manager.create(data, new Shape(prompts.size(), Features.PROMPTS));
    }

    /** Copies an encoder output [B, N, d] into Java arrays [B][N][d]. */
    public static float[][][] toTokens(NDArray h) {
        int b = Math.toIntExact(h.getShape().get(0));
        int n = Math.toIntExact(h.getShape().get(1));
        int d = Math.toIntExact(h.getShape().get(2));
        float[] flat = h.toDevice(Device.cpu(), false).toFloatArray();
        float[][][] out = new float[b][n][d];
        for (int k = 0; k < b; k++) {
            for (int i = 0; i < n; i++) System.arraycopy(flat, (k * n + i) * d, out[k][i], 0, d);
        }
        return out;
    }

    /** Encodes instances of one size without recording gradients: H as [B][N][d]. */
    public float[][][] encode(List<Instance> batch, List<Prompt> prompts) {
        try (NDManager sub = manager.newSubManager()) {
            ParameterStore ps = new ParameterStore(sub, false);
            NDArray h = network.encode(ps, ueFeatures(sub, batch), prompts(sub, prompts), false); // [B, N, d]
            return toTokens(h);
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
