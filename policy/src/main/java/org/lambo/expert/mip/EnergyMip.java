package org.lambo.expert.mip;

import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPObjective;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPSolverParameters;
import com.google.ortools.linearsolver.MPVariable;
import org.lambo.mec.CostModel;
import org.lambo.mec.Decision;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.mec.ShareAllocation;
import org.lambo.policy.Solution;

/**
 * {@code min-energy} as a generalised assignment problem, solved to proven optimality by SCIP.
 *
 * <p>Energy does not depend on the shares once every deadline holds, and a UE on server j meets its deadline exactly
 * when its share is at least its minimum share; so the only coupling is that the minimum shares of a server's UEs fit
 * in it. The spare share is then water-filled ({@link ShareAllocation#best}), so the decision is also as fast as this
 * assignment allows.
 */
final class EnergyMip {
    private EnergyMip() {}

    /** Solves a prompt that does not look at latency: min-energy, or weighted:0 (E / E_local, the same optimum). */
    static Solution solve(Instance inst, Prompt prompt, MipOptions options) {
        if (!prompt.energyOnly())
            throw new IllegalArgumentException("EnergyMip solves min-energy or weighted:0, not " + prompt.id());
        double b = prompt.energyCoefficient(inst);
        Candidates pairs = Candidates.of(inst, prompt);
        double trivialBound = pairs.trivialBound(prompt);
        if (pairs.size == 0) return MipExpert.allLocal(inst, prompt, Solution.Status.OPTIMAL);

        // Data
        double localTotal = 0;
        for (int i = 0; i < inst.n(); i++) localTotal += CostModel.localEnergy(inst, i);

        MPSolver solver = OrTools.scip(options);
        try {
            // Variables: x[k] = 1 when the UE of pair k offloads to the server of pair k.
            MPVariable[] x = new MPVariable[pairs.size];
            for (int k = 0; k < pairs.size; k++) x[k] = solver.makeBoolVar("x_" + pairs.ue[k] + "_" + pairs.server[k]);

            // Constraints: every UE offloads to at most one server.
            MPConstraint[] oneServer = new MPConstraint[inst.n()];
            for (int k = 0; k < pairs.size; k++) {
                int i = pairs.ue[k];
                if (oneServer[i] == null) oneServer[i] = solver.makeConstraint(0, 1, "one_server_" + i);
                oneServer[i].setCoefficient(x[k], 1);
            }
            // Constraints: the minimum shares (the least that meets each deadline) of a server's UEs fit in it.
            MPConstraint[] capacity = new MPConstraint[inst.m() + 1];
            for (int k = 0; k < pairs.size; k++) {
                int j = pairs.server[k];
                if (capacity[j] == null) capacity[j] = solver.makeConstraint(0, 1, "capacity_" + j);
                capacity[j].setCoefficient(x[k], pairs.minShare[k]);
            }

            // Objective: the local energy of the UEs that stay plus the upload energy of those that go (E; J = b E).
            MPObjective objective = solver.objective();
            objective.setOffset(localTotal);
            for (int k = 0; k < pairs.size; k++) {
                int i = pairs.ue[k];
                objective.setCoefficient(
                        x[k], CostModel.uploadEnergy(inst, i, pairs.server[k]) - CostModel.localEnergy(inst, i));
            }
            objective.setMinimization();

            // Solve, to a zero relative gap.
            MPSolverParameters params = new MPSolverParameters();
            params.setDoubleParam(MPSolverParameters.DoubleParam.RELATIVE_MIP_GAP, 0.0);
            solver.setTimeLimit(Math.max(1, (long) Math.ceil(options.timeLimitS() * 1000)));
            MPSolver.ResultStatus status = solver.solve(params);
            if (status != MPSolver.ResultStatus.OPTIMAL && status != MPSolver.ResultStatus.FEASIBLE) {
                if (status == MPSolver.ResultStatus.NOT_SOLVED)
                    return MipExpert.allLocal(inst, prompt, Solution.Status.TIME_LIMIT, trivialBound);
                throw new IllegalStateException(
                        "SCIP answered " + status + " on min-energy of " + inst.id() + ", where all-local is feasible");
            }
            double[] values = new double[pairs.size];
            for (int k = 0; k < pairs.size; k++) values[k] = x[k].solutionValue();
            Decision decision = ShareAllocation.require(inst, pairs.assignment(values));
            double value = CostModel.evaluate(inst, decision).objective(prompt);
            // the model counts E, in joules, for weighted:0 too (J = b E, b = 1 / E_local): its bound is scaled to J
            double bound = Math.min(value, Math.max(trivialBound, objective.bestBound() * b));
            return new Solution(
                    decision,
                    value,
                    bound,
                    status == MPSolver.ResultStatus.OPTIMAL ? Solution.Status.OPTIMAL : Solution.Status.TIME_LIMIT);
        } finally {
            solver.delete();
        }
    }
}
