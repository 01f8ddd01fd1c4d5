package org.lambo.device.energy;

import org.lambo.device.cpu.Execution;

/**
 * The device's energy estimate: power times busy time, the testbed model's own form ({@code docs/SYSTEM_MODEL.md}):
 * computing locally costs {@code E = P_L x F_i / f_L}, i.e. the local power times the computing time, and offloading
 * costs {@code E = p_i x D_i / r_ij}, the transmit power times the upload time. The device replaces the model's times
 * by measured ones: the CPU busy time of the task's {@link Execution} (at full size, i.e. divided by the workload
 * scale) and the time its upload took. The powers are configured per device (flags {@code --power}, {@code --tx-power};
 * default 1 W each, the paper's values); no power meter is read.
 *
 * @param localPowerW P_L, watts drawn while computing, > 0
 * @param transmitPowerW p_i, watts drawn while transmitting, > 0
 */
public record EnergyModel(double localPowerW, double transmitPowerW) {
    /** The paper's 1 W and 1 W. */
    public static final EnergyModel PAPER = new EnergyModel(1.0, 1.0);

    public EnergyModel {
        if (!(localPowerW > 0) || !Double.isFinite(localPowerW))
            throw new IllegalArgumentException("localPowerW must be a finite number > 0, got " + localPowerW);
        if (!(transmitPowerW > 0) || !Double.isFinite(transmitPowerW)) {
            throw new IllegalArgumentException("transmitPowerW must be a finite number > 0, got " + transmitPowerW);
        }
    }

    /** Joules of computing a task locally: {@code P_L x busy seconds} (full size). */
    public double computeJoules(Execution e) {
        return localPowerW * e.busySeconds();
    }

    /** Joules of uploading for {@code uploadSeconds}: {@code p_i x upload seconds}. */
    public double uploadJoules(double uploadSeconds) {
        if (!(uploadSeconds >= 0) || !Double.isFinite(uploadSeconds)) {
            throw new IllegalArgumentException("uploadSeconds must be a finite number >= 0, got " + uploadSeconds);
        }
        return transmitPowerW * uploadSeconds;
    }
}
