package org.lambo.are;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lambo.io.InputException;

/**
 * A folder holding trained ARE networks: {@code are.json} (the format, the hidden widths, and per network its prompt
 * id, M, gradient steps, the slots it learnt from and its weight file) and one DJL parameter file per network,
 * {@code <prompt>-m<M>.params}. The memory is not kept: it is rebuilt from labelled slots by {@code lambo are-train}.
 */
public record AreCheckpoint(Path dir, int[] hidden, List<Entry> entries) {
    public static final String INDEX = "are.json";
    private static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public AreCheckpoint {
        hidden = hidden.clone();
        entries = List.copyOf(entries);
    }

    @Override
    public int[] hidden() {
        return hidden.clone();
    }

    /**
     * One network's record.
     *
     * @param prompt the prompt's id, e.g. {@code min-latency}
     * @param servers M
     * @param updates gradient steps it took
     * @param slots labelled slots it learnt from (pre-training set plus admitted slots)
     * @param weights its parameter file in the folder
     */
    public record Entry(String prompt, int servers, long updates, long slots, String weights) {}

    public Optional<Entry> find(String prompt, int servers) {
        return entries.stream()
                .filter(e -> e.prompt.equals(prompt) && e.servers == servers)
                .findFirst();
    }

    public AreNetwork network(Entry e, AreSettings settings) throws IOException {
        return AreNetwork.load(dir.resolve(e.weights), e.servers, settings.withHidden(hidden));
    }

    static String weightFile(String prompt, int servers) {
        return prompt.replaceAll("[^A-Za-z0-9.-]", "_") + "-m" + servers + ".params";
    }

    /** Writes the networks (prompt id and M as the keys) and the index into the folder, created if needed. */
    public static AreCheckpoint write(Path dir, int[] hidden, Map<ArePolicy.Key, ArePolicy.Learned> networks)
            throws IOException {
        Files.createDirectories(dir);
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("features", "per UE: 3 + 4 M (AreFeatures)");
        ArrayNode h = root.putArray("hidden");
        for (int w : hidden) h.add(w);
        ArrayNode list = root.putArray("networks");
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<ArePolicy.Key, ArePolicy.Learned> e : networks.entrySet()) {
            String file = weightFile(e.getKey().prompt(), e.getKey().servers());
            e.getValue().network().save(dir.resolve(file));
            Entry en = new Entry(
                    e.getKey().prompt(),
                    e.getKey().servers(),
                    e.getValue().network().updates(),
                    e.getValue().slots(),
                    file);
            entries.add(en);
            ObjectNode n = list.addObject();
            n.put("prompt", en.prompt);
            n.put("servers", en.servers);
            n.put("updates", en.updates);
            n.put("slots", en.slots);
            n.put("weights", en.weights);
        }
        Files.writeString(dir.resolve(INDEX), JSON.writeValueAsString(root), StandardCharsets.UTF_8);
        return new AreCheckpoint(dir, hidden, entries);
    }

    /**
     * Reads a checkpoint folder's index (the weights are read when a network is needed).
     *
     * @throws InputException when the folder or its index is missing or malformed
     */
    public static AreCheckpoint read(Path dir) {
        Path index = dir.resolve(INDEX);
        if (!Files.isRegularFile(index))
            throw new InputException("option", AreSettings.CHECKPOINT, "no " + INDEX + " in '" + dir + "'");
        String src = index.toString();
        JsonNode root;
        try {
            root = org.lambo.io.Documents.readJson(src, Files.readString(index, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new InputException(src, "", "is not readable JSON: " + e.getMessage());
        }
        if (root == null || root.path("format").asInt(-1) != FORMAT) {
            throw new InputException(
                    src, "format", "must be " + FORMAT + ", got " + (root == null ? "nothing" : root.path("format")));
        }
        JsonNode h = root.path("hidden");
        if (!h.isArray() || h.isEmpty())
            throw new InputException(src, "hidden", "must be a non-empty array of widths, got " + h);
        int[] hidden = new int[h.size()];
        for (int k = 0; k < hidden.length; k++) {
            hidden[k] = h.get(k).asInt(0);
            if (!h.get(k).isIntegralNumber() || hidden[k] < 1 || hidden[k] > 1 << 14) {
                throw new InputException(src, "hidden[" + k + "]", "must be an integer in [1, 16384], got " + h.get(k));
            }
        }
        JsonNode list = root.path("networks");
        if (!list.isArray()) throw new InputException(src, "networks", "must be an array, got " + list);
        List<Entry> entries = new ArrayList<>();
        for (int k = 0; k < list.size(); k++) {
            JsonNode n = list.get(k);
            String f = "networks[" + k + "].";
            String prompt = n.path("prompt").asText("");
            if (prompt.isBlank())
                throw new InputException(src, f + "prompt", "must name a prompt, got " + n.path("prompt"));
            int servers = n.path("servers").asInt(0);
            if (!n.path("servers").isIntegralNumber() || servers < 1 || servers > org.lambo.mec.Instance.MAX_SERVERS) {
                throw new InputException(
                        src,
                        f + "servers",
                        "must be an integer in [1, " + org.lambo.mec.Instance.MAX_SERVERS + "], got "
                                + n.path("servers"));
            }
            long updates = n.path("updates").asLong(-1);
            long slots = n.path("slots").asLong(-1);
            if (updates < 0) throw new InputException(src, f + "updates", "must be >= 0, got " + n.path("updates"));
            if (slots < 0) throw new InputException(src, f + "slots", "must be >= 0, got " + n.path("slots"));
            String weights = n.path("weights").asText("");
            if (weights.isBlank()
                    || weights.contains("/")
                    || weights.contains("\\")
                    || !Files.isRegularFile(dir.resolve(weights))) {
                throw new InputException(
                        src, f + "weights", "must name a file in the checkpoint folder, got '" + weights + "'");
            }
            if (entries.stream().anyMatch(e -> e.prompt.equals(prompt) && e.servers == servers)) {
                throw new InputException(src, f + "prompt", "names " + prompt + " with M = " + servers + " twice");
            }
            entries.add(new Entry(prompt, servers, updates, slots, weights));
        }
        return new AreCheckpoint(dir, hidden, entries);
    }
}
