package org.lambo.ontology;

import java.util.List;
import org.lambo.check.Require;
import org.lambo.io.Limits;

/**
 * What a UE reports about itself in a slot: its agent name and index, position, hardware, and the power gains it
 * measured to every server (index j - 1 for server j, SYSTEM_MODEL.md's h_ij).
 *
 * @param ue the UE's agent name (local name), e.g. {@code ue-3}
 * @param index its 0-based UE number i in the scenario
 * @param x position, m
 * @param y position, m
 * @param localCpuHz f_L, cycles/s
 * @param localPowerW P_L, W
 * @param transmitPowerW p, W
 * @param gains h_ij for j = 1..M, each &gt; 0
 */
public record UeState(
        String ue,
        int index,
        double x,
        double y,
        double localCpuHz,
        double localPowerW,
        double transmitPowerW,
        List<Double> gains) {
    public UeState {
        Require.name("ue", ue);
        Require.between("index", index, 0, Limits.MAX_UES - 1);
        Require.finite("x", x);
        Require.finite("y", y);
        Require.positive("localCpuHz", localCpuHz);
        Require.positive("localPowerW", localPowerW);
        Require.positive("transmitPowerW", transmitPowerW);
        gains = Require.list("gains", gains, org.lambo.io.Limits.MAX_SERVERS);
        if (gains.isEmpty()) throw new IllegalArgumentException("gains must list one gain per server, got none");
        for (int k = 0; k < gains.size(); k++) Require.positive("gains[" + k + "]", gains.get(k));
    }

    /** h_ij to server j (1-based). */
    public double gain(int server) {
        return gains.get(server - 1);
    }
}
