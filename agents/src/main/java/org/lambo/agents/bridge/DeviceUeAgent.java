package org.lambo.agents.bridge;

import jade.domain.FIPAAgentManagement.FailureException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.lambo.agents.Vocabulary;
import org.lambo.agents.ue.UeAgent;
import org.lambo.agents.ue.UeTask;
import org.lambo.device.protocol.DeviceBodies;
import org.lambo.mec.Instance;
import org.lambo.ontology.DeviceMessages.DeviceCommand;
import org.lambo.ontology.DeviceMessages.DeviceResult;
import org.lambo.ontology.DeviceMessages.Work;
import org.lambo.ontology.TaskReport;
import org.lambo.ontology.TaskResult;
import org.lambo.ontology.UeState;

/**
 * A UE backed by a device: the same agent as {@link UeAgent} (it asks the orchestrator, offloads to the server it is
 * given, reports to the clock), but it states its device's calibrated speed as f_L, and a task kept local runs on its
 * device over MQTT: the report carries the latency and energy the device <em>measured</em> beside the orchestrator's
 * predictions. A task offloaded to a device-backed server is uploaded by its device: as the task is submitted, the UE
 * device is told to send the input to the server's device ({@code UPLOAD}), and the report carries the end-to-end
 * latency and the upload energy the UE device measured (the server agent's answer, model upload time plus measured
 * compute, is used only for a server without a device). While its device is offline (its last will) its tasks fail with
 * that reason; the trial goes on.
 *
 * <p>Arguments: {@link org.lambo.agents.SlotSource}, UE index i (Integer), {@link org.lambo.agents.ue.UeTimeouts},
 * {@link DeviceHub}, device id (String).
 */
public class DeviceUeAgent extends UeAgent {
    private DeviceHub hub;
    private String device;
    /**
     * Uploads in flight by task id: started when a task is submitted, read when the server answers (the agent's thread
     * only).
     */
    private final Map<String, CompletableFuture<DeviceResult>> uploads = new HashMap<>();

    @Override
    protected void setup() {
        Object[] args = getArguments();
        if (args == null || args.length != 5 || !(args[3] instanceof DeviceHub h) || !(args[4] instanceof String d)) {
            throw new IllegalArgumentException(getLocalName()
                    + " needs arguments (SlotSource, Integer UE index, UeTimeouts, DeviceHub, String device id)");
        }
        this.hub = h;
        this.device = d;
        super.setup();
    }

    @Override
    protected UeTask makeTask(Instance inst, int slot) {
        UeState s = Vocabulary.ueState(inst, index(), getLocalName());
        double f = hub.telemetry(device).map(t -> t.cyclesPerSecond()).orElse(s.localCpuHz());
        return new UeTask(
                inst,
                slot,
                index(),
                new UeState(s.ue(), s.index(), s.x(), s.y(), f, s.localPowerW(), s.transmitPowerW(), s.gains()));
    }

    @Override
    protected Optional<String> cannotRun(UeTask task) {
        DeviceHub.Presence p = hub.presence(device);
        return hub.reachable(device)
                ? Optional.empty()
                : Optional.of("device " + device + " is offline (" + p.reason() + ")");
    }

    @Override
    protected void offloading(UeTask task) {
        int j = task.decision().option();
        hub.devices().server(j).ifPresent(server -> {
            DeviceCommand command = new DeviceCommand(
                    "s" + task.slot() + "-" + task.taskId() + "-up-" + j,
                    task.slot(),
                    Work.UPLOAD,
                    task.task(),
                    task.decision().share(),
                    "",
                    DeviceBodies.inputBytes(task.task(), hub.scale()),
                    server,
                    hub.trial());
            uploads.put(
                    task.taskId(),
                    hub.run(device, command, Duration.ofMillis(timeouts().serverMs())));
        });
    }

    @Override
    protected Optional<TaskReport> completeOffloaded(UeTask task, TaskResult r) {
        CompletableFuture<DeviceResult> upload = uploads.remove(task.taskId());
        if (upload == null) return super.completeOffloaded(task, r);
        return completeUploaded(task, r, upload, timeouts().serverMs(), device);
    }

    /**
     * The end of a task whose input {@code device} uploaded: a result that is not of the task's decision (another task,
     * slot or server: {@link UeTask#isResultOfItsDecision}) completes nothing, at once, without waiting for the upload
     * (empty: the UE fails the task saying whose result is not for it); otherwise the upload is awaited ({@code waitMs}
     * at most, as the server's device answered the bridge the completion notice to this UE's device left at the same
     * moment) and the task completes with the latency and upload energy the device measured, or fails with why the
     * upload did not end.
     */
    static Optional<TaskReport> completeUploaded(
            UeTask task, TaskResult r, Future<DeviceResult> upload, long waitMs, String device) {
        if (!task.isResultOfItsDecision(r)) return Optional.empty();
        try {
            DeviceResult u = upload.get(waitMs, TimeUnit.MILLISECONDS);
            if (!u.completed()) return Optional.of(task.fail("device " + device + " failed the upload: " + u.reason()));
            return task.completeWith(r, u.latencyS(), u.energyJ());
        } catch (ExecutionException e) {
            return Optional.of(task.fail(DeviceHub.reason(e.getCause())));
        } catch (TimeoutException e) {
            return Optional.of(task.fail("device " + device + " did not report its upload within " + waitMs + " ms"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(task.fail("interrupted while device " + device + " reported its upload"));
        }
    }

    @Override
    protected void report(TaskReport r) {
        uploads.remove(r.taskId()); // a task that ended otherwise (server failed, timeout) leaves nothing behind
        super.report(r);
    }

    @Override
    protected void runLocally(UeTask task) {
        DeviceCommand command = new DeviceCommand(
                "s" + task.slot() + "-" + task.taskId() + "-local",
                task.slot(),
                Work.LOCAL,
                task.task(),
                1.0,
                DeviceBodies.input(task.task(), hub.scale()),
                DeviceBodies.inputBytes(task.task(), hub.scale()),
                "",
                hub.trial());
        try {
            DeviceResult r =
                    DeviceServerAgent.await(hub, device, command, timeouts().serverMs());
            report(task.completeLocally(r.computeTimeS(), r.energyJ()));
        } catch (FailureException e) {
            report(task.fail(e.getMessage()));
        }
    }
}
