package org.lambo.mec;

/** What a decision costs on an instance, per UE and in total. */
public final class Evaluation {
    private final double[] latency;
    private final double[] energy;
    private final double totalLatency;
    private final double totalEnergy;
    private final Instance instance;

    Evaluation(double[] latency, double[] energy, Instance instance) {
        this.instance = instance;
        this.latency = latency;
        this.energy = energy;
        double l = 0;
        double e = 0;
        for (int i = 0; i < latency.length; i++) {
            l += latency[i];
            e += energy[i];
        }
        this.totalLatency = l;
        this.totalEnergy = e;
    }

    /** T_i, seconds. */
    public double latency(int i) {
        return latency[i];
    }

    /** E_i, joules. */
    public double energy(int i) {
        return energy[i];
    }

    /** L = sum_i T_i, seconds. */
    public double totalLatency() {
        return totalLatency;
    }

    /** L / N, the mean latency per UE, seconds: what {@code min-latency} reports. */
    public double meanLatency() {
        return totalLatency / latency.length;
    }

    /** E = sum_i E_i, joules: what {@code min-energy} reports. */
    public double totalEnergy() {
        return totalEnergy;
    }

    /**
     * The objective that the prompt minimises: L for min-latency, E for min-energy, w L / L_local + (1 - w) E / E_local
     * for weighted:w (the instance's all-local totals; see {@link Prompt}).
     */
    public double objective(Prompt prompt) {
        if (!prompt.weighted()) return prompt.latencyOnly() ? totalLatency : totalEnergy;
        return prompt.combine(instance, totalLatency, totalEnergy);
    }

    /**
     * The figure that the prompt reports: L / N for min-latency, E for min-energy, the (dimensionless) objective for a
     * weighted prompt.
     */
    public double reported(Prompt prompt) {
        if (!prompt.weighted()) return prompt.latencyOnly() ? meanLatency() : totalEnergy;
        return objective(prompt);
    }

    /** (cost - best) / best, the optimality gap against a best objective. */
    public static double gap(double objective, double best) {
        return (objective - best) / best;
    }
}
