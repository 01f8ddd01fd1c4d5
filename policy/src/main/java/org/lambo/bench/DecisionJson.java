package org.lambo.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.lambo.io.Documents;
import org.lambo.io.Fields;
import org.lambo.io.InputException;
import org.lambo.mec.Decision;
import org.lambo.mec.Instance;
import org.lambo.mec.InstanceJson;
import org.lambo.mec.ShareAllocation;

/**
 * Given decisions as JSON lines ({@code docs/INSTANCE_FORMAT.md}, "Given decisions"), one decision per line:
 *
 * <pre>
 * {"label": "published", "instance": "ds-0", "options": [0, 2, 1], "shares": "equal"}
 * </pre>
 *
 * {@code label} (default {@code given}) names a set of decisions, as a policy's name does; {@code instance} the
 * instance id (without it, a label's k-th line is the set's k-th instance); {@code options} one option per UE (0 local,
 * j server j); {@code shares} one share per UE (0 when local), or a rule: {@code equal} (each of the n_j UEs on server
 * j gets 1 / n_j, i.e. f_j / n_j cycles/s) or {@code best} (the water-filled shares of {@link ShareAllocation#best};
 * where the assignment's minimum shares overfill a server no shares can meet every deadline there, and equal shares are
 * used so that the validator names what breaks). Reading checks the form (strict JSON, sizes, options in 0..M, every
 * label covering every instance exactly once); whether a decision keeps the rules (capacity, deadlines, down servers,
 * shares in (0, 1]) is the {@code DecisionValidator}'s call when it is scored.
 */
public final class DecisionJson {
    /** The label of lines that name none. */
    public static final String DEFAULT_LABEL = "given";

    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private DecisionJson() {}

    /** Reads the decisions of {@code file} for the instances of {@code set}. */
    public static GivenDecisions read(Path file, InstanceSet set) {
        Map<String, Instance> byId = new HashMap<>();
        for (Instance i : set.instances()) byId.put(i.id(), i);
        Map<String, Map<String, Decision>> byLabel = new LinkedHashMap<>();
        Map<String, Boolean> byOrder = new HashMap<>(); // label -> whether its lines leave out the instance id
        InstanceJson.forEachLine(file, InstanceJson.MAX_LINE_CHARS, (source, line) -> {
            JsonNode root = Documents.readJson(source, line);
            Fields f = Fields.root(source, root);
            String label = f.optString("label", DEFAULT_LABEL);
            if (!LABEL.matcher(label).matches()) {
                throw f.error(
                        "label",
                        "must be 1 to 64 letters, digits, '.', '_' or '-' (starting with a letter or digit), got '"
                                + label + "'");
            }
            Map<String, Decision> mine = byLabel.computeIfAbsent(label, k -> new LinkedHashMap<>());
            boolean ordered = !f.has("instance");
            Boolean before = byOrder.putIfAbsent(label, ordered);
            if (before != null && before != ordered) {
                throw f.error(
                        "instance",
                        "is given on some lines of label '" + label
                                + "' and left out on others: give it on every line, or on none"
                                + " (then the label's k-th line is the k-th instance)");
            }
            Instance inst;
            if (ordered) {
                f.optString("instance", "");
                if (mine.size() >= set.size()) {
                    throw new InputException(
                            source,
                            "",
                            "is decision " + (mine.size() + 1) + " of label '" + label + "', but " + set.name()
                                    + " holds " + set.size() + " instances");
                }
                inst = set.instances().get(mine.size());
            } else {
                String id = f.requireString("instance");
                inst = byId.get(id);
                if (inst == null)
                    throw f.error("instance", "names no instance of " + set.name() + ", got '" + id + "'");
                if (mine.containsKey(id))
                    throw f.error("instance", "has a second decision of label '" + label + "' for '" + id + "'");
            }
            mine.put(inst.id(), decision(f, root.get("shares"), inst));
            f.rejectUnknown();
            return true;
        });
        if (byLabel.isEmpty()) throw new InputException(file.toString(), "", "holds no decision");
        byLabel.forEach((label, mine) -> {
            if (mine.size() < set.size()) {
                String missing = set.instances().stream()
                        .map(Instance::id)
                        .filter(id -> !mine.containsKey(id))
                        .findFirst()
                        .orElse("?");
                throw new InputException(
                        file.toString(),
                        "",
                        "label '" + label + "' has no decision for instance '" + missing + "' (it covers " + mine.size()
                                + " of the " + set.size() + " instances of " + set.name()
                                + "; bench a file of only those it covers)");
            }
        });
        return new GivenDecisions(byLabel);
    }

    private static Decision decision(Fields f, JsonNode sharesNode, Instance inst) {
        int n = inst.n();
        int m = inst.m();
        List<JsonNode> opts = f.requireArray("options", Math.max(n, 1));
        if (opts.size() != n) {
            throw f.error(
                    "options",
                    "must list one option per UE of instance '" + inst.id() + "' (" + n + "), got " + opts.size());
        }
        int[] options = new int[n];
        for (int i = 0; i < n; i++) {
            JsonNode v = opts.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 0 || v.intValue() > m) {
                throw new InputException(
                        f.source(),
                        "options[" + i + "]",
                        "must be an option in 0.." + m + " (0 local, j server j), got " + Fields.describe(v));
            }
            options[i] = v.intValue();
        }
        if (!f.has("shares")) {
            throw f.error(
                    "shares",
                    "is missing: give one share per UE (0 when local), or a rule: \"equal\" (1 / n_j of server j each) or \"best\" (water-filled)");
        }
        if (sharesNode.isTextual()) {
            String rule = f.optChoice("shares", "equal", "equal", "best");
            return rule.equals("equal") ? equalShares(options, m) : bestShares(inst, options, m);
        }
        if (!sharesNode.isArray()) {
            throw f.error(
                    "shares",
                    "must be a list of one share per UE, or \"equal\" or \"best\", got " + Fields.describe(sharesNode));
        }
        double[] shares = f.requireDoubles("shares");
        if (shares.length != n) {
            throw f.error(
                    "shares",
                    "must list one share per UE of instance '" + inst.id() + "' (" + n + "), got " + shares.length);
        }
        return new Decision(options, shares);
    }

    /** Each of the n_j UEs on server j gets 1 / n_j of it: f_j / n_j cycles/s. */
    public static Decision equalShares(int[] options, int m) {
        int[] count = new int[m + 1];
        for (int o : options) count[o]++;
        double[] shares = new double[options.length];
        for (int i = 0; i < options.length; i++) shares[i] = options[i] == Decision.LOCAL ? 0 : 1.0 / count[options[i]];
        return new Decision(options, shares);
    }

    private static Decision bestShares(Instance inst, int[] options, int m) {
        Optional<Decision> best = ShareAllocation.best(inst, options);
        return best.orElseGet(() -> equalShares(options, m));
    }
}
