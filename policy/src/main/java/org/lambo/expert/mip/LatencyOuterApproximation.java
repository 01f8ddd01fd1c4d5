package org.lambo.expert.mip;

import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPObjective;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPSolverParameters;
import com.google.ortools.linearsolver.MPVariable;
import java.util.ArrayList;
import java.util.Arrays;
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
 * {@code min-latency} solved exactly, to a proven gap, by outer approximation (Kelley's cutting planes); also
 * {@code weighted:w} for w &gt; 0, whose objective a L + b E ({@link Prompt#latencyCoefficient},
 * {@link Prompt#energyCoefficient}) scales the latency terms below by a and adds b E, which is linear in the assignment
 * (local energy, or upload energy whatever the share). The cuts bound t, the compute time itself, so they do not
 * change; the objective counts a t.
 *
 * <p>The problem is a convex MINLP: for pair k = (i, j) with binary x_k and share s_k, the compute time c_k x_k^2 / s_k
 * (c_k = F_i / f_j) is the perspective of c_k / s, jointly convex in (x, s). Its tangent at (1, s0) is the linear cut
 * t_k &gt;= c_k (2 x_k / s0 - s_k / s0^2), valid everywhere and exact at (x, s) = (1, s0) and (0, 0). A second family
 * bounds a whole server: by Cauchy-Schwarz and sum s &lt;= 1, sum_k t_k &gt;= (sum_k w_k x_k)^2 with w_k = sqrt(c_k),
 * and the tangent of u^2 at sigma gives sum_k t_k &gt;= 2 sigma u - sigma^2. The MIP with finitely many cuts is a
 * relaxation, so SCIP's best bound is a lower bound (LB) on the optimum; the assignment it picks, with its best shares
 * ({@link ShareAllocation#best}), is a feasible decision whose true latency is an upper bound (UB). Cuts are added
 * where the MIP underestimates (at its own shares and at the water-filled shares) and the MIP is solved again, until
 * (UB - LB) / UB &lt;= {@code mip.gap} or the time runs out.
 *
 * <p>Every round builds a fresh SCIP model from the cuts collected so far and hints it the incumbent: building takes
 * milliseconds, and SCIP's concurrent mode ({@code mip.threads} &gt; 1) does not re-solve a modified model reliably.
 */
final class LatencyOuterApproximation {
    private static final Logger LOG = LoggerFactory.getLogger(LatencyOuterApproximation.class);
    /** Initial tangent points of pair k: s0 = minShare_k * GRID_RATIO^q up to 1 (at most 1.2 % below c / s). */
    private static final double GRID_RATIO = 1.25;
    /** Initial tangent points of a server's u^2: a geometric grid from the least weight to the sum. */
    private static final double SIGMA_RATIO = 1.15;
    /** A cut is added where the MIP's t underestimates the true compute time by more than this, relative. */
    private static final double CUT_TOLERANCE = 1e-7;

    private final Instance inst;
    private final Prompt prompt;
    private final double a; // the objective's weight of L (1 for min-latency; > 0)
    private final double b; // its weight of E (0 for min-latency)
    private final Candidates pairs;
    private final MipOptions options;
    private final double[] c; // [K], F_i / f_j: seconds with the whole server
    private final double[] w; // [K], sqrt(c)
    private final List<TreeSet<Double>> tangentsAt = new ArrayList<>(); // [K], the s0 of pair k's cuts
    private final List<TreeSet<Double>> sigmasAt = new ArrayList<>(); // [M+1], the sigma of server j's cuts

    private LatencyOuterApproximation(Instance inst, Prompt prompt, Candidates pairs, MipOptions options) {
        this.inst = inst;
        this.prompt = prompt;
        this.a = prompt.latencyCoefficient(inst);
        this.b = prompt.energyCoefficient(inst);
        this.pairs = pairs;
        this.options = options;
        this.c = new double[pairs.size];
        this.w = new double[pairs.size];
        for (int k = 0; k < pairs.size; k++) {
            c[k] = CostModel.serverComputeTime(inst, pairs.ue[k], pairs.server[k], 1.0);
            w[k] = Math.sqrt(c[k]);
            TreeSet<Double> at = new TreeSet<>();
            for (double s0 = pairs.minShare[k]; s0 < 1; s0 *= GRID_RATIO) at.add(s0);
            at.add(1.0);
            tangentsAt.add(at);
        }
        for (int j = 0; j <= inst.m(); j++) {
            TreeSet<Double> at = new TreeSet<>();
            double least = Double.POSITIVE_INFINITY;
            double all = 0;
            for (int k = 0; k < pairs.size; k++) {
                if (pairs.server[k] != j) continue;
                least = Math.min(least, w[k]);
                all += w[k];
            }
            if (all > 0) {
                for (double sigma = least; sigma < all; sigma *= SIGMA_RATIO) at.add(sigma);
                at.add(all);
            }
            sigmasAt.add(at);
        }
    }

    /** Solves a prompt that weighs latency: min-latency, or weighted:w with w &gt; 0. */
    static Solution solve(Instance inst, Prompt prompt, MipOptions options) {
        if (prompt.energyOnly())
            throw new IllegalArgumentException(
                    "the outer approximation needs a prompt that weighs latency, not " + prompt.id());
        Candidates pairs = Candidates.of(inst, prompt);
        if (pairs.size == 0) return MipExpert.allLocal(inst, prompt, Solution.Status.OPTIMAL);
        return new LatencyOuterApproximation(inst, prompt, pairs, options).run();
    }

    /** One MIP's answer: its best bound and, when it found one, its solution. */
    private record Round(MPSolver.ResultStatus status, double bound, double[] x, double[] s, double[] t, long millis) {
        boolean hasSolution() {
            return status == MPSolver.ResultStatus.OPTIMAL || status == MPSolver.ResultStatus.FEASIBLE;
        }
    }

    private Solution run() {
        long deadline = System.nanoTime() + (long) (options.timeLimitS() * 1e9);
        Decision incumbent = Decision.allLocal(inst.n());
        double ub = CostModel.evaluate(inst, incumbent).objective(prompt);
        double lb = pairs.trivialBound(prompt);
        Solution.Status status;
        int round = 0;
        while (true) {
            long leftMs = (deadline - System.nanoTime()) / 1_000_000;
            if (leftMs <= 0) {
                status = Solution.Status.TIME_LIMIT;
                break;
            }
            Round r = solveMip(incumbent, leftMs);
            round++;
            if (Double.isFinite(r.bound()))
                lb = Math.max(lb, r.bound() * a); // the MIP counts J / a (a = 1 for min-latency)
            if (!r.hasSolution()) {
                if (r.status() == MPSolver.ResultStatus.NOT_SOLVED) {
                    status = Solution.Status.TIME_LIMIT;
                    break;
                }
                throw new IllegalStateException("SCIP answered " + r.status() + " on " + prompt.id() + " of "
                        + inst.id() + ", where all-local is feasible");
            }
            int[] assignment = pairs.assignment(r.x());
            Optional<Decision> candidate = ShareAllocation.best(inst, assignment);
            if (candidate.isEmpty()) {
                throw new IllegalStateException("SCIP's assignment " + Arrays.toString(assignment) + " on " + inst.id()
                        + " overfills a server with minimum shares: the MIP and ShareAllocation disagree");
            }
            double value = CostModel.evaluate(inst, candidate.get()).objective(prompt);
            if (value < ub) {
                ub = value;
                incumbent = candidate.get();
            }
            LOG.debug("{} round {}: SCIP {} in {} ms, LB {}, UB {}", inst.id(), round, r.status(), r.millis(), lb, ub);
            if (closed(lb, ub)) {
                status = Solution.Status.GAP_LIMIT;
                break;
            }
            int added = addCuts(r, candidate.get());
            if (r.status() == MPSolver.ResultStatus.FEASIBLE) {
                // SCIP stopped at its time limit (the rest of mip.timeLimitS) before proving its own gap
                status = Solution.Status.TIME_LIMIT;
                break;
            }
            if (added == 0) { // the MIP is exact at its own solution, so LB is within SCIP's gap of UB
                status = ub - lb <= 1e-6 * ub ? Solution.Status.OPTIMAL : Solution.Status.STALLED;
                break;
            }
        }
        lb = Math.min(lb, ub);
        return new Solution(incumbent, ub, lb, ub - lb <= 1e-12 * ub ? Solution.Status.OPTIMAL : status);
    }

    private boolean closed(double lb, double ub) {
        return ub - lb <= options.gap() * ub;
    }

    /** Builds the MIP from the cuts so far, hints it the incumbent, and solves it to half the target gap. */
    private Round solveMip(Decision incumbent, long timeLimitMs) {
        MPSolver solver = OrTools.scip(options);
        try {
            int n = inst.n();
            int m = inst.m();
            int kk = pairs.size;
            // Variables: x[k] = 1 when the UE of pair k offloads to its server, s[k] its share, t[k] its compute time
            // (s).
            MPVariable[] x = new MPVariable[kk];
            MPVariable[] s = new MPVariable[kk];
            MPVariable[] t = new MPVariable[kk];
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
            // Constraints: a UE has a share of a server only if it offloads there, and then at least its minimum share
            // (its deadline).
            for (int k = 0; k < kk; k++) {
                MPConstraint upper = solver.makeConstraint(-MPSolver.infinity(), 0, "share_if_offloaded_" + k);
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
            // Constraints: t[k] is at least every tangent of c x^2 / s taken so far: t >= c (2 x / s0 - s / s0^2).
            for (int k = 0; k < kk; k++) {
                for (double s0 : tangentsAt.get(k)) {
                    MPConstraint cut = solver.makeConstraint(0, MPSolver.infinity());
                    cut.setCoefficient(t[k], 1);
                    cut.setCoefficient(x[k], -2 * c[k] / s0);
                    cut.setCoefficient(s[k], c[k] / (s0 * s0));
                }
            }
            // Constraints: a server's compute times sum to at least every tangent of (sum w x)^2 taken so far.
            for (int j = 1; j <= m; j++) {
                for (double sigma : sigmasAt.get(j)) {
                    MPConstraint cut = solver.makeConstraint(-sigma * sigma, MPSolver.infinity());
                    for (int k = 0; k < kk; k++) {
                        if (pairs.server[k] != j) continue;
                        cut.setCoefficient(t[k], 1);
                        cut.setCoefficient(x[k], -2 * sigma * w[k]);
                    }
                }
            }

            // Objective: every UE's latency: its local time if it stays, upload plus compute time if it goes
            // (min-latency); for a weighted prompt a times that plus b times its energy: local, or upload.
            MPObjective objective = solver.objective();
            double localTotal = 0;
            for (int i = 0; i < n; i++) localTotal += CostModel.localLatency(inst, i);
            if (!prompt.weighted()) {
                objective.setOffset(localTotal);
                for (int k = 0; k < kk; k++) {
                    int i = pairs.ue[k];
                    objective.setCoefficient(
                            x[k], CostModel.uploadTime(inst, i, pairs.server[k]) - CostModel.localLatency(inst, i));
                    objective.setCoefficient(t[k], 1);
                }
            } else {
                // J / a = L + (b / a) E: the same magnitudes as min-latency's model (seconds), so that SCIP's absolute
                // tolerances act alike; J itself is of order 1 and SCIP took 2 to 4 times longer on it (weighted:1 on
                // paper)
                double ratio = b / a;
                double localEnergy = 0;
                for (int i = 0; i < n; i++) localEnergy += CostModel.localEnergy(inst, i);
                objective.setOffset(localTotal + ratio * localEnergy);
                for (int k = 0; k < kk; k++) {
                    int i = pairs.ue[k];
                    int j = pairs.server[k];
                    objective.setCoefficient(
                            x[k],
                            CostModel.uploadTime(inst, i, j)
                                    - CostModel.localLatency(inst, i)
                                    + ratio * (CostModel.uploadEnergy(inst, i, j) - CostModel.localEnergy(inst, i)));
                    objective.setCoefficient(t[k], 1);
                }
            }
            objective.setMinimization();

            // Solve, from the incumbent (its x, water-filled shares and true compute times satisfy every cut).
            hint(solver, incumbent, x, s, t);
            MPSolverParameters params = new MPSolverParameters();
            params.setDoubleParam(MPSolverParameters.DoubleParam.RELATIVE_MIP_GAP, options.gap() / 2);
            solver.setTimeLimit(timeLimitMs);
            MPSolver.ResultStatus status = solver.solve(params);
            boolean solved = status == MPSolver.ResultStatus.OPTIMAL || status == MPSolver.ResultStatus.FEASIBLE;
            double bound = solved ? Math.min(objective.bestBound(), objective.value()) : Double.NaN;
            return new Round(
                    status,
                    bound,
                    solved ? values(x) : null,
                    solved ? values(s) : null,
                    solved ? values(t) : null,
                    solver.wallTime());
        } finally {
            solver.delete();
        }
    }

    /**
     * Cuts where the MIP underestimates: for every offloaded pair whose t is below c / s at the MIP's share, a tangent
     * there; a tangent at every offloaded pair's water-filled share; and for every server whose summed t is below (sum
     * w)^2, a tangent there. Returns how many were new.
     */
    private int addCuts(Round r, Decision filled) {
        int added = 0;
        double[] sumT = new double[inst.m() + 1];
        double[] sigma = new double[inst.m() + 1];
        for (int k = 0; k < pairs.size; k++) {
            if (r.x()[k] <= 0.5) continue;
            int j = pairs.server[k];
            sumT[j] += r.t()[k];
            sigma[j] += w[k];
            double share = Math.max(r.s()[k], pairs.minShare[k]);
            if (r.t()[k] < c[k] / share * (1 - CUT_TOLERANCE) && addPoint(tangentsAt.get(k), share)) added++;
            if (addPoint(tangentsAt.get(k), filled.share(pairs.ue[k]))) added++;
        }
        for (int j = 1; j <= inst.m(); j++) {
            if (sigma[j] > 0
                    && sumT[j] < sigma[j] * sigma[j] * (1 - CUT_TOLERANCE)
                    && addPoint(sigmasAt.get(j), sigma[j])) added++;
        }
        return added;
    }

    /** Adds a tangent point unless one within 1e-9 relative is there already. */
    private static boolean addPoint(TreeSet<Double> at, double point) {
        Double near = at.ceiling(point * (1 - 1e-9));
        if (near != null && near <= point * (1 + 1e-9)) return false;
        return at.add(point);
    }

    private void hint(MPSolver solver, Decision incumbent, MPVariable[] x, MPVariable[] s, MPVariable[] t) {
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
