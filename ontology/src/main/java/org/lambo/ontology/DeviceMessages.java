package org.lambo.ontology;

import java.util.Base64;
import org.lambo.check.Require;

/**
 * The bodies a real (or emulated) device exchanges with the testbed over MQTT, beside the agents' vocabulary: a command
 * to run a task, the device's measured result, and its telemetry. They reuse {@link TaskDescription} for the task, so a
 * device runs exactly the task a UE agent was given. Plain values with no JADE type, so the device jar can carry them;
 * the MQTT envelope names them ({@code device-command}, {@code device-result}, {@code telemetry}).
 */
public final class DeviceMessages {
    private DeviceMessages() {}

    /** What a device is told to do with a task. */
    public enum Work {
        /** A UE device runs its own task on its CPU (option 0). */
        LOCAL,
        /**
         * A server device runs an offloaded task under the CPU share {@code share}; with a {@code peer}, once that UE
         * device's upload of the input has arrived on the server's {@code peer} topic.
         */
        SERVE,
        /**
         * A UE device sends an offloaded task's input to server device {@code peer} itself (a {@link TaskInput} on the
         * server's {@code peer} topic) and measures the upload and the end-to-end latency.
         */
        UPLOAD
    }

    /**
     * A task for a device to run.
     *
     * @param commandId unique within a trial, answered in the result, e.g. {@code s3-t12-ue3}
     * @param slot the trial slot
     * @param work local run on a UE device or serving on a server device
     * @param task the task (D bits, F cycles, deadline)
     * @param share the CPU share in (0, 1] for {@link Work#SERVE}; 1 for {@link Work#LOCAL}
     * @param input the task's input, base64: a real payload of D x scale / 8 bytes (at least 1), so the upload crosses
     *     the network; its decoded length must equal {@code inputBytes}. Empty when a device sends it ({@code peer}
     *     given): then {@code inputBytes} says how many bytes to send ({@link Work#UPLOAD}) or to expect
     *     ({@link Work#SERVE})
     * @param inputBytes the input's length in bytes
     * @param peer the other device of an offloaded task, or empty: for {@link Work#UPLOAD} the server device to send
     *     the input to (required); for {@link Work#SERVE} the UE device whose upload brings the input (empty: the input
     *     is in this command, as for a UE that is not a device); empty for {@link Work#LOCAL}
     * @param trial the trial this command belongs to: a random nonce the bridge draws once per trial (1 to
     *     {@value #TRIAL_MAX} lowercase hex digits). A device remembers the commands it ran per trial, so a command id
     *     that a later trial uses again (same scenario and seed) runs again there, never answered with the earlier
     *     trial's result
     */
    public record DeviceCommand(
            String commandId,
            int slot,
            Work work,
            TaskDescription task,
            double share,
            String input,
            int inputBytes,
            String peer,
            String trial) {
        /** The most hex digits of a {@link #trial()} id. */
        public static final int TRIAL_MAX = 32;
        /**
         * The trial id of the shorter constructors: for tools and tests that talk to a device in one trial only. The
         * bridge always names its own trial.
         */
        public static final String ONE_TRIAL = "0";

        /** A command whose input travels with it (no peer device), of {@link #ONE_TRIAL}. */
        public DeviceCommand(
                String commandId,
                int slot,
                Work work,
                TaskDescription task,
                double share,
                String input,
                int inputBytes) {
            this(commandId, slot, work, task, share, input, inputBytes, "", ONE_TRIAL);
        }

        /** A command of {@link #ONE_TRIAL}. */
        public DeviceCommand(
                String commandId,
                int slot,
                Work work,
                TaskDescription task,
                double share,
                String input,
                int inputBytes,
                String peer) {
            this(commandId, slot, work, task, share, input, inputBytes, peer, ONE_TRIAL);
        }

        public DeviceCommand {
            Require.name("commandId", commandId);
            checkTrial(trial);
            Require.atLeast("slot", slot, 0);
            Require.present("work", work);
            Require.present("task", task);
            Require.share("share", share);
            if (!(share > 0)) throw new IllegalArgumentException("share must be > 0, got " + share);
            if (work == Work.LOCAL && share != 1.0)
                throw new IllegalArgumentException("share must be 1 for LOCAL work, got " + share);
            Require.present("input", input);
            Require.atLeast("inputBytes", inputBytes, 0);
            Require.present("peer", peer);
            if (work == Work.UPLOAD && peer.isBlank())
                throw new IllegalArgumentException("peer must name the server device for UPLOAD work");
            if (work == Work.LOCAL && !peer.isEmpty())
                throw new IllegalArgumentException("peer must be empty for LOCAL work, got '" + peer + "'");
            if (!peer.isEmpty() && !input.isEmpty())
                throw new IllegalArgumentException("input must be empty when peer '" + peer + "' sends or receives it");
            int decoded;
            try {
                decoded = Base64.getDecoder().decode(input).length;
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("input must be base64: " + e.getMessage());
            }
            if (peer.isEmpty() && decoded != inputBytes)
                throw new IllegalArgumentException(
                        "input decodes to " + decoded + " bytes, but inputBytes is " + inputBytes);
            if (!peer.isEmpty() && inputBytes < 1)
                throw new IllegalArgumentException("inputBytes must be >= 1 for a device's upload, got " + inputBytes);
        }

        /** Checks a trial id: 1 to {@link #TRIAL_MAX} characters of {@code [0-9a-f]}; the message names the field. */
        public static String checkTrial(String trial) {
            Require.present("trial", trial);
            if (trial.isEmpty()
                    || trial.length() > TRIAL_MAX
                    || !trial.chars().allMatch(ch -> (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f')))
                throw new IllegalArgumentException("trial must be 1 to " + TRIAL_MAX + " characters of [0-9a-f], got '"
                        + (trial.length() > 40 ? trial.substring(0, 40) + "..." : trial) + "'");
            return trial;
        }
    }

    /**
     * An offloaded task's input, sent by the UE device to the server device on the server's {@code peer} topic (the
     * envelope's {@code deviceId} is the UE device). The server device runs the task when both this and its
     * {@link Work#SERVE} command (with this UE device as {@code peer}) have arrived.
     *
     * @param taskId the task (unique within a trial): what ties the input to the server's command
     * @param input base64, a real payload
     * @param inputBytes its decoded length
     * @param trial the {@link DeviceCommand#trial()} of the {@link Work#UPLOAD} command the UE device serves: the
     *     server device matches the input only to a command of the same trial (a later trial of the same scenario and
     *     seed uses the same task ids)
     */
    public record TaskInput(String taskId, String input, int inputBytes, String trial) {
        public TaskInput {
            Require.name("taskId", taskId);
            DeviceCommand.checkTrial(trial);
            Require.present("input", input);
            Require.atLeast("inputBytes", inputBytes, 1);
            int decoded;
            try {
                decoded = Base64.getDecoder().decode(input).length;
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("input must be base64: " + e.getMessage());
            }
            if (decoded != inputBytes)
                throw new IllegalArgumentException(
                        "input decodes to " + decoded + " bytes, but inputBytes is " + inputBytes);
        }
    }

    /**
     * The server device's word to the uploading UE device, on the UE's {@code peer} topic: sent once when the input has
     * arrived ({@code done} false: the UE's upload time ends here) and once when the task has run ({@code done} true:
     * the end-to-end latency ends here).
     *
     * @param taskId the task
     * @param done false: the input was received; true: the task ended
     * @param completed when {@code done}: whether it ran (false: {@code reason} says why); true for a receipt
     * @param inputBytes the input bytes the server received
     * @param computeTimeS when done and completed: the compute time the server measured under the task's share,
     *     full-size seconds; 0 otherwise
     * @param reason empty unless a task ended without running
     * @param trial the {@link TaskInput#trial()} of the input it answers: the UE device takes it only for its upload of
     *     that trial
     */
    public record PeerNotice(
            String taskId,
            boolean done,
            boolean completed,
            int inputBytes,
            double computeTimeS,
            String reason,
            String trial) {
        public PeerNotice {
            Require.name("taskId", taskId);
            DeviceCommand.checkTrial(trial);
            Require.atLeast("inputBytes", inputBytes, 0);
            Require.nonNegative("computeTimeS", computeTimeS);
            Require.present("reason", reason);
            if (!done && !completed)
                throw new IllegalArgumentException("a receipt (done false) must have completed true");
            if (completed && !reason.isEmpty())
                throw new IllegalArgumentException("reason must be empty unless the task failed, got '" + reason + "'");
            if (!completed && reason.isBlank())
                throw new IllegalArgumentException("reason must say why the task failed");
            if (done && completed && !(computeTimeS > 0))
                throw new IllegalArgumentException(
                        "computeTimeS must be > 0 for a completed task, got " + computeTimeS);
        }
    }

    /**
     * A device's answer to a {@link DeviceCommand}: what it measured. Times are full-size seconds (the measured CPU
     * time divided by the device's scale), comparable with the model's F / f.
     *
     * @param commandId the command answered
     * @param taskId its task
     * @param completed whether the task ran; when false, {@code reason} says why and the costs are 0
     * @param busyS measured CPU seconds of the task, full size
     * @param computeTimeS the compute time the task had: {@code busyS} for LOCAL, {@code busyS / share} for SERVE (a
     *     processor-sharing CPU gives the task that fraction of its time)
     * @param energyJ the device's energy estimate for it ({@code EnergyModel}): computing power x busy time; for
     *     {@link Work#UPLOAD}, transmit power x {@code uploadS}
     * @param inputBytes how many input bytes the device received (sent, for {@link Work#UPLOAD})
     * @param uploadS {@link Work#UPLOAD} only (else 0): the upload time the UE device measured, full size
     * @param latencyS the task's latency as this device measured it, full size: {@code computeTimeS} for LOCAL and
     *     SERVE; for {@link Work#UPLOAD} the end-to-end latency from sending the input to the server's completion
     *     notice
     * @param reason empty when completed
     * @param trial the {@link DeviceCommand#trial()} of the command answered: the bridge takes only its own trial's
     *     results
     */
    public record DeviceResult(
            String commandId,
            String taskId,
            boolean completed,
            double busyS,
            double computeTimeS,
            double energyJ,
            int inputBytes,
            double uploadS,
            double latencyS,
            String reason,
            String trial) {
        /** A result of {@link DeviceCommand#ONE_TRIAL}. */
        public DeviceResult(
                String commandId,
                String taskId,
                boolean completed,
                double busyS,
                double computeTimeS,
                double energyJ,
                int inputBytes,
                double uploadS,
                double latencyS,
                String reason) {
            this(
                    commandId,
                    taskId,
                    completed,
                    busyS,
                    computeTimeS,
                    energyJ,
                    inputBytes,
                    uploadS,
                    latencyS,
                    reason,
                    DeviceCommand.ONE_TRIAL);
        }

        /**
         * The result of a task this device ran itself (LOCAL or SERVE): no upload, latency = compute time; of
         * {@link DeviceCommand#ONE_TRIAL}.
         */
        public DeviceResult(
                String commandId,
                String taskId,
                boolean completed,
                double busyS,
                double computeTimeS,
                double energyJ,
                int inputBytes,
                String reason) {
            this(commandId, taskId, completed, busyS, computeTimeS, energyJ, inputBytes, 0, computeTimeS, reason);
        }

        public DeviceResult {
            DeviceCommand.checkTrial(trial);
            Require.nonNegative("uploadS", uploadS);
            Require.nonNegative("latencyS", latencyS);
            Require.name("commandId", commandId);
            Require.name("taskId", taskId);
            Require.nonNegative("busyS", busyS);
            Require.nonNegative("computeTimeS", computeTimeS);
            Require.nonNegative("energyJ", energyJ);
            Require.atLeast("inputBytes", inputBytes, 0);
            Require.present("reason", reason);
            if (completed && !reason.isEmpty())
                throw new IllegalArgumentException("reason must be empty for a completed task, got '" + reason + "'");
            if (!completed && reason.isBlank())
                throw new IllegalArgumentException("reason must say why the task failed");
            if (completed && !(computeTimeS > 0))
                throw new IllegalArgumentException(
                        "computeTimeS must be > 0 for a completed task, got " + computeTimeS);
        }
    }

    /**
     * A device's periodic measurements.
     *
     * @param cyclesPerSecond its calibrated speed in task cycles per second: f_L of a UE, f_j of a server
     * @param spread the calibration's relative spread
     * @param running tasks running now
     * @param completed tasks completed since start
     * @param rejected commands rejected since start (bad payloads included)
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
