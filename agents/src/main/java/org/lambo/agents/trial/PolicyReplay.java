package org.lambo.agents.trial;

import java.util.ArrayList;
import java.util.List;
import org.lambo.agents.ServiceTypes;
import org.lambo.agents.SlotSource;
import org.lambo.agents.Vocabulary;
import org.lambo.agents.orchestrator.SlotDecider;
import org.lambo.mec.Instance;
import org.lambo.ontology.OffloadingRequest;
import org.lambo.ontology.ServerState;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.Policies;
import org.lambo.policy.PolicySettings;
import org.lambo.policy.Stateless;
import org.lambo.rng.Seeds;

/**
 * Brings the policy of a resumed trial to the state an uninterrupted trial's policy has at the slot the resume starts
 * with, so that it decides the following slots the same way.
 *
 * <p>Whether a policy needs it is its own word, never its name: a policy with the capability {@link Stateless} decides
 * each slot from the slot alone and is not replayed ({@code local}, {@code nearest}, {@code greedy}, {@code mip},
 * {@code exhaustive}, {@code de}, {@code are}, and {@code aed} with one decoding, {@code aed.samples=1}, the default);
 * any other is replayed ({@code random}'s one generator, {@code droo}'s replay memory and training, the AED's sampling
 * generator with {@code aed.samples > 1}, a plug-in that does not say). {@code OffloadingPolicyContract} holds a policy
 * that says it is stateless to it.
 *
 * <p>Replaying decides slots 0..k-1 again, in order, with the orchestrator's own {@link SlotDecider} on the instances
 * the agents report in a trial where every agent answers in time (the world's, as {@link Vocabulary} turns them into
 * requests and server states). It is exact for a trial without faults whose agents are all simulated; a slot that lost
 * a UE or a server to a fault, or a device that reported measured values, gave the orchestrator another instance, and
 * the replayed state then differs. Online ALEF's fine-tunes are not replayed: a resumed trial starts from the
 * checkpoint's decoder.
 */
public final class PolicyReplay {
    private PolicyReplay() {}

    /**
     * Whether this policy needs replaying to resume a trial exactly: whether it keeps state (not {@link Stateless}).
     */
    public static boolean needed(OffloadingPolicy policy) {
        return policy.capability(Stateless.class).isEmpty();
    }

    /**
     * Whether the policy of a trial of these settings needs replaying: the policy is made as the trial makes it, asked,
     * and closed.
     */
    public static boolean needed(TrialSettings s) {
        try (OffloadingPolicy policy = Policies.create(
                s.policy(), new PolicySettings(Seeds.derive(s.seed(), s.policy()), s.policyOptions()))) {
            return needed(policy);
        }
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
