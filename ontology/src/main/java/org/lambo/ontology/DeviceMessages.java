package org.lambo.ontology;

import java.util.Base64;

/**
 * The bodies a real (or emulated) device exchanges with the testbed over MQTT, beside the agents'
 * vocabulary: a command to run a task, the device's measured result, and its telemetry. They reuse
 * {@link TaskDescription} for the task, so a device runs exactly the task a UE agent was given. Plain
 * values with no JADE type, so the device jar can carry them; the MQTT envelope names them
 * ({@code device-command}, {@code device-result}, {@code telemetry}).
 */
public final class DeviceMessages {
    private DeviceMessages() {}

    /** What a device is told to do with a task. */
    public enum Work {
        /** A UE device runs its own task on its CPU (option 0). */
        LOCAL,
        /** A server device runs an offloaded task under the CPU share {@code share}. */
        SERVE
    }

    /**
     * A task for a device to run.
     *
     * @param commandId unique within a trial, answered in the result, e.g. {@code s3-t12-ue3}
     * @param slot      the trial slot
     * @param work      local run on a UE device or serving on a server device
     * @param task      the task (D bits, F cycles, deadline)
     * @param share     the CPU share in (0, 1] for {@link Work#SERVE}; 1 for {@link Work#LOCAL}
     * @param input     the task's input, base64: a real payload of D x scale / 8 bytes (at least 1), so the
     *                  upload crosses the network; its decoded length must equal {@code inputBytes}
     * @param inputBytes the input's length in bytes
     */
    public record DeviceCommand(String commandId, int slot, Work work, TaskDescription task, double share, String input,
                                int inputBytes) {
        public DeviceCommand {
            Require.name("commandId", commandId);
            Require.atLeast("slot", slot, 0);
            Require.present("work", work);
            Require.present("task", task);
            Require.share("share", share);
            if (!(share > 0)) throw new IllegalArgumentException("share must be > 0, got " + share);
            if (work == Work.LOCAL && share != 1.0) throw new IllegalArgumentException("share must be 1 for LOCAL work, got " + share);
            Require.present("input", input);
            Require.atLeast("inputBytes", inputBytes, 0);
            int decoded;
            try {
                decoded = Base64.getDecoder().decode(input).length;
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("input must be base64: " + e.getMessage());
            }
            if (decoded != inputBytes) throw new IllegalArgumentException("input decodes to " + decoded + " bytes, but inputBytes is " + inputBytes);
        }
    }

    /**
     * A device's answer to a {@link DeviceCommand}: what it measured. Times are full-size seconds (the
     * measured CPU time divided by the device's scale), comparable with the model's F / f.
     *
     * @param commandId     the command answered
     * @param taskId        its task
     * @param completed     whether the task ran; when false, {@code reason} says why and the costs are 0
     * @param busyS         measured CPU seconds of the task, full size
     * @param computeTimeS  the compute time the task had: {@code busyS} for LOCAL, {@code busyS / share}
     *                      for SERVE (a processor-sharing CPU gives the task that fraction of its time)
     * @param energyJ       the device's energy estimate for it (power x busy time, {@code EnergyModel})
     * @param inputBytes    how many input bytes the device received
     * @param reason        empty when completed
     */
    public record DeviceResult(String commandId, String taskId, boolean completed, double busyS, double computeTimeS,
                               double energyJ, int inputBytes, String reason) {
        public DeviceResult {
            Require.name("commandId", commandId);
            Require.name("taskId", taskId);
            Require.nonNegative("busyS", busyS);
            Require.nonNegative("computeTimeS", computeTimeS);
            Require.nonNegative("energyJ", energyJ);
            Require.atLeast("inputBytes", inputBytes, 0);
            Require.present("reason", reason);
            if (completed && !reason.isEmpty()) throw new IllegalArgumentException("reason must be empty for a completed task, got '" + reason + "'");
            if (!completed && reason.isBlank()) throw new IllegalArgumentException("reason must say why the task failed");
            if (completed && !(computeTimeS > 0)) throw new IllegalArgumentException("computeTimeS must be > 0 for a completed task, got " + computeTimeS);
        }
    }

    /**
     * A device's periodic measurements.
     *
     * @param cyclesPerSecond its calibrated speed in task cycles per second: f_L of a UE, f_j of a server
     * @param spread          the calibration's relative spread
     * @param running         tasks running now
     * @param completed       tasks completed since start
     * @param rejected        commands rejected since start (bad payloads included)
     */
    public record DeviceTelemetry(double cyclesPerSecond, double spread, int running, long completed, long rejected) {
        public DeviceTelemetry {
            Require.positive("cyclesPerSecond", cyclesPerSecond);
            Require.nonNegative("spread", spread);
            Require.atLeast("running", running, 0);
            if (completed < 0) throw new IllegalArgumentException("completed must be >= 0, got " + completed);
            if (rejected < 0) throw new IllegalArgumentException("rejected must be >= 0, got " + rejected);
        }
    }
}
