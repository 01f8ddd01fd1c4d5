package org.lambo.policy;

/**
 * Capability: decides every call from its instance and prompt (and the policy's seed and options) alone; nothing is
 * carried from one decision to the next, so a slot's decision needs no earlier slot. A resumed trial replays the slots
 * before the resume for a policy without it ({@code PolicyReplay}) and not for one with it. Ask for it with
 * {@code policy.capability(Stateless.class)}.
 *
 * <p>A policy that keeps state between calls (a generator that advances from call to call, a replay memory, online
 * training while deciding) must not have it; one whose statelessness depends on its options (the AED samples with a
 * generator when {@code aed.samples > 1}) answers {@link OffloadingPolicy#capability} accordingly. The contract
 * ({@code OffloadingPolicyContract}) holds a policy to it: after deciding other slots it decides a slot as a fresh
 * policy of the same seed does.
 */
public interface Stateless {}
