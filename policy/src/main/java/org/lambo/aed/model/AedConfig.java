package org.lambo.aed.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.lambo.io.Documents;
import org.lambo.io.Fields;
import org.lambo.io.InputException;

/**
 * The size of an AED model: width, heads, encoder depth, feed-forward width, the logit clip of the pointer head and the
 * exploration noise of the share head. Immutable; the built-in sizes are the files {@code configs/models/lambo-s.yaml},
 * {@code lambo-m.yaml} and {@code lambo-l.yaml}.
 *
 * @param name a label, e.g. {@code lambo-m}
 * @param dModel width d of every token, a multiple of {@code heads}
 * @param heads attention heads h (each of width d / h)
 * @param encoderLayers L, the depth of the encoder (the decoder always has one layer)
 * @param ffHidden width of the feed-forward layers
 * @param logitClip C of the pointer head: logits are C tanh(score), as in the attention model of Kool et al.
 * @param shareNoise sigma of the Gaussian exploration of the share head, in the logit space of the share
 */
public record AedConfig(
        String name, int dModel, int heads, int encoderLayers, int ffHidden, double logitClip, double shareNoise) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public AedConfig {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("model name is missing");
        if (dModel < 1) throw new IllegalArgumentException("model " + name + ": dModel must be >= 1, got " + dModel);
        if (heads < 1 || dModel % heads != 0) {
            throw new IllegalArgumentException(
                    "model " + name + ": heads must divide dModel = " + dModel + ", got " + heads);
        }
        if (encoderLayers < 1)
            throw new IllegalArgumentException("model " + name + ": encoderLayers must be >= 1, got " + encoderLayers);
        if (ffHidden < 1)
            throw new IllegalArgumentException("model " + name + ": ffHidden must be >= 1, got " + ffHidden);
        if (!(logitClip > 0))
            throw new IllegalArgumentException("model " + name + ": logitClip must be > 0, got " + logitClip);
        if (!(shareNoise > 0))
            throw new IllegalArgumentException("model " + name + ": shareNoise must be > 0, got " + shareNoise);
    }

    /** The built-in model sizes. */
    public static List<String> builtIn() {
        return List.of("lambo-s", "lambo-m", "lambo-l");
    }

    /** Width of one attention head. */
    public int headWidth() {
        return dModel / heads;
    }

    /**
     * Loads a size from a YAML file path or, when no such file exists, from the built-in sizes.
     *
     * @throws InputException naming the file or size and the bad field
     */
    public static AedConfig load(String pathOrName) {
        Path p = Path.of(pathOrName);
        if (Files.isRegularFile(p)) return parse(p.toString(), Documents.readText(p));
        String name = pathOrName.endsWith(".yaml") ? pathOrName : pathOrName + ".yaml";
        try (InputStream in = AedConfig.class.getResourceAsStream("/configs/models/" + name)) {
            if (in == null) {
                throw new InputException(
                        "--model",
                        "",
                        "'" + pathOrName + "' is neither a model file nor a built-in size ("
                                + String.join(", ", builtIn()) + ")");
            }
            return parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new InputException(pathOrName, "", "cannot be read: " + e.getMessage());
        }
    }

    /** Parses a size from YAML (or JSON) text; unknown fields are errors. */
    public static AedConfig parse(String source, String text) {
        JsonNode root = org.lambo.io.YamlDocuments.read(source, text);
        if (root == null || !root.isObject()) throw new InputException(source, "", "must be a mapping of model fields");
        Fields f = Fields.root(source, root);
        try {
            AedConfig c = new AedConfig(
                    f.requireString("name"),
                    f.requireInt("dModel", 1, 4096),
                    f.requireInt("heads", 1, 256),
                    f.requireInt("encoderLayers", 1, 64),
                    f.requireInt("ffHidden", 1, 65536),
                    f.optPositive("logitClip", 10.0),
                    f.optPositive("shareNoise", 0.3));
            f.rejectUnknown();
            return c;
        } catch (InputException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new InputException(source, "", e.getMessage());
        }
    }

    /** The fields as a JSON object (what a checkpoint records). */
    public ObjectNode toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("name", name);
        o.put("dModel", dModel);
        o.put("heads", heads);
        o.put("encoderLayers", encoderLayers);
        o.put("ffHidden", ffHidden);
        o.put("logitClip", logitClip);
        o.put("shareNoise", shareNoise);
        return o;
    }

    /** Reads the object that {@link #toJson()} writes. */
    public static AedConfig fromJson(String source, JsonNode node) {
        return parse(source, node.toString());
    }
}
