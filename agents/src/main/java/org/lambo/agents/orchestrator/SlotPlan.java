package org.lambo.agents.orchestrator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.lambo.mec.Decision;
import org.lambo.mec.Instance;
import org.lambo.ontology.OffloadingDecision;
import org.lambo.ontology.ServerAllocation;

/**
 * The orchestrator's plan for a slot: the slot as reported, the decision, the answer for every request (in the order of
 * the requests) and what every up server is given (possibly nothing), by server number; and the policy's decision
 * entropy when it has one (the {@code aed} policy's, read by online ALEF), NaN otherwise.
 */
public record SlotPlan(
        int slot,
        Instance instance,
        Decision decision,
        List<OffloadingDecision> answers,
        Map<Integer, ServerAllocation> allocations,
        double entropy) {
    /** A plan without a decision entropy. */
    public SlotPlan(
            int slot,
            Instance instance,
            Decision decision,
            List<OffloadingDecision> answers,
            Map<Integer, ServerAllocation> allocations) {
        this(slot, instance, decision, answers, allocations, Double.NaN);
    }

    public SlotPlan {
        answers = List.copyOf(answers);
        allocations =
                java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(allocations)); // by server number
        if (answers.size() != instance.n()) {
            throw new IllegalArgumentException("plan answers " + answers.size() + " UEs, the slot has " + instance.n());
        }
    }

    /** How many UEs run locally (index 0) and on each server j (index j). */
    public int[] split() {
        return decision.countsPerOption(instance.m());
    }

    /** The answers given to the UEs of a server, in request order. */
    public List<Integer> uesOf(int server) {
        List<Integer> out = new ArrayList<>();
        for (int k = 0; k < answers.size(); k++) if (answers.get(k).option() == server) out.add(k);
        return out;
    }
}
