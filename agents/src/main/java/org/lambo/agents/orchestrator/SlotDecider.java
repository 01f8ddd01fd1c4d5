package org.lambo.agents.orchestrator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.lambo.agents.ServiceTypes;
import org.lambo.agents.Vocabulary;
import org.lambo.mec.ChannelParams;
import org.lambo.mec.CostModel;
import org.lambo.mec.Decision;
import org.lambo.mec.DecisionValidator;
import org.lambo.mec.Evaluation;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.ontology.OffloadingDecision;
import org.lambo.ontology.OffloadingRequest;
import org.lambo.ontology.ServerAllocation;
import org.lambo.ontology.ServerState;
import org.lambo.ontology.ShareGrant;
import org.lambo.policy.HasDecisionTrace;
import org.lambo.policy.OffloadingPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orchestrator's decision logic, without JADE: rebuild the slot from what the UEs and servers reported, let the
 * policy decide it (UE by UE, as the policy does), check the decision with the one validator, and turn it into an
 * answer per UE and an allocation per server with the model's predicted costs. A server that did not report is taken as
 * down. A policy that throws or returns an invalid decision is a bug in that policy: it is logged, and the slot falls
 * back to all-local (always feasible), each answer saying why.
 */
public final class SlotDecider {
    private static final Logger LOG = LoggerFactory.getLogger(SlotDecider.class);

    private final OffloadingPolicy policy;
    private final Prompt prompt;
    private final ChannelParams channel;

    public SlotDecider(OffloadingPolicy policy, Prompt prompt, ChannelParams channel) {
        if (policy == null || prompt == null || channel == null)
            throw new IllegalArgumentException("policy, prompt and channel are required");
        this.policy = policy;
        this.prompt = prompt;
        this.channel = channel;
    }

    public OffloadingPolicy policy() {
        return policy;
    }

    public Prompt prompt() {
        return prompt;
    }

    public ChannelParams channel() {
        return channel;
    }

    /**
     * The servers 1..M as reported; a server with no state is down (its last known position and capacity kept when
     * known).
     */
    public static List<ServerState> serversOrDown(
            int slot, int m, Map<Integer, ServerState> reported, Map<Integer, ServerState> lastKnown) {
        return serversOrDown(slot, m, reported, lastKnown, java.util.Set.of());
    }

    /**
     * As {@link #serversOrDown(int, int, Map, Map)}, and the servers in {@code gone} (their agent died, maybe with its
     * container) are down whatever they reported before dying.
     */
    public static List<ServerState> serversOrDown(
            int slot,
            int m,
            Map<Integer, ServerState> reported,
            Map<Integer, ServerState> lastKnown,
            java.util.Set<Integer> gone) {
        List<ServerState> out = new ArrayList<>(m);
        for (int j = 1; j <= m; j++) {
            ServerState s = gone.contains(j) ? null : reported.get(j);
            if (s == null) {
                ServerState last = lastKnown.get(j);
                s = last != null
                        ? new ServerState(last.server(), j, slot, last.x(), last.y(), last.cpuHz(), false, 0, 0)
                        : new ServerState(ServiceTypes.serverName(j), j, slot, 0, 0, 1, false, 0, 0);
            }
            out.add(s);
        }
        return out;
    }

    /** Decides a slot. {@code requests} in the order the instance numbers its UEs; servers 1..M in order. */
    public SlotPlan decide(int slot, List<ServerState> servers, List<OffloadingRequest> requests) {
        Instance inst = Vocabulary.instance("slot-" + slot, servers, requests, channel);
        Decision d;
        double entropy = Double.NaN;
        String note = "";
        try {
            var traced =
                    policy.capability(HasDecisionTrace.class); // the same decision, and its entropy for online ALEF
            if (traced.isPresent()) {
                HasDecisionTrace.Traced t = traced.get().decideTraced(inst, prompt);
                d = t.decision();
                entropy = t.entropy();
            } else {
                d = policy.decide(inst, prompt);
            }
            DecisionValidator.requireValid(inst, d, policy.name());
        } catch (RuntimeException e) {
            LOG.error("policy " + policy.name() + " failed on slot " + slot + "; the slot runs all-local", e);
            note = "policy " + policy.name() + " failed, all-local fallback: "
                    + org.lambo.agents.ReceiveContent.describe(e);
            d = Decision.allLocal(inst.n());
            entropy = Double.NaN;
        }
        SlotPlan p = plan(slot, inst, servers, requests, d, note, Map.of());
        return new SlotPlan(p.slot(), p.instance(), p.decision(), p.answers(), p.allocations(), entropy);
    }

    /** Below this share left on a server, a late request is not offered that server (it is full). */
    public static final double FULL = 1e-6;

