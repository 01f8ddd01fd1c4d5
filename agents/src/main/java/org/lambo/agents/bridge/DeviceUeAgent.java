package org.lambo.agents.bridge;

import jade.domain.FIPAAgentManagement.FailureException;
import java.util.Optional;
import org.lambo.agents.Vocabulary;
import org.lambo.agents.ue.UeAgent;
import org.lambo.agents.ue.UeTask;
import org.lambo.device.protocol.DeviceBodies;
import org.lambo.mec.Instance;
import org.lambo.ontology.DeviceMessages.DeviceCommand;
import org.lambo.ontology.DeviceMessages.DeviceResult;
import org.lambo.ontology.DeviceMessages.Work;
import org.lambo.ontology.UeState;

/**
 * A UE backed by a device: the same agent as {@link UeAgent} (it asks the orchestrator, offloads to the
 * server it is given, reports to the clock), but it states its device's calibrated speed as f_L, and a
 * task kept local runs on its device over MQTT: the report carries the latency and energy the device
 * <em>measured</em> beside the orchestrator's predictions. While its device is offline (its last will) its
 * tasks fail with that reason; the trial goes on.
 *
 * <p>Arguments: {@link org.lambo.agents.SlotSource}, UE index i (Integer), {@link org.lambo.agents.ue.UeTimeouts},
 * {@link DeviceHub}, device id (String).
 */
public class DeviceUeAgent extends UeAgent {
    private DeviceHub hub;
    private String device;

    @Override
    protected void setup() {
        Object[] args = getArguments();
        if (args == null || args.length != 5 || !(args[3] instanceof DeviceHub h) || !(args[4] instanceof String d)) {
            throw new IllegalArgumentException(getLocalName() + " needs arguments (SlotSource, Integer UE index, UeTimeouts, DeviceHub, String device id)");
        }
        this.hub = h;
        this.device = d;
        super.setup();
    }

    @Override
    protected UeTask makeTask(Instance inst, int slot) {
        UeState s = Vocabulary.ueState(inst, index(), getLocalName());
        double f = hub.telemetry(device).map(t -> t.cyclesPerSecond()).orElse(s.localCpuHz());
        return new UeTask(inst, slot, index(), new UeState(s.ue(), s.index(), s.x(), s.y(), f, s.localPowerW(), s.transmitPowerW(), s.gains()));
    }

    @Override
    protected Optional<String> cannotRun(UeTask task) {
        DeviceHub.Presence p = hub.presence(device);
        return hub.reachable(device) ? Optional.empty() : Optional.of("device " + device + " is offline (" + p.reason() + ")");
    }

    @Override
    protected void runLocally(UeTask task) {
        DeviceCommand command = new DeviceCommand("s" + task.slot() + "-" + task.taskId() + "-local", task.slot(), Work.LOCAL, task.task(), 1.0,
                DeviceBodies.input(task.task(), hub.scale()), DeviceBodies.inputBytes(task.task(), hub.scale()));
        try {
            DeviceResult r = DeviceServerAgent.await(hub, device, command, timeouts().serverMs());
            report(task.completeLocally(r.computeTimeS(), r.energyJ()));
        } catch (FailureException e) {
            report(task.fail(e.getMessage()));
        }
    }
}
