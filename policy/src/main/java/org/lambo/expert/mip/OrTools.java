package org.lambo.expert.mip;

import com.google.ortools.Loader;
import com.google.ortools.linearsolver.MPSolver;

/** OR-Tools' native library, loaded once per JVM, and the SCIP solvers the MIP expert builds on it. */
final class OrTools {
    private static boolean loaded;

    private OrTools() {}

    /** Loads the natives on first use (they unpack from the jar, so this costs a moment once). */
    static synchronized void load() {
        if (!loaded) {
            Loader.loadNativeLibraries();
            loaded = true;
        }
    }

    /**
     * A fresh SCIP solver with the expert's options: its thread count, and a primal feasibility tolerance of 1e-9 so
     * that the minimum shares of an assignment SCIP calls feasible also pass {@code ShareAllocation} and the validator,
     * whose slack is 1e-9 relative.
     */
    static MPSolver scip(MipOptions options) {
        load();
        MPSolver solver = MPSolver.createSolver("SCIP");
        if (solver == null) throw new IllegalStateException("OR-Tools has no SCIP solver on this platform");
        if (!solver.setNumThreads(options.threads())) {
            throw new IllegalStateException("SCIP refused mip.threads = " + options.threads());
        }
        if (!solver.setSolverSpecificParametersAsString("numerics/feastol = 1e-9\n")) {
            throw new IllegalStateException("SCIP refused numerics/feastol");
        }
        return solver;
    }
}
