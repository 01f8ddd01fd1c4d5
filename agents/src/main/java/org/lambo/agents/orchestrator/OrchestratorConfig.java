package org.lambo.agents.orchestrator;

import org.lambo.aed.alef.OnlineAlef;
import org.lambo.mec.ChannelParams;
import org.lambo.mec.Prompt;
import org.lambo.policy.OffloadingPolicy;

/**
 * What the orchestrator agent is started with.
 *
 * @param policy decides every slot (any {@link OffloadingPolicy}, by name through {@code Policies.create})
 * @param prompt what the policy minimises
 * @param channel the channel's parameters (B, sigma2, ...); the gains come from the UEs' reports
 * @param collectMs how long after a slot opens the orchestrator decides with whatever requests have come
 * @param serverMs how long it waits for the servers to confirm their allocations
 * @param alef online ALEF, or null (the default) for none; made with this very policy, which must {@code LearnsOnline}
 * @param links where it notes its servers' confirmation times and its late decisions (a fresh one by default)
 * @param ues the most UEs a slot of the trial has, or 0 when not known: with {@code servers}, the orchestrator sizes
 *     its queue for them at setup ({@code GuardedAgent.makeRoomFor}), before the AMS's births of a large trial arrive;
 *     otherwise it does so at the first slot-start
 * @param servers the trial's servers, or 0 when not known
 */
public record OrchestratorConfig(
        OffloadingPolicy policy,
        Prompt prompt,
        ChannelParams channel,
        long collectMs,
        long serverMs,
        OnlineAlef alef,
        LinkLog links,
        int ues,
        int servers) {
    /** A trial of a size not known in advance: the queue is sized at the first slot-start. */
    public OrchestratorConfig(
            OffloadingPolicy policy,
            Prompt prompt,
            ChannelParams channel,
            long collectMs,
            long serverMs,
            OnlineAlef alef,
            LinkLog links) {
        this(policy, prompt, channel, collectMs, serverMs, alef, links, 0, 0);
    }

    /** Noting what it saw in a log of its own. */
    public OrchestratorConfig(
            OffloadingPolicy policy,
            Prompt prompt,
            ChannelParams channel,
            long collectMs,
            long serverMs,
            OnlineAlef alef) {
        this(policy, prompt, channel, collectMs, serverMs, alef, new LinkLog());
    }

    /** Without online ALEF. */
    public OrchestratorConfig(
            OffloadingPolicy policy, Prompt prompt, ChannelParams channel, long collectMs, long serverMs) {
        this(policy, prompt, channel, collectMs, serverMs, null);
    }

    public OrchestratorConfig {
        if (alef != null && alef.policy() != policy) {
            throw new IllegalArgumentException(
                    "online ALEF must fine-tune the orchestrator's own policy, the policy is "
                            + (policy == null ? null : policy.name()));
        }
        if (policy == null || prompt == null || channel == null)
            throw new IllegalArgumentException("policy, prompt and channel are required");
        if (collectMs <= 0) throw new IllegalArgumentException("collectMs must be > 0, got " + collectMs);
        if (serverMs <= 0) throw new IllegalArgumentException("serverMs must be > 0, got " + serverMs);
        if (links == null) throw new IllegalArgumentException("links is required");
        if (ues < 0 || servers < 0)
            throw new IllegalArgumentException("ues and servers must be >= 0, got " + ues + " and " + servers);
    }
}
