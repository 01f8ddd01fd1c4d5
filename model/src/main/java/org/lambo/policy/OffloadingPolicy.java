package org.lambo.policy;

import java.util.Optional;
import org.lambo.mec.Decision;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;

/**
 * What every offloading scheme is: an instance and a prompt in, a decision for every UE out. The AED, the experts and
 * every baseline implement it, and each passes the one contract test ({@code OffloadingPolicyContract}): a valid
 * decision on every instance, for both prompts.
 *
 * <p>A policy may keep state between calls (a random generator, a replay memory) and is therefore not assumed to be
 * thread-safe.
 *
 * <p><b>Capabilities.</b> What a policy can do beyond deciding is a small interface of this package, asked for with
 * {@link #capability}, never by the policy's class or name: {@link ReportsBound} (an objective and a proven bound, as
 * the experts give), {@link HasDecisionTrace} (a decision and how uncertain it was, which online ALEF queries by) and
 * {@link LearnsOnline} (learns from an expert's labels while it decides: online ALEF). Any policy, a plug-in's too,
 * takes part by implementing one.
 *
 * <p><b>Lifecycle.</b> A policy may hold native memory (a model on an engine, a solver): it is {@link AutoCloseable},
 * and <em>whoever creates a policy closes it</em>, in the same method, with try-with-resources (or, for a policy kept
 * for a run, when the run ends). Nobody else closes it: a policy handed to an agent, a bench or a decider is borrowed.
 * {@link #close} is a no-op by default, must be idempotent, and a closed policy is not used again.
 */
public interface OffloadingPolicy extends AutoCloseable {
    /** The name it is known by on the command line and in result tables, e.g. {@code mip}. */
    String name();

    /** Decides every UE of the instance. The result must pass the {@code DecisionValidator}. */
    Decision decide(Instance instance, Prompt prompt);

    /**
     * This policy seen as the capability {@code type} (an interface of this package such as {@link ReportsBound}), or
     * empty when it has none. By default a policy has the capabilities it implements; a policy that delegates (a
     * wrapper) overrides this to pass on its delegate's.
     */
    default <C> Optional<C> capability(Class<C> type) {
        return type.isInstance(this) ? Optional.of(type.cast(this)) : Optional.empty();
    }

    /**
     * Frees what the policy holds (native memory, threads); a no-op by default. Idempotent; never throws a checked
     * exception.
     */
    @Override
    default void close() {}
}
