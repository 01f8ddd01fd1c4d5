package org.lambo.agents.bridge;

import jade.domain.FIPAAgentManagement.FailureException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.lambo.agents.server.EdgeServerAgent;
import org.lambo.device.protocol.DeviceBodies;
import org.lambo.mec.CostModel;
import org.lambo.mec.Instance;
import org.lambo.ontology.DeviceMessages.DeviceCommand;
import org.lambo.ontology.DeviceMessages.DeviceResult;
import org.lambo.ontology.DeviceMessages.Work;
import org.lambo.ontology.TaskResult;
import org.lambo.ontology.TaskSubmission;

/**
 * An edge server backed by a device: the same agent as {@link EdgeServerAgent} (DF registration, state reports, share
 * reservations, admission), but a task it admits runs on its device over MQTT, and the state it reports is the
 * device's: its calibrated speed (telemetry) as f_j, and down while the device is offline (its last will), so the
 * orchestrator stops giving it tasks and the trial goes on.
 *
 * <p>The task's input bytes (D x scale / 8) cross the network to the device: when the task's UE is itself a device,
 * that UE device sends them to this server's device ({@code peer} topics; the command names the UE device as its
 * {@code peer} and carries no bytes), otherwise they travel in the command. The latency this agent reports is the
 * model's upload time D / r plus the compute time the device <em>measured</em> under the task's share; a device-backed
 * UE replaces it with the end-to-end latency its own device measured ({@link DeviceUeAgent}). A device that fails, goes
 * offline or stays silent fails the task with that reason (FIPA FAILURE), which the UE reports.
 *
 * <p>The agent waits for its device inside the FIPA-Request responder: scaled tasks take milliseconds, and the wait is
 * bounded by {@code waitMs}, below the UE's patience.
 *
 * <p>Arguments: {@link org.lambo.agents.SlotSource}, server number j (Integer), {@link DeviceHub}, device id (String),
 * how long to wait for the device, ms (Long).
 */
public class DeviceServerAgent extends EdgeServerAgent {
    private DeviceHub hub;
    private String device;
    private long waitMs;

    @Override
    protected void setup() {
        Object[] args = getArguments();
        if (args == null
                || args.length != 5
                || !(args[2] instanceof DeviceHub h)
                || !(args[3] instanceof String d)
                || !(args[4] instanceof Long w)) {
            throw new IllegalArgumentException(
                    getLocalName()
                            + " needs arguments (SlotSource, Integer server number, DeviceHub, String device id, Long wait ms)");
        }
        this.hub = h;
        this.device = d;
        this.waitMs = w;
        super.setup();
    }

    @Override
    protected double cpuHz(Instance inst) {
        return hub.telemetry(device).map(t -> t.cyclesPerSecond()).orElseGet(() -> super.cpuHz(inst));
    }

    @Override
    protected boolean up(Instance inst) {
        return super.up(inst) && hub.online(device);
    }

    @Override
    protected TaskResult run(TaskSubmission s) throws FailureException {
        int j = number();
        String commandId = "s" + s.slot() + "-" + s.task().taskId() + "-on-" + j;
        int bytes = DeviceBodies.inputBytes(s.task(), hub.scale());
        String ueDevice = hub.devices().ue(s.ue().index()).orElse("");
        DeviceCommand command = ueDevice.isEmpty()
                ? new DeviceCommand(
                        commandId,
                        s.slot(),
                        Work.SERVE,
                        s.task(),
                        s.share(),
                        DeviceBodies.input(s.task(), hub.scale()),
                        bytes,
                        "",
                        hub.trial())
                : new DeviceCommand(
                        commandId, s.slot(), Work.SERVE, s.task(), s.share(), "", bytes, ueDevice, hub.trial());
        DeviceResult r = await(hub, device, command, waitMs);
        Instance inst = world().slot(s.slot());
        double upload = CostModel.uploadTime(inst, s.ue().index(), j);
        return s.resultOn(j, upload, r.computeTimeS(), upload + r.computeTimeS());
    }

    /**
     * Runs {@code command} on {@code device} and waits for its completed result; any other end is a failure with its
     * reason.
     */
    static DeviceResult await(DeviceHub hub, String device, DeviceCommand command, long waitMs)
            throws FailureException {
        try {
            DeviceResult r = hub.run(device, command, Duration.ofMillis(waitMs)).get();
            if (!r.completed()) throw new FailureException("device " + device + " failed the task: " + r.reason());
            return r;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TimeoutException)
                throw new FailureException("device " + device + " did not answer within " + waitMs + " ms");
            throw new FailureException(DeviceHub.reason(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FailureException("interrupted while device " + device + " ran the task");
        }
    }
}