    /**
     * Decides one request that came after its slot was decided, while the slot is still open (its first request was
     * lost on the way): alone, by the policy, against what the slot's decision left on each server. Server j keeps
     * {@code 1 - granted(j)} of its CPU; the policy sees a one-UE slot whose servers have only that left (their speed
     * times the share left; a server with less than {@value #FULL} left, or lost for the slot, is down), so that its
     * share s of what is left is the share {@code s * left} of the whole server, with the same predicted latency and
     * energy under the cost model. With nothing left anywhere (or a policy that fails) it runs locally, which is always
     * feasible. The answer notes that it was decided late; the plan's allocation (at most one server) grants only this
     * request, to be confirmed by that server as any other.
     *
     * @param servers the slot's servers 1..M as they reported (or down)
     * @param granted the share already granted on each server in the slot (absent: none)
     * @param lost the servers lost for the slot (they refused or did not confirm), taken as down
     */
    public SlotPlan decideLate(
            int slot,
            List<ServerState> servers,
            Map<Integer, Double> granted,
            java.util.Set<Integer> lost,
            OffloadingRequest request) {
        if (request.slot() != slot)
            throw new IllegalArgumentException("request for slot " + request.slot() + " decided late in slot " + slot);
        double[] left = new double[servers.size() + 1];
        List<ServerState> rest = new ArrayList<>(servers.size());
        for (ServerState s : servers) {
            double l = Math.max(0, 1 - granted.getOrDefault(s.number(), 0.0));
            boolean up = s.up() && !lost.contains(s.number()) && l >= FULL;
            left[s.number()] = up ? l : 0;
            rest.add(new ServerState(
                    s.server(),
                    s.number(),
                    slot,
                    s.x(),
                    s.y(),
                    up ? s.cpuHz() * l : s.cpuHz(),
                    up,
                    s.load(),
                    s.tasks()));
        }
        SlotPlan alone = decide(slot, rest, List.of(request));
        OffloadingDecision a = alone.answers().get(0);
        String note = "decided late (its request came after slot " + slot + " was decided)"
                + (a.note().isEmpty() ? "" : "; " + a.note());
        double share = a.option() == org.lambo.mec.Decision.LOCAL ? 0 : Math.min(1, a.share() * left[a.option()]);
        OffloadingDecision d = new OffloadingDecision(
                slot,
                a.ue(),
                a.taskId(),
                a.option(),
                a.server(),
                share,
                a.predictedLatencyS(),
                a.predictedEnergyJ(),
                note);
        Map<Integer, ServerAllocation> allocations = new TreeMap<>();
        if (d.option() != org.lambo.mec.Decision.LOCAL) {
            allocations.put(
                    d.option(),
                    new ServerAllocation(
                            slot,
                            d.server(),
                            d.option(),
                            List.of(new ShareGrant(
                                    request.ue().ue(), request.task().taskId(), share))));
        }
        return new SlotPlan(slot, alone.instance(), alone.decision(), List.of(d), allocations, alone.entropy());
    }

    /**
     * The same plan with some servers taken away (they refused or did not confirm their allocation): their UEs run
     * locally instead, each answer saying why; the other UEs keep their answers.
     */
    public SlotPlan withoutServers(
            SlotPlan plan, List<ServerState> servers, List<OffloadingRequest> requests, Map<Integer, String> lost) {
        if (lost.isEmpty()) return plan;
        int[] options = plan.decision().options();
        double[] shares = plan.decision().shares();
        Map<Integer, String> notes = new HashMap<>();
        for (int i = 0; i < options.length; i++) {
            String why = lost.get(options[i]);
            if (why != null) {
                notes.put(i, "server " + options[i] + " lost (" + why + "): runs locally");
                options[i] = Decision.LOCAL;
                shares[i] = 0;
            }
        }
        Map<Integer, ServerAllocation> keep = new TreeMap<>(plan.allocations());
        keep.keySet().removeAll(lost.keySet());
        SlotPlan re = plan(plan.slot(), plan.instance(), servers, requests, new Decision(options, shares), "", notes);
        return new SlotPlan(re.slot(), re.instance(), re.decision(), re.answers(), keep, plan.entropy());
    }

    private SlotPlan plan(
            int slot,
            Instance inst,
            List<ServerState> servers,
            List<OffloadingRequest> requests,
            Decision d,
            String noteForAll,
            Map<Integer, String> notes) {
        Evaluation ev = CostModel.evaluate(inst, d);
        List<OffloadingDecision> answers = new ArrayList<>(inst.n());
        Map<Integer, List<ShareGrant>> grants = new TreeMap<>();
        for (int j = 1; j <= inst.m(); j++) if (inst.server(j).up()) grants.put(j, new ArrayList<>());
        for (int i = 0; i < inst.n(); i++) {
            OffloadingRequest r = requests.get(i);
            int o = d.option(i);
            String server = o == Decision.LOCAL ? "" : servers.get(o - 1).server();
            String note = notes.getOrDefault(i, noteForAll);
            answers.add(new OffloadingDecision(
                    slot, r.ue().ue(), r.task().taskId(), o, server, d.share(i), ev.latency(i), ev.energy(i), note));
            if (o != Decision.LOCAL)
                grants.get(o).add(new ShareGrant(r.ue().ue(), r.task().taskId(), d.share(i)));
        }
        Map<Integer, ServerAllocation> allocations = new TreeMap<>();
        grants.forEach((j, g) ->
                allocations.put(j, new ServerAllocation(slot, servers.get(j - 1).server(), j, g)));
        return new SlotPlan(slot, inst, d, answers, allocations);
    }

    @Override
    public String toString() {
        return "SlotDecider[" + policy.name() + ", " + prompt + "]";
    }
}
