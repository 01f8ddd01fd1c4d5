package org.lambo.agents.expert;

import java.util.ArrayList;
import java.util.List;
import org.lambo.agents.Vocabulary;
import org.lambo.mec.CostModel;
import org.lambo.mec.Decision;
import org.lambo.mec.DecisionValidator;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.ontology.Label;
import org.lambo.ontology.LabelRequest;
import org.lambo.ontology.Proposal;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.ReportsBound;
import org.lambo.policy.Solution;

/**
 * An expert's work without JADE: rebuild the slot of a label request, solve it with the expert's policy (one that
 * {@link ReportsBound} also gives its proven bound), check the answer with the one validator, and bid for new work. The
 * bid's time to answer is the running mean of its past solve times (its prior until it has solved one) times the labels
 * it still owes plus one; its cost is the mean solve time alone, in CPU seconds.
 *
 * <p>Thread use: the expert agent bids on its own thread and labels on a solver thread; the bookkeeping is
 * synchronised, the solve itself is not, so bids are answered while a label is solved.
 */
public final class Labeller {
    /** Weight of the newest solve time in the running mean. */
    static final double SMOOTHING = 0.3;

    private final String expert;
    private final OffloadingPolicy policy;
    private double meanSolveS;
    private int owed;

    /**
     * @param priorSolveS the solve time assumed before the first label (seconds, &gt;= 0), e.g. the expert's time limit
     */
    public Labeller(String expert, OffloadingPolicy policy, double priorSolveS) {
        if (expert == null || expert.isBlank()) throw new IllegalArgumentException("expert name is missing");
        if (policy == null) throw new IllegalArgumentException("expert policy is missing");
        if (!(priorSolveS >= 0) || !Double.isFinite(priorSolveS))
            throw new IllegalArgumentException("priorSolveS must be >= 0, got " + priorSolveS);
        this.expert = expert;
        this.policy = policy;
        this.meanSolveS = priorSolveS;
    }

    public String policyName() {
        return policy.name();
    }

    /**
     * A bid for a request: cost and time to answer. Counts the request as owed until {@link #label} or
     * {@link #release}.
     */
    public synchronized Proposal propose(LabelRequest r) {
        owed++;
        return new Proposal(r.requestId(), expert, policy.name(), meanSolveS, meanSolveS * owed);
    }

    /** The request was given to another expert. */
    public synchronized void release() {
        if (owed > 0) owed--;
    }

    /** The mean solve time so far, seconds. */
    public synchronized double meanSolveS() {
        return meanSolveS;
    }

    /**
     * Solves the request's slot.
     *
     * @throws IllegalArgumentException when the slot cannot be rebuilt
     * @throws DecisionValidator.InvalidDecisionException when the policy answers an invalid decision
     */
    public Label label(LabelRequest r) {
        try {
            Instance inst =
                    Vocabulary.instance(r.requestId(), r.servers(), r.requests(), Vocabulary.channel(r.channel()));
            Prompt prompt = Prompt.of(r.prompt());
            long t0 = System.nanoTime();
            var bound = policy.capability(ReportsBound.class);
            Solution sol = bound.isPresent() ? bound.get().solve(inst, prompt) : null;
            Decision d = sol != null ? sol.decision() : policy.decide(inst, prompt);
            double solveS = (System.nanoTime() - t0) / 1e9;
            solved(solveS);
            DecisionValidator.requireValid(inst, d, policy.name());
            double objective = CostModel.evaluate(inst, d).objective(prompt);
            List<Integer> options = new ArrayList<>(inst.n());
            List<Double> shares = new ArrayList<>(inst.n());
            for (int i = 0; i < inst.n(); i++) {
                options.add(d.option(i));
                shares.add(d.share(i));
            }
            return new Label(
                    r.requestId(),
                    expert,
                    policy.name(),
                    options,
                    shares,
                    objective,
                    sol == null ? null : sol.bound(),
                    sol == null
                            ? Label.Status.HEURISTIC
                            : Label.Status.parse(sol.status().name()),
                    solveS);
        } finally {
            release();
        }
    }

    private synchronized void solved(double solveS) {
        meanSolveS = meanSolveS == 0 ? solveS : (1 - SMOOTHING) * meanSolveS + SMOOTHING * solveS;
    }
}
