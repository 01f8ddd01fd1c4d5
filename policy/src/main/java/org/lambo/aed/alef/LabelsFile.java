package org.lambo.aed.alef;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.lambo.io.InputException;
import org.lambo.mec.Decision;
import org.lambo.mec.DecisionValidator;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;

/**
 * The warm start's expert labels as they arrive: one JSON line per (slot, prompt), appended and synced to disk before
 * the next label is computed, so that a run killed while labelling loses at most the label it was computing.
 *
 * <p>A line is {@code {"slot":k,"instance":"<id>","prompt":"min-latency","expert":"de","options":[...],
 * "shares":[...]}}. Reading it back checks every line against the run: the slot index in range, the instance id that
 * slot is re-drawn as from the seed, the prompt one of the run's, its expert the run's, the decision a valid one for
 * the instance; a line that fails is refused naming {@code file:line}. The one exception is a last line without its
 * newline that does not parse (the process died while writing it): it is cut off, said so naming {@code file:line}, and
 * labelled again.
 */
public final class LabelsFile {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A slot's index and the prompt it is labelled under. */
    public record Key(int slot, Prompt prompt) {}

    private final Path file;

    public LabelsFile(Path file) {
        this.file = Objects.requireNonNull(file, "file");
    }

    public Path path() {
        return file;
    }

    /**
     * The labels already on disk, checked against the run's slots and experts (in file order).
     *
     * @param notice told when a truncated last line was cut off; may be null
     * @throws InputException naming {@code file:line} for a line that does not belong to this run
     */
    public Map<Key, Decision> read(List<Instance> slots, Map<Prompt, String> experts, Consumer<String> notice) {
        Map<Key, Decision> out = new LinkedHashMap<>();
        if (!Files.exists(file)) return out;
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InputException(file.toString(), "", "cannot be read: " + e.getMessage());
        }
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        // text.split keeps a trailing empty string when the file ends with a newline
        boolean complete = lines.get(lines.size() - 1).isEmpty();
        if (complete) lines.remove(lines.size() - 1);
        long goodBytes = 0;
        for (int k = 0; k < lines.size(); k++) {
            String line = lines.get(k);
            String where = file + ":" + (k + 1);
            boolean last = k == lines.size() - 1;
            JsonNode node;
            try {
                node = JSON.readTree(line);
                if (node == null || !node.isObject()) throw new IOException("not a JSON object");
            } catch (IOException e) {
                if (last && !complete) {
                    truncate(goodBytes);
                    if (notice != null)
                        notice.accept(where + ": a truncated last label (the run was stopped while writing it)"
                                + " was cut off and is labelled again");
                    break;
                }
                throw new InputException(
                        where, "", "is not a label line (" + oneLine(e.getMessage()) + "): repair or delete the file");
            }
            if (last && !complete) {
                // a whole line that only lacks its newline: keep it, finish the line
                appendRaw("\n");
            }
            Map.Entry<Key, Decision> label = parse(where, node, slots, experts);
            if (out.put(label.getKey(), label.getValue()) != null) {
                throw new InputException(
                        where,
                        "",
                        "labels slot " + label.getKey().slot() + " under "
                                + label.getKey().prompt().id() + " a second time");
            }
            goodBytes += line.getBytes(StandardCharsets.UTF_8).length + 1;
        }
        return out;
    }

    private static Map.Entry<Key, Decision> parse(
            String where, JsonNode node, List<Instance> slots, Map<Prompt, String> experts) {
        JsonNode slotNode = node.get("slot");
        if (slotNode == null || !slotNode.canConvertToInt())
            throw new InputException(where, "slot", "is missing or not an integer");
        int slot = slotNode.asInt();
        if (slot < 0 || slot >= slots.size())
            throw new InputException(where, "slot", "is " + slot + ", the run labels slots 0.." + (slots.size() - 1));
        Instance inst = slots.get(slot);
        String id = node.path("instance").asText(null);
        if (!inst.id().equals(id)) {
            throw new InputException(
                    where,
                    "instance",
                    "is '" + id + "' but slot " + slot + " of this run's seed is '" + inst.id()
                            + "': the file belongs to another run");
        }
        Prompt prompt;
        try {
            prompt = Prompt.parse(node.path("prompt").asText(""));
        } catch (IllegalArgumentException e) {
            throw new InputException(where, "prompt", e.getMessage());
        }
        String expert = experts.get(prompt);
        if (expert == null)
            throw new InputException(where, "prompt", "is " + prompt.id() + ", which the run does not imitate");
        String given = node.path("expert").asText(null);
        if (!expert.equals(given)) {
            throw new InputException(
                    where,
                    "expert",
                    "is '" + given + "' but the run's expert of " + prompt.id() + " is '" + expert + "'");
        }
        JsonNode opts = node.get("options");
        JsonNode shares = node.get("shares");
        if (!(opts instanceof ArrayNode) || !(shares instanceof ArrayNode))
            throw new InputException(where, "options", "and shares must be arrays");
        if (opts.size() != inst.n() || shares.size() != inst.n()) {
            throw new InputException(
                    where,
                    "options",
                    "has " + opts.size() + " options and " + shares.size() + " shares, slot " + slot + " has "
                            + inst.n() + " UEs");
        }
        int[] o = new int[inst.n()];
        double[] s = new double[inst.n()];
        for (int i = 0; i < inst.n(); i++) {
            if (!opts.get(i).canConvertToInt() || !shares.get(i).isNumber())
                throw new InputException(where, "options", "holds a non-number at UE " + i);
            o[i] = opts.get(i).asInt();
            s[i] = shares.get(i).asDouble();
        }
        Decision d;
        try {
            d = new Decision(o, s);
            DecisionValidator.requireValid(inst, d, expert);
        } catch (RuntimeException e) {
            throw new InputException(where, "", "is not a valid decision for slot " + slot + ": " + e.getMessage());
        }
        return Map.entry(new Key(slot, prompt), d);
    }

    /** Appends one label and syncs it to disk before returning. */
    public void append(int slot, Instance inst, Prompt prompt, String expert, Decision d) {
        ObjectNode n = JSON.createObjectNode();
        n.put("slot", slot);
        n.put("instance", inst.id());
        n.put("prompt", prompt.id());
        n.put("expert", expert);
        ArrayNode o = n.putArray("options");
        for (int v : d.options()) o.add(v);
        ArrayNode s = n.putArray("shares");
        for (double v : d.shares()) s.add(v);
        try {
            appendRaw(JSON.writeValueAsString(n) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private void appendRaw(String text) {
        try {
            if (file.getParent() != null) Files.createDirectories(file.getParent());
            try (FileChannel ch = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                ByteBuffer buf = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
                while (buf.hasRemaining()) ch.write(buf);
                ch.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private void truncate(long size) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size);
            ch.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot repair " + file, e);
        }
    }

    private static String oneLine(String s) {
        if (s == null) return "unreadable";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
