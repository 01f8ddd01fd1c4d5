package org.lambo.search;

import java.util.Optional;
import org.lambo.mec.Decision;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.policy.HasDecisionTrace;
import org.lambo.policy.LearnsOnline;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.Stateless;

/**
 * A policy whose every decision is improved by {@link OneMoveSearch}: the inner policy decides, then UEs are moved one
 * at a time while that lowers the prompt's objective. Never worse than the inner policy's decision under the cost
 * model; deterministic given the inner decision.
 *
 * <p>Made by {@link org.lambo.policy.Policies} (through {@link LocalSearch}) for any policy given
 * {@code P.localSearch=K|auto} ({@link #OPTION}; {@code auto}: {@link #AUTO_PASSES} passes on slots of at most
 * {@link #AUTO_MAX_UES} UEs and {@link #AUTO_MAX_SERVERS} servers, larger slots as the inner policy decides them).
 * Known by the inner policy's name. Passes on the inner policy's {@link Stateless}, {@link LearnsOnline} and
 * {@link HasDecisionTrace} (the uncertainty is the inner decision's: the search is not learned, online ALEF queries by
 * what the model did not know); not an expert's bound (the improved decision is not the solver's).
 */
public final class LocalSearchPolicy implements OffloadingPolicy {
    /** The option suffix: {@code P.localSearch}. */
    public static final String OPTION = "localSearch";
    /** The most passes {@code P.localSearch} may ask for. */
    public static final int MAX_PASSES = 100;

    /** Passes of {@code auto}. */
    public static final int AUTO_PASSES = 3;
    /** The most UEs a slot may have for {@code auto} to search it: the default AED's training family. */
    public static final int AUTO_MAX_UES = 200;
    /** The most servers a slot may have for {@code auto} to search it. */
    public static final int AUTO_MAX_SERVERS = 8;

    private final OffloadingPolicy inner;
    private final int passes;
    private final int maxUes;
    private final int maxServers;

    /** Searches every slot: {@code passes} passes, 1 to {@link #MAX_PASSES}. */
    public LocalSearchPolicy(OffloadingPolicy inner, int passes) {
        this(inner, passes, Integer.MAX_VALUE, Integer.MAX_VALUE);
    }

    /**
     * @param inner the policy whose decisions are improved; this policy's, closed with it
     * @param passes the most passes over every UE, 1 to {@link #MAX_PASSES}
     * @param maxUes a slot with more UEs is left as the inner policy decides it (a pass of exchanges costs O(N^3 / M))
     * @param maxServers likewise for servers
     */
    public LocalSearchPolicy(OffloadingPolicy inner, int passes, int maxUes, int maxServers) {
        if (inner == null) throw new IllegalArgumentException("the inner policy is required");
        if (passes < 1 || passes > MAX_PASSES)
            throw new IllegalArgumentException("local search passes must be in 1.." + MAX_PASSES + ", got " + passes);
        if (maxUes < 1 || maxServers < 1)
            throw new IllegalArgumentException(
                    "local search size limits must be >= 1, got " + maxUes + " UEs and " + maxServers + " servers");
        this.inner = inner;
        this.passes = passes;
        this.maxUes = maxUes;
        this.maxServers = maxServers;
    }

    /** The inner decision improved, when the slot is within the size limits; else the inner decision itself. */
    private Decision improve(Instance instance, Prompt prompt, Decision decided) {
        if (instance.n() > maxUes || instance.m() > maxServers) return decided;
        return OneMoveSearch.improve(instance, prompt, decided, passes);
    }

    /** The inner policy. */
    public OffloadingPolicy inner() {
        return inner;
    }

    public int passes() {
        return passes;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public Decision decide(Instance instance, Prompt prompt) {
        return improve(instance, prompt, inner.decide(instance, prompt));
    }

    @Override
    public <C> Optional<C> capability(Class<C> type) {
        if (type == Stateless.class || type == LearnsOnline.class) return inner.capability(type);
        if (type == HasDecisionTrace.class) {
            Optional<HasDecisionTrace> traced = inner.capability(HasDecisionTrace.class);
            if (traced.isEmpty()) return Optional.empty();
            HasDecisionTrace t = (instance, prompt) -> {
                HasDecisionTrace.Traced d = traced.get().decideTraced(instance, prompt);
                return new HasDecisionTrace.Traced(improve(instance, prompt, d.decision()), d.entropy());
            };
            return Optional.of(type.cast(t));
        }
        return OffloadingPolicy.super.capability(type);
    }

    @Override
    public void close() {
        inner.close();
    }
}
