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
 * {@code P.localSearch=K} ({@link #OPTION}). Known by the inner policy's name. Passes on the inner policy's
 * {@link Stateless}, {@link LearnsOnline} and {@link HasDecisionTrace} (the uncertainty is the inner decision's: the
 * search is not learned, online ALEF queries by what the model did not know); not an expert's bound (the improved
 * decision is not the solver's).
 */
public final class LocalSearchPolicy implements OffloadingPolicy {
    /** The option suffix: {@code P.localSearch}. */
    public static final String OPTION = "localSearch";
    /** The most passes {@code P.localSearch} may ask for. */
    public static final int MAX_PASSES = 100;

    private final OffloadingPolicy inner;
    private final int passes;

    /**
     * @param inner the policy whose decisions are improved; this policy's, closed with it
     * @param passes the most passes over every UE, 1 to {@link #MAX_PASSES}
     */
    public LocalSearchPolicy(OffloadingPolicy inner, int passes) {
        if (inner == null) throw new IllegalArgumentException("the inner policy is required");
        if (passes < 1 || passes > MAX_PASSES)
            throw new IllegalArgumentException("local search passes must be in 1.." + MAX_PASSES + ", got " + passes);
        this.inner = inner;
        this.passes = passes;
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
        return OneMoveSearch.improve(instance, prompt, inner.decide(instance, prompt), passes);
    }

    @Override
    public <C> Optional<C> capability(Class<C> type) {
        if (type == Stateless.class || type == LearnsOnline.class) return inner.capability(type);
        if (type == HasDecisionTrace.class) {
            Optional<HasDecisionTrace> traced = inner.capability(HasDecisionTrace.class);
            if (traced.isEmpty()) return Optional.empty();
            HasDecisionTrace t = (instance, prompt) -> {
                HasDecisionTrace.Traced d = traced.get().decideTraced(instance, prompt);
                return new HasDecisionTrace.Traced(
                        OneMoveSearch.improve(instance, prompt, d.decision(), passes), d.entropy());
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
