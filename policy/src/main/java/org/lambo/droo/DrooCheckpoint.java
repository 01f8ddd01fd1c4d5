package org.lambo.droo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.lambo.io.InputException;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.nn.MlpCheckpoints;

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
        ObjectNode root = MlpCheckpoints.newIndex(FORMAT, hidden);
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
        MlpCheckpoints.writeIndex(dir, INDEX, root);
        return new DrooCheckpoint(dir, hidden, entries);
    }

    /**
     * Reads a checkpoint folder's index (the weights are read when a learner needs them).
     *
     * @throws InputException when the folder or its index is missing or malformed
     */
    public static DrooCheckpoint read(Path dir) {
        JsonNode root = MlpCheckpoints.readIndex(dir, INDEX, DrooSettings.CHECKPOINT, FORMAT);
        String src = dir.resolve(INDEX).toString();
        int[] hidden = MlpCheckpoints.hidden(src, root);
        JsonNode list = MlpCheckpoints.entries(src, root, "learners");
        List<Entry> entries = new ArrayList<>();
        for (int k = 0; k < list.size(); k++) {
            JsonNode n = list.get(k);
            String f = "learners[" + k + "].";
            Prompt prompt = MlpCheckpoints.prompt(src, f + "prompt", n.path("prompt"));
            int ues = MlpCheckpoints.integer(src, f + "ues", n.path("ues"), 1, Instance.MAX_UES);
            int servers = MlpCheckpoints.integer(src, f + "servers", n.path("servers"), 1, Instance.MAX_SERVERS);
            long frames = MlpCheckpoints.count(src, f + "frames", n.path("frames"));
            int candidates = MlpCheckpoints.integer(src, f + "candidates", n.path("candidates"), 1, Integer.MAX_VALUE);
            String weights = MlpCheckpoints.weights(src, dir, f + "weights", n.path("weights"));
            if (entries.stream().anyMatch(e -> e.prompt().equals(prompt) && e.ues() == ues && e.servers() == servers)) {
                // which of the two learners is meant cannot be told: refused as ARE's index refuses it
                throw new InputException(
                        src, f + "prompt", "names " + prompt.id() + " with N = " + ues + ", M = " + servers + " twice");
            }
            entries.add(new Entry(prompt, ues, servers, frames, candidates, weights));
        }
        return new DrooCheckpoint(dir, hidden, entries);
    }
}
