package org.lambo.are;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.lambo.io.InputException;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.nn.MlpCheckpoints;

/**
 * A folder holding trained ARE networks: {@code are.json} (the format, the hidden widths, and per network its prompt
 * id, M, gradient steps, the slots it learnt from and its weight file) and one DJL parameter file per network,
 * {@code <prompt>-m<M>.params}. The memory is not kept: it is rebuilt from labelled slots by {@code lambo are-train}.
 */
public record AreCheckpoint(Path dir, int[] hidden, List<Entry> entries) {
    public static final String INDEX = "are.json";
    private static final int FORMAT = 1;

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
     * @param prompt the prompt it decides for (its id in the index, e.g. {@code min-latency})
     * @param servers M
     * @param updates gradient steps it took
     * @param slots labelled slots it learnt from (pre-training set plus admitted slots)
     * @param weights its parameter file in the folder
     */
    public record Entry(Prompt prompt, int servers, long updates, long slots, String weights) {}

    public Optional<Entry> find(Prompt prompt, int servers) {
        return entries.stream()
                .filter(e -> e.prompt.equals(prompt) && e.servers == servers)
                .findFirst();
    }

    public AreNetwork network(Entry e, AreSettings settings) throws IOException {
        return AreNetwork.load(dir.resolve(e.weights), e.servers, settings.withHidden(hidden));
    }

    static String weightFile(Prompt prompt, int servers) {
        return prompt.id().replaceAll("[^A-Za-z0-9.-]", "_") + "-m" + servers + ".params";
    }

    /** Writes the networks (prompt id and M as the keys) and the index into the folder, created if needed. */
    public static AreCheckpoint write(Path dir, int[] hidden, Map<ArePolicy.Key, ArePolicy.Learned> networks)
            throws IOException {
        Files.createDirectories(dir);
        ObjectNode root = MlpCheckpoints.newIndex(FORMAT, hidden);
        root.put("features", "per UE: 3 + 4 M (AreFeatures)");
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
            n.put("prompt", en.prompt.id());
            n.put("servers", en.servers);
            n.put("updates", en.updates);
            n.put("slots", en.slots);
            n.put("weights", en.weights);
        }
        MlpCheckpoints.writeIndex(dir, INDEX, root);
        return new AreCheckpoint(dir, hidden, entries);
    }

    /**
     * Reads a checkpoint folder's index (the weights are read when a network is needed).
     *
     * @throws InputException when the folder or its index is missing or malformed
     */
    public static AreCheckpoint read(Path dir) {
        JsonNode root = MlpCheckpoints.readIndex(dir, INDEX, AreSettings.CHECKPOINT, FORMAT);
        String src = dir.resolve(INDEX).toString();
        int[] hidden = MlpCheckpoints.hidden(src, root);
        JsonNode list = MlpCheckpoints.entries(src, root, "networks");
        List<Entry> entries = new ArrayList<>();
        for (int k = 0; k < list.size(); k++) {
            JsonNode n = list.get(k);
            String f = "networks[" + k + "].";
            Prompt prompt = MlpCheckpoints.prompt(src, f + "prompt", n.path("prompt"));
            int servers = MlpCheckpoints.integer(src, f + "servers", n.path("servers"), 1, Instance.MAX_SERVERS);
            long updates = MlpCheckpoints.count(src, f + "updates", n.path("updates"));
            long slots = MlpCheckpoints.count(src, f + "slots", n.path("slots"));
            String weights = MlpCheckpoints.weights(src, dir, f + "weights", n.path("weights"));
            if (entries.stream().anyMatch(e -> e.prompt.equals(prompt) && e.servers == servers)) {
                throw new InputException(src, f + "prompt", "names " + prompt.id() + " with M = " + servers + " twice");
            }
            entries.add(new Entry(prompt, servers, updates, slots, weights));
        }
        return new AreCheckpoint(dir, hidden, entries);
    }
}
