package org.lambo.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lambo.mec.Decision;

/**
 * Decisions one already has (another tool's labels, a hand-made assignment), by label and instance id, benched beside
 * the policies as if each label were a policy that answers from a table: scored by the one {@code CostModel}, checked
 * by the one {@code DecisionValidator}, with no decision time. Read by {@link DecisionJson}.
 *
 * @param byLabel label -&gt; (instance id -&gt; decision), labels in order of first appearance; every label covers
 *     every instance it is benched on
 */
public record GivenDecisions(Map<String, Map<String, Decision>> byLabel) {
    public GivenDecisions {
        Map<String, Map<String, Decision>> copy = new LinkedHashMap<>();
        byLabel.forEach((k, v) -> copy.put(k, Map.copyOf(v)));
        byLabel = java.util.Collections.unmodifiableMap(copy);
    }

    public static GivenDecisions none() {
        return new GivenDecisions(Map.of());
    }

    public List<String> labels() {
        return List.copyOf(byLabel.keySet());
    }

    public boolean has(String label) {
        return byLabel.containsKey(label);
    }

    /** The decision of a label on an instance, or null. */
    public Decision get(String label, String instanceId) {
        Map<String, Decision> m = byLabel.get(label);
        return m == null ? null : m.get(instanceId);
    }
}
