package org.lambo.agents;

import java.util.ArrayList;
import java.util.List;
import org.lambo.mec.ChannelParams;
import org.lambo.mec.EdgeServer;
import org.lambo.mec.Instance;
import org.lambo.mec.Point;
import org.lambo.mec.Task;
import org.lambo.mec.UserEquipment;
import org.lambo.ontology.ChannelInfo;
import org.lambo.ontology.OffloadingRequest;
import org.lambo.ontology.ServerState;
import org.lambo.ontology.TaskDescription;
import org.lambo.ontology.UeState;

/**
 * Translates between the model ({@code org.lambo.mec}) and the vocabulary the agents speak
 * ({@code org.lambo.ontology}). The orchestrator and the experts rebuild a slot's {@link Instance} from what the agents
 * reported; since the UEs report the gains they measured, the rebuilt instance has the very rates of the world, and the
 * model's predictions equal what the world then does.
 */
public final class Vocabulary {
    private Vocabulary() {}

    public static ChannelInfo channel(ChannelParams p) {
        return new ChannelInfo(p.bandwidthHz(), p.noiseW(), p.g0(), p.pathLossExponent());
    }

    public static ChannelParams channel(ChannelInfo c) {
        return new ChannelParams(c.bandwidthHz(), c.noiseW(), c.g0(), c.pathLossExponent());
    }

    /** The task id of UE {@code index} in slot {@code slot}: unique within a trial. */
    public static String taskId(int slot, int index) {
        return "t" + slot + "-ue" + index;
    }

    /** What UE i of the instance reports: position, hardware and the gains it measured to every server. */
    public static UeState ueState(Instance inst, int i, String agentName) {
        UserEquipment ue = inst.ue(i);
        List<Double> gains = new ArrayList<>(inst.m());
        for (int j = 1; j <= inst.m(); j++) gains.add(inst.gain(i, j));
        return new UeState(
                agentName,
                i,
                ue.position().x(),
                ue.position().y(),
                ue.localCpuHz(),
                ue.localPowerW(),
                ue.transmitPowerW(),
                gains);
    }

    public static TaskDescription task(Instance inst, int i, int slot) {
        Task t = inst.ue(i).task();
        return new TaskDescription(taskId(slot, i), t.bits(), t.cycles(), t.deadlineS());
    }

    /** What server j of the instance reports at the start of a slot (no load yet). */
    public static ServerState serverState(Instance inst, int j, String agentName, int slot) {
        EdgeServer s = inst.server(j);
        return new ServerState(
                agentName, j, slot, s.position().x(), s.position().y(), s.cpuHz(), s.up(), 0, 0);
    }

    public static EdgeServer server(ServerState s) {
        return new EdgeServer(new Point(s.x(), s.y()), s.cpuHz(), s.up());
    }

    public static UserEquipment ue(OffloadingRequest r) {
        UeState u = r.ue();
        TaskDescription t = r.task();
        return new UserEquipment(
                new Point(u.x(), u.y()),
                u.localCpuHz(),
                u.localPowerW(),
                u.transmitPowerW(),
                new Task(t.bits(), t.cycles(), t.deadlineS()));
    }

    /**
     * The slot as reported: servers 1..M in order, UEs in the order of {@code requests}, the channel, and the gains the
     * UEs measured.
     *
     * @throws IllegalArgumentException when a UE's gains do not cover the servers
     */
    public static Instance instance(
            String id, List<ServerState> servers, List<OffloadingRequest> requests, ChannelParams channel) {
        List<EdgeServer> es = new ArrayList<>(servers.size());
        for (int k = 0; k < servers.size(); k++) {
            if (servers.get(k).number() != k + 1) {
                throw new IllegalArgumentException("servers must be numbered 1.." + servers.size() + " in order, got "
                        + servers.get(k).number() + " at " + (k + 1));
            }
            es.add(server(servers.get(k)));
        }
        List<UserEquipment> ues = new ArrayList<>(requests.size());
        double[][] gains = new double[requests.size()][];
        for (int k = 0; k < requests.size(); k++) {
            OffloadingRequest r = requests.get(k);
            if (r.ue().gains().size() != servers.size()) {
                throw new IllegalArgumentException(r.ue().ue() + " reports "
                        + r.ue().gains().size() + " gains for " + servers.size() + " servers");
            }
            ues.add(ue(r));
            gains[k] = r.ue().gains().stream().mapToDouble(Double::doubleValue).toArray();
        }
        return new Instance(id, es, ues, channel, gains);
    }
}
