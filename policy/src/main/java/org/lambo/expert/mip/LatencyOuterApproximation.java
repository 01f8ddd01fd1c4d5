package org.lambo.expert.mip;

import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPObjective;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPSolverParameters;
import com.google.ortools.linearsolver.MPVariable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.lambo.mec.CostModel;
import org.lambo.mec.Decision;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.mec.ShareAllocation;
import org.lambo.policy.Solution;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code min-latency} solved exactly, to a proven gap, by outer approximation (Kelley's cutting planes).
 *
 * <p>The problem is a convex MINLP: for pair k = (i, j) with binary x_k and share s_k, the compute time
 * c_k x_k^2 / s_k (c_k = F_i / f_j) is the perspective of c_k / s, jointly convex in (x, s). Its tangent
 * at (1, s0) is the linear cut t_k &gt;= c_k (2 x_k / s0 - s_k / s0^2), valid everywhere and exact at
 * (x, s) = (1, s0) and (0, 0). A second family bounds a whole server: by Cauchy-Schwarz and sum s &lt;= 1,
 * sum_k t_k &gt;= (sum_k w_k x_k)^2 with w_k = sqrt(c_k), and the tangent of u^2 at sigma gives
 * sum_k t_k &gt;= 2 sigma u - sigma^2. The MIP with finitely many cuts is a relaxation, so SCIP's best bound
 * is a lower bound (LB) on the optimum; the assignment it picks, with its best shares
 * ({@link ShareAllocation#best}), is a feasible decision whose true latency is an upper bound (UB).
 * Cuts are added where the MIP underestimates (at its own shares and at the water-filled shares) and
 * the MIP is solved again, until (UB - LB) / UB &lt;= {@code mip.gap} or the time runs out.
 */
final class LatencyOuterApproximation {
    private static final Logger LOG = LoggerFactory.getLogger(LatencyOuterApproximation.class);
    /** Initial tangent points of pair k: s0 = minShare_k * GRID_RATIO^q, up to 1 (1.2 % worst error on c/s). */
    private static final double GRID_RATIO = 1.25;
    /** Initial tangent points of a server's u^2: a geometric grid from the least weight to the sum. */
    private static final double SIGMA_RATIO = 1.15;
    /** A cut is added where the MIP's t underestimates the true compute time by more than this, relative. */
    private static final double CUT_TOLERANCE = 1e-7;

    private final Instance inst;
    private final Candidates pairs;
    private final MipOptions options;
    private final double[] c;       // [K], F_i / f_j, seconds with the whole server
    private final double[] w;       // [K], sqrt(c)
    private final List<TreeSet<Double>> tangentsAt = new ArrayList<>(); // [K], the s0 of pair k's cuts
    private final List<TreeSet<Double>> sigmasAt = new ArrayList<>();   // [M+1], the sigma of server j's cuts
    private MPSolver solver;
    private MPVariable[] x;
    private MPVariable[] s;
    private MPVariable[] t;
    private int cuts;
    private int iterations;
    private static final boolean TRACE = Boolean.getBoolean("lambo.mip.trace");

    private LatencyOuterApproximation(Instance inst, Candidates pairs, MipOptions options) {
        this.inst = inst;
        this.pairs = pairs;
        this.options = options;
        this.c = new double[pairs.size];
        this.w = new double[pairs.size];
        for (int k = 0; k < pairs.size; k++) {
            c[k] = CostModel.serverComputeTime(inst, pairs.ue[k], pairs.server[k], 1.0);
            w[k] = Math.sqrt(c[k]);
            tangentsAt.add(new TreeSet<>());
        }
        for (int j = 0; j <= inst.m(); j++) sigmasAt.add(new TreeSet<>());
    }

    static Solution solve(Instance inst, MipOptions options) {
        Candidates pairs = Candidates.of(inst, Prompt.MIN_LATENCY);
        if (pairs.size == 0) return MipExpert.allLocal(inst, Prompt.MIN_LATENCY, "OPTIMAL");
        LatencyOuterApproximation oa = new LatencyOuterApproximation(inst, pairs, options);
        oa.solver = OrTools.scip(options);
        try {
            return oa.run();
        } finally {
            oa.solver.delete();
        }
    }

    private Solution run() {
        long deadline = System.nanoTime() + (long) (options.timeLimitS() * 1e9);
        buildModel();
        Decision incumbent = Decision.allLocal(inst.n());
        double ub = CostModel.evaluate(inst, incumbent).totalLatency();
        double lb = pairs.trivialBound(Prompt.MIN_LATENCY);
        MPSolverParameters params = new MPSolverParameters();
        params.setDoubleParam(MPSolverParameters.DoubleParam.RELATIVE_MIP_GAP, options.gap() / 2);
        String status;
        while (true) {
            long leftMs = (deadline - System.nanoTime()) / 1_000_000;
            if (leftMs <= 0) {
                status = "TIME_LIMIT";
                break;
            }
            solver.setTimeLimit(leftMs);
            hint(incumbent);
            MPSolver.ResultStatus result = solver.solve(params);
            if (result == MPSolver.ResultStatus.NOT_SOLVED) {
                status = "TIME_LIMIT";
                break;
            }
            if (result != MPSolver.ResultStatus.OPTIMAL && result != MPSolver.ResultStatus.FEASIBLE) {
                throw new IllegalStateException("SCIP answered " + result + " on min-latency of " + inst.id() + ", where all-local is feasible");
            }
            double bound = solver.objective().bestBound();
            if (Double.isFinite(bound)) lb = Math.max(lb, bound);
            double[] xv = values(x);
            double[] sv = values(s);
            double[] tv = values(t);
            int[] assignment = pairs.assignment(xv);
            Optional<Decision> candidate = ShareAllocation.best(inst, assignment);
            if (candidate.isEmpty()) {
                throw new IllegalStateException("SCIP's assignment " + java.util.Arrays.toString(assignment) + " on " + inst.id()
                        + " breaks a server's capacity: the MIP and ShareAllocation disagree on the minimum shares");
            }
            double value = CostModel.evaluate(inst, candidate.get()).totalLatency();
            if (value < ub) {
                ub = value;
                incumbent = candidate.get();
            }
            iterations++;
            LOG.debug("{} iteration {}: SCIP {} in {} ms, LB {}, UB {}, {} cuts", inst.id(), iterations, result, solver.wallTime(), lb, ub, cuts);
            if (TRACE) System.err.printf("%s it %d: %s %d ms LB %.6f UB %.6f cuts %d%n", inst.id(), iterations, result, solver.wallTime(), lb, ub, cuts);
            if (closed(lb, ub)) {
                status = "GAP_LIMIT";
                break;
            }
            if (result == MPSolver.ResultStatus.FEASIBLE) { // SCIP ran out of time inside this solve
                status = "TIME_LIMIT";
                break;
            }
            int added = addCuts(xv, sv, tv, candidate.get());
            if (added == 0) { // the MIP is exact at its own solution, so LB is within SCIP's gap of UB
                status = closed(lb, ub) ? "GAP_LIMIT" : ub - lb <= 1e-6 * ub ? "OPTIMAL" : "STALLED";
                break;
            }
        }
        lb = Math.min(lb, ub);
        return new Solution(incumbent, ub, lb, (ub - lb) <= 1e-12 * ub ? "OPTIMAL" : status);
    }

    private boolean closed(double lb, double ub) {
        return ub - lb <= options.gap() * ub;
    }

    private void buildModel() {
        int n = inst.n();
        int m = inst.m();
        int kk = pairs.size;
        // Variables: x[k] = 1 when the UE of pair k offloads to its server, s[k] its share, t[k] its compute time (s).
        x = new MPVariable[kk];
        s = new MPVariable[kk];
        t = new MPVariable[kk];
        for (int k = 0; k < kk; k++) {
            String name = pairs.ue[k] + "_" + pairs.server[k];
            x[k] = solver.makeBoolVar("x_" + name);
            s[k] = solver.makeNumVar(0, 1, "s_" + name);
            t[k] = solver.makeNumVar(0, MPSolver.infinity(), "t_" + name);
        }

        // Constraints: every UE offloads to at most one server.
        MPConstraint[] oneServer = new MPConstraint[n];
        for (int k = 0; k < kk; k++) {
            int i = pairs.ue[k];
            if (oneServer[i] == null) oneServer[i] = solver.makeConstraint(0, 1, "one_server_" + i);
            oneServer[i].setCoefficient(x[k], 1);
        }
        // Constraints: a UE has a share of a server only if it offloads there, and then at least its minimum share (its deadline).
        for (int k = 0; k < kk; k++) {
            MPConstraint upper = solver.makeConstraint(-MPSolver.infinity(), 0, "share_only_if_offloaded_" + k);
            upper.setCoefficient(s[k], 1);
            upper.setCoefficient(x[k], -1);
            MPConstraint lower = solver.makeConstraint(0, MPSolver.infinity(), "deadline_" + k);
            lower.setCoefficient(s[k], 1);
            lower.setCoefficient(x[k], -pairs.minShare[k]);
        }
        // Constraints: a server gives out at most all of itself.
        MPConstraint[] capacity = new MPConstraint[m + 1];
        for (int k = 0; k < kk; k++) {
            int j = pairs.server[k];
            if (capacity[j] == null) capacity[j] = solver.makeConstraint(0, 1, "capacity_" + j);
            capacity[j].setCoefficient(s[k], 1);
        }
        // Constraints: t[k] is at least every tangent of c x^2 / s taken so far, here on a grid of shares.
        for (int k = 0; k < kk; k++) {
            for (double s0 = pairs.minShare[k]; s0 < 1; s0 *= GRID_RATIO) addTangent(k, s0);
            addTangent(k, 1.0);
        }
        // Constraints: a server's compute times sum to at least every tangent of (sum w x)^2 taken so far, on a grid.
        for (int j = 1; j <= m; j++) {
            double least = Double.POSITIVE_INFINITY;
            double all = 0;
            for (int k = 0; k < kk; k++) {
                if (pairs.server[k] != j) continue;
                least = Math.min(least, w[k]);
                all += w[k];
            }
            if (all == 0) continue;
            for (double sigma = least; sigma < all; sigma *= SIGMA_RATIO) addServerTangent(j, sigma);
            addServerTangent(j, all);
        }

        // Objective: every UE's latency: local time if it stays, upload plus compute time if it goes.
        MPObjective objective = solver.objective();
        double localTotal = 0;
        for (int i = 0; i < n; i++) localTotal += CostModel.localLatency(inst, i);
        objective.setOffset(localTotal);
        for (int k = 0; k < kk; k++) {
            int i = pairs.ue[k];
            objective.setCoefficient(x[k], CostModel.uploadTime(inst, i, pairs.server[k]) - CostModel.localLatency(inst, i));
            objective.setCoefficient(t[k], 1);
        }
        objective.setMinimization();
    }

    /** t_k &gt;= c_k (2 x_k / s0 - s_k / s0^2), unless pair k already has a cut at s0. */
    private boolean addTangent(int k, double s0) {
        TreeSet<Double> at = tangentsAt.get(k);
        Double near = at.ceiling(s0 * (1 - 1e-9));
        if (near != null && near <= s0 * (1 + 1e-9)) return false;
        at.add(s0);
        MPConstraint cut = solver.makeConstraint(0, MPSolver.infinity(), "tangent_" + k + "_" + cuts++);
        cut.setCoefficient(t[k], 1);
        cut.setCoefficient(x[k], -2 * c[k] / s0);
        cut.setCoefficient(s[k], c[k] / (s0 * s0));
        return true;
    }

    /** sum_{k on j} t_k &gt;= 2 sigma sum_{k on j} w_k x_k - sigma^2, unless server j already has a cut at sigma. */
    private boolean addServerTangent(int j, double sigma) {
        TreeSet<Double> at = sigmasAt.get(j);
        Double near = at.ceiling(sigma * (1 - 1e-9));
        if (near != null && near <= sigma * (1 + 1e-9)) return false;
        at.add(sigma);
        MPConstraint cut = solver.makeConstraint(-sigma * sigma, MPSolver.infinity(), "server_tangent_" + j + "_" + cuts++);
        for (int k = 0; k < pairs.size; k++) {
            if (pairs.server[k] != j) continue;
            cut.setCoefficient(t[k], 1);
            cut.setCoefficient(x[k], -2 * sigma * w[k]);
        }
        return true;
    }

    /**
     * Cuts where the MIP underestimates: for every offloaded pair whose t is below c / s at the MIP's
     * share, a tangent there; a tangent at every offloaded pair's water-filled share; and for every
     * server whose summed t is below (sum w)^2, a tangent there. Returns how many were new.
     */
    private int addCuts(double[] xv, double[] sv, double[] tv, Decision filled) {
        int added = 0;
        double[] sumT = new double[inst.m() + 1];
        double[] sigma = new double[inst.m() + 1];
        for (int k = 0; k < pairs.size; k++) {
            if (xv[k] <= 0.5) continue;
            int j = pairs.server[k];
            sumT[j] += tv[k];
            sigma[j] += w[k];
            double share = Math.max(sv[k], pairs.minShare[k]);
            if (tv[k] < c[k] / share * (1 - CUT_TOLERANCE) && addTangent(k, share)) added++;
            double waterFilled = filled.share(pairs.ue[k]);
            if (waterFilled > 0 && addTangent(k, waterFilled)) added++;
        }
        for (int j = 1; j <= inst.m(); j++) {
            if (sigma[j] > 0 && sumT[j] < sigma[j] * sigma[j] * (1 - CUT_TOLERANCE) && addServerTangent(j, sigma[j])) added++;
        }
        return added;
    }

    /** Gives SCIP the incumbent (x, its water-filled shares, its true compute times) as a starting solution. */
    private void hint(Decision incumbent) {
        int kk = pairs.size;
        MPVariable[] vars = new MPVariable[3 * kk];
        double[] vals = new double[3 * kk];
        for (int k = 0; k < kk; k++) {
            boolean on = incumbent.option(pairs.ue[k]) == pairs.server[k];
            double share = on ? incumbent.share(pairs.ue[k]) : 0;
            vars[3 * k] = x[k];
            vals[3 * k] = on ? 1 : 0;
            vars[3 * k + 1] = s[k];
            vals[3 * k + 1] = share;
            vars[3 * k + 2] = t[k];
            vals[3 * k + 2] = on ? c[k] / share : 0;
        }
        solver.setHint(vars, vals);
    }

    private static double[] values(MPVariable[] vars) {
        double[] v = new double[vars.length];
        for (int k = 0; k < vars.length; k++) v[k] = vars[k].solutionValue();
        return v;
    }
}
