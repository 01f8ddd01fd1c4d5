package org.lambo.droo;

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
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.lambo.io.InputException;
import org.lambo.mec.Prompt;

/**
 * A folder holding trained DROO networks: {@code droo.json} (the format version, the hidden layer widths, and per
 * learner its prompt, N, M, frames seen, current K and weight file) and one DJL parameter file per learner,
 * {@code <prompt>-n<N>-m<M>.params}. The replay memory and Adam's moments are not kept: a loaded learner refills its
 * memory from the frames it meets next, as DROO does from its first frame.
 *
 * @param dir the folder
 * @param hidden the hidden layer widths every network in it has
 * @param entries one per learner
 */
public record DrooCheckpoint(Path dir, int[] hidden, List<Entry> entries) {
    /** The index file's name. */
    public static final String INDEX = "droo.json";

    private static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public DrooCheckpoint {
        hidden = hidden.clone();
        entries = List.copyOf(entries);
    }

    @Override
    public int[] hidden() {
        return hidden.clone();
    }

    /** One learner's record. */
    public record Entry(Prompt prompt, int ues, int servers, long frames, int candidates, String weights) {}

    /** The entry for a prompt and a slot shape, if the checkpoint has one. */
    public Optional<Entry> find(Prompt prompt, int ues, int servers) {
        return entries.stream()
                .filter(e -> e.prompt.equals(prompt) && e.ues == ues && e.servers == servers)
                .findFirst();
    }

    /** Loads the network of an entry. */
    public DrooNetwork network(Entry e, DrooSettings settings) throws IOException {
        return DrooNetwork.load(dir.resolve(e.weights), e.ues, e.servers, settings);
    }

    static String weightFile(Prompt prompt, int ues, int servers) {
        return prompt.fileName() + "-n" + ues + "-m" + servers + ".params";
    }

    /** Writes the learners' networks and the index into the folder (created if needed). */
    public static DrooCheckpoint write(Path dir, int[] hidden, Collection<DrooLearner> learners) throws IOException {
        Files.createDirectories(dir);
        List<Entry> entries = new ArrayList<>();
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        ArrayNode h = root.putArray("hidden");
        for (int w : hidden) h.add(w);
        ArrayNode list = root.putArray("learners");
        for (DrooLearner l : learners) {
            String file = weightFile(l.prompt(), l.ues(), l.servers());
            l.network().save(dir.resolve(file));
            Entry e = new Entry(l.prompt(), l.ues(), l.servers(), l.frames(), l.candidates(), file);
            entries.add(e);
            ObjectNode n = list.addObject();
            n.put("prompt", e.prompt.id());
            n.put("ues", e.ues);
            n.put("servers", e.servers);
            n.put("frames", e.frames);
            n.put("candidates", e.candidates);
            n.put("weights", e.weights);
        }
        Files.writeString(dir.resolve(INDEX), JSON.writeValueAsString(root), StandardCharsets.UTF_8);
        return new DrooCheckpoint(dir, hidden, entries);
    }

    /**
     * Reads a checkpoint folder's index (the weights are read when a learner needs them).
     *
     * @throws InputException when the folder or its index is missing or malformed
     */
    public static DrooCheckpoint read(Path dir) {
        Path index = dir.resolve(INDEX);
        if (!Files.isRegularFile(index))
            throw new InputException("option", DrooSettings.CHECKPOINT, "no " + INDEX + " in '" + dir + "'");
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
            if (hidden[k] < 1) throw new InputException(src, "hidden[" + k + "]", "must be >= 1, got " + h.get(k));
        }
        List<Entry> entries = new ArrayList<>();
        JsonNode list = root.path("learners");
        if (!list.isArray()) throw new InputException(src, "learners", "must be an array, got " + list);
        for (int k = 0; k < list.size(); k++) {
            JsonNode n = list.get(k);
            String f = "learners[" + k + "].";
            Prompt prompt;
            try {
                prompt = Prompt.parse(n.path("prompt").asText(null));
            } catch (IllegalArgumentException e) {
                throw new InputException(src, f + "prompt", e.getMessage());
            }
            int ues = positive(src, f + "ues", n.path("ues"));
            int servers = positive(src, f + "servers", n.path("servers"));
            long frames = n.path("frames").asLong(-1);
            if (frames < 0) throw new InputException(src, f + "frames", "must be >= 0, got " + n.path("frames"));
            int candidates = positive(src, f + "candidates", n.path("candidates"));
            String weights = n.path("weights").asText("");
            if (weights.isBlank()
                    || weights.contains("/")
                    || weights.contains("\\")
                    || !Files.isRegularFile(dir.resolve(weights))) {
                throw new InputException(
                        src, f + "weights", "must name a file in the checkpoint folder, got '" + weights + "'");
            }
            entries.add(new Entry(prompt, ues, servers, frames, candidates, weights));
        }
        return new DrooCheckpoint(dir, hidden, entries);
    }

    private static int positive(String src, String field, JsonNode v) {
        int i = v.asInt(0);
        if (!v.isIntegralNumber() || i < 1) throw new InputException(src, field, "must be an integer >= 1, got " + v);
        return i;
    }
}
