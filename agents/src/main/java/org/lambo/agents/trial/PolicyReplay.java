package org.lambo.agents.trial;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.lambo.agents.ServiceTypes;
import org.lambo.agents.SlotSource;
import org.lambo.agents.Vocabulary;
import org.lambo.agents.orchestrator.SlotDecider;
import org.lambo.mec.Instance;
import org.lambo.ontology.OffloadingRequest;
import org.lambo.ontology.ServerState;
import org.lambo.policy.OffloadingPolicy;

/**
 * Brings the policy of a resumed trial to the state an uninterrupted trial's policy has at the slot the resume starts
 * with, so that it decides the following slots the same way.
 *
 * <p>What decides, slot by slot:
 *
 * <ul>
 *   <li>{@code local}, {@code nearest}, {@code greedy}, {@code mip}, {@code exhaustive}: deterministic functions of the
 *       slot; nothing to do.
 *   <li>{@code de}: draws from a stream of its own per slot ({@code de/<instance id>/<prompt>}, the id being
 *       {@code slot-<t>}), so it depends on the slot only (and, with {@code de.timeLimitMs}, on the machine's speed,
 *       resumed or not); nothing to do.
 *   <li>{@code aed} with one decoding ({@code aed.samples=1}, the default): greedy decoding, no random draw; nothing to
 *       do. With {@code aed.samples=k > 1} its sampling generator advances from slot to slot: replayed.
 *   <li>{@code random}: one generator for the whole trial: replayed.
 *   <li>{@code droo}: an online learner (replay memory, training every few slots): replayed, which retrains it on the
 *       slots before the resume.
 *   <li>any other policy: replayed, as it may keep state.
 * </ul>
 *
 * Replaying decides slots 0..k-1 again, in order, with the orchestrator's own {@link SlotDecider} on the instances the
 * agents report in a trial where every agent answers in time (the world's, as {@link Vocabulary} turns them into
 * requests and server states). It is exact for a trial without faults whose agents are all simulated; a slot that lost
 * a UE or a server to a fault, or a device that reported measured values, gave the orchestrator another instance, and
 * the replayed state then differs. Online ALEF's fine-tunes are not replayed: a resumed trial starts from the
 * checkpoint's decoder.
 */
public final class PolicyReplay {
    private static final Set<String> STATELESS =
            Set.of("local", "nearest", "nearest-fit", "greedy", "mip", "exhaustive", "de");

    private PolicyReplay() {}

    /** Whether a trial of these settings needs its policy replayed to resume exactly. */
    public static boolean needed(TrialSettings s) {
        if (STATELESS.contains(s.policy())) return false;
        if (s.policy().equals("aed"))
            return !s.policyOptions().getOrDefault("aed.samples", "1").equals("1");
        return true;
    }

    /**
     * Decides slots {@code 0..upTo-1} of {@code world} with {@code policy}, as the trial's orchestrator did; the
     * decisions are dropped. Stops early once {@code stopped} says so.
     */
    public static void replay(
            OffloadingPolicy policy,
            TrialSettings s,
            SlotSource world,
            int upTo,
            java.util.function.BooleanSupplier stopped) {
        SlotDecider decider =
                new SlotDecider(policy, s.prompt(), s.scenario().channel().params());
        for (int t = 0; t < upTo && !stopped.getAsBoolean(); t++) {
            Instance inst = world.slot(t);
            decider.decide(t, servers(inst, t), requests(inst, t));
        }
    }

    /** What the servers of slot t report at its start, in order 1..M. */
    static List<ServerState> servers(Instance inst, int t) {
        List<ServerState> out = new ArrayList<>(inst.m());
        for (int j = 1; j <= inst.m(); j++) out.add(Vocabulary.serverState(inst, j, ServiceTypes.serverName(j), t));
        return out;
    }

    /** What the UEs of slot t ask, in order of their index. */
    static List<OffloadingRequest> requests(Instance inst, int t) {
        List<OffloadingRequest> out = new ArrayList<>(inst.n());
        for (int i = 0; i < inst.n(); i++) {
            out.add(new OffloadingRequest(
                    t, Vocabulary.ueState(inst, i, ServiceTypes.ueName(i)), Vocabulary.task(inst, i, t)));
        }
        return out;
    }
}
