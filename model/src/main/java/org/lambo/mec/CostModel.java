package org.lambo.mec;

/**
 * The costs of SYSTEM_MODEL.md, implemented once. Every policy, expert, test, benchmark and agent computes latency and
 * energy through this class.
 *
 * <pre>
 * local:        T_i = F_i / f_L,i                     E_i = P_L,i * F_i / f_L,i
 * on server j:  T_i = D_i / r_ij + F_i / (s_i f_j)    E_i = p_i * D_i / r_ij   (upload energy only)
 * deadline:     T_i &lt;= task deadline
 * </pre>
 */
public final class CostModel {
    private CostModel() {}

    /** F_i / f_L,i, seconds. */
    public static double localLatency(Instance inst, int i) {
        UserEquipment ue = inst.ue(i);
        return ue.task().cycles() / ue.localCpuHz();
    }

    /** P_L,i * F_i / f_L,i, joules. */
    public static double localEnergy(Instance inst, int i) {
        return inst.ue(i).localPowerW() * localLatency(inst, i);
    }

    /** D_i / r_ij, seconds (j = 1..M). */
    public static double uploadTime(Instance inst, int i, int j) {
        return inst.ue(i).task().bits() / inst.rate(i, j);
    }

    /** p_i * D_i / r_ij, joules: the energy of offloading to server j, whatever the share. */
    public static double uploadEnergy(Instance inst, int i, int j) {
        return inst.ue(i).transmitPowerW() * uploadTime(inst, i, j);
    }

    /** F_i / (s f_j), seconds of computing on server j with share s. */
    public static double serverComputeTime(Instance inst, int i, int j, double share) {
        return inst.ue(i).task().cycles() / (share * inst.server(j).cpuHz());
    }

    /** D_i / r_ij + F_i / (s f_j), seconds. */
    public static double offloadLatency(Instance inst, int i, int j, double share) {
        return uploadTime(inst, i, j) + serverComputeTime(inst, i, j, share);
    }

    /**
     * The least share of server j that meets UE i's deadline, F_i / (f_j (T_i - D_i / r_ij)), or {@code +Infinity} when
     * the upload alone misses the deadline. Ignores whether the server is up.
     */
    public static double minShare(Instance inst, int i, int j) {
        Task task = inst.ue(i).task();
        double slack = task.deadlineS() - uploadTime(inst, i, j);
        if (!(slack > 0)) return Double.POSITIVE_INFINITY;
        return task.cycles() / (inst.server(j).cpuHz() * slack);
    }

    /** Latency of UE i under option {@code option} with share {@code share} (ignored when local). */
    public static double latency(Instance inst, int i, int option, double share) {
        return option == Decision.LOCAL ? localLatency(inst, i) : offloadLatency(inst, i, option, share);
    }

    /** Energy of UE i under option {@code option}. */
    public static double energy(Instance inst, int i, int option) {
        return option == Decision.LOCAL ? localEnergy(inst, i) : uploadEnergy(inst, i, option);
    }

    /**
     * The cost of UE i under a prompt: its latency for {@code min-latency}, its energy for {@code min-energy}, w T_i /
     * L_local + (1 - w) E_i / E_local for {@code weighted:w} ({@link Prompt#combine}). The slot's objective is the sum
     * over UEs.
     */
    public static double cost(Instance inst, int i, int option, double share, Prompt prompt) {
        if (prompt.energyOnly() && !prompt.weighted()) return energy(inst, i, option);
        if (prompt.energyOnly()) return prompt.combine(inst, 0, energy(inst, i, option));
        return prompt.combine(inst, latency(inst, i, option, share), energy(inst, i, option));
    }

    /**
     * The share-free part of UE i's cost on server j under a prompt: a D_i / r_ij + b p_i D_i / r_ij (the upload's time
     * and energy, {@link Prompt#combine}d). With {@link #offloadShareCost} it splits {@link #cost} on a server by the
     * share s: cost = offloadFixedCost + offloadShareCost / s, for a caller that prices many shares of one UE.
     */
    public static double offloadFixedCost(Instance inst, int i, int j, Prompt prompt) {
        return prompt.combine(inst, uploadTime(inst, i, j), uploadEnergy(inst, i, j));
    }

    /**
     * The part of UE i's cost on server j that the share s divides: a F_i / f_j (a the prompt's latency coefficient; 0
     * when the prompt does not look at latency). See {@link #offloadFixedCost}.
     */
    public static double offloadShareCost(Instance inst, int i, int j, Prompt prompt) {
        double a = prompt.latencyCoefficient(inst);
        return a == 0 ? 0 : a * serverComputeTime(inst, i, j, 1.0);
    }

    /**
     * Evaluates a decision: per-UE latency and energy and the totals. Does not check validity (see
     * {@link DecisionValidator}); an offloaded UE with share 0 gets infinite latency.
     */
    public static Evaluation evaluate(Instance inst, Decision d) {
        if (d.size() != inst.n()) {
            throw new IllegalArgumentException(
                    "decision covers " + d.size() + " UEs, instance " + inst.id() + " has " + inst.n());
        }
        int n = inst.n();
        double[] latency = new double[n];
        double[] energy = new double[n];
        for (int i = 0; i < n; i++) {
            int o = d.option(i);
            if (o < 0 || o > inst.m()) {
                throw new IllegalArgumentException("decision option[" + i + "] = " + o + " is not in 0.." + inst.m());
            }
            latency[i] = latency(inst, i, o, d.share(i));
            energy[i] = energy(inst, i, o);
        }
        return new Evaluation(latency, energy, inst);
    }
}
