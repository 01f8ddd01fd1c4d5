package org.lambo.mec;

import org.lambo.check.Require;

/**
 * A UE in one slot: position, local CPU f_L (cycles/s), local computing power P_L (W), transmit power p (W) and its
 * task. Every instance is feasible all-local: the task's deadline is at least F / f_L, unless it binds only offloading
 * ({@link Task#offloadOnly()}).
 *
 * <p>The position is null when it is not known: an instance with measured gains needs none (the distance model is not
 * used); {@link Instance} refuses a missing position without gains.
 */
public record UserEquipment(Point position, double localCpuHz, double localPowerW, double transmitPowerW, Task task) {
    public UserEquipment {
        if (task == null) throw new IllegalArgumentException("UE task is missing");
        Require.positive("UE localCpuHz", localCpuHz);
        Require.positive("UE localPowerW", localPowerW);
        Require.positive("UE transmitPowerW", transmitPowerW);
        double localTime = task.cycles() / localCpuHz;
        if (task.deadlineBindsLocal() && task.deadlineS() < localTime * (1 - 1e-12)) {
            throw new IllegalArgumentException("task deadlineS must be at least cycles / localCpuHz = " + localTime
                    + " so that local execution is feasible, got " + task.deadlineS());
        }
    }

    public UserEquipment withTask(Task t) {
        return new UserEquipment(position, localCpuHz, localPowerW, transmitPowerW, t);
    }

    public UserEquipment withPosition(Point p) {
        return new UserEquipment(p, localCpuHz, localPowerW, transmitPowerW, task);
    }
}
