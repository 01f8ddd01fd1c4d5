package org.lambo.droo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lambo.mec.ChannelParams;
import org.lambo.mec.CostModel;
import org.lambo.mec.EdgeServer;
import org.lambo.mec.Instance;
import org.lambo.mec.Task;
import org.lambo.mec.UserEquipment;
import org.lambo.scenario.ScenarioLoader;
import org.lambo.scenario.World;

class StateFeaturesTest {
    private static final Instance SLOT = new World(ScenarioLoader.load("small"), 4).next();

    @Test
    void layoutIsUeBlocksThenPairBlocksThenServerBlocks() {
        Instance inst = SLOT;
        int n = inst.n();
        int m = inst.m();
        float[] x = StateFeatures.encode(inst);
        double meanD =
                inst.ues().stream().mapToDouble(u -> u.task().bits()).average().orElseThrow();
        double meanF = inst.ues().stream()
                .mapToDouble(u -> u.task().cycles())
                .average()
                .orElseThrow();
        double meanCpu =
                inst.servers().stream().mapToDouble(EdgeServer::cpuHz).average().orElseThrow();
        int i = 7;
        int j = 2;
        double deadline = inst.ue(i).task().deadlineS();
        assertThat(x[3 * i]).isCloseTo((float) (CostModel.localLatency(inst, i) / deadline), within(1e-6f));
        assertThat(x[3 * i + 1]).isCloseTo((float) (inst.ue(i).task().bits() / meanD), within(1e-6f));
        assertThat(x[3 * i + 2]).isCloseTo((float) (inst.ue(i).task().cycles() / meanF), within(1e-6f));
        int pair = 3 * n + 2 * (i * m + (j - 1));
        assertThat(x[pair]).isCloseTo((float) Math.min(2, CostModel.uploadTime(inst, i, j) / deadline), within(1e-6f));
        assertThat(x[pair + 1]).isCloseTo((float) Math.min(2, CostModel.minShare(inst, i, j)), within(1e-6f));
        int server = 3 * n + 2 * n * m + 2 * (j - 1);
        assertThat(x[server]).isCloseTo((float) (inst.server(j).cpuHz() / meanCpu), within(1e-6f));
        assertThat(x[server + 1]).isEqualTo(1f);
    }

    @Test
    void aDownServerLooksUnreachable() {
        List<EdgeServer> servers = new ArrayList<>(SLOT.servers());
        servers.set(0, servers.get(0).withUp(false));
        Instance cut = SLOT.withServers(servers);
        float[] x = StateFeatures.encode(cut);
        int n = cut.n();
        int m = cut.m();
        for (int i = 0; i < n; i++) {
            int pair = 3 * n + 2 * (i * m);
            assertThat(x[pair]).isEqualTo(StateFeatures.CLIP);
            assertThat(x[pair + 1]).isEqualTo(StateFeatures.CLIP);
        }
        assertThat(x[3 * n + 2 * n * m + 1]).isZero();
    }

    @Test
    void scalingEveryTaskAndServerLeavesTheFeaturesAlone() {
        // bits and cycles x 3, CPU x 3, bandwidth x 3: every time ratio and share is unchanged
        ChannelParams c = SLOT.channel();
        Instance scaled = new Instance(
                SLOT.id() + "-x3",
                SLOT.servers().stream().map(s -> s.withCpuHz(3 * s.cpuHz())).toList(),
                SLOT.ues().stream()
                        .map(u -> new UserEquipment(
                                u.position(),
                                3 * u.localCpuHz(),
                                u.localPowerW(),
                                u.transmitPowerW(),
                                new Task(
                                        3 * u.task().bits(),
                                        3 * u.task().cycles(),
                                        u.task().deadlineS())))
                        .toList(),
                new ChannelParams(3 * c.bandwidthHz(), c.noiseW(), c.g0(), c.pathLossExponent()));
        float[] a = StateFeatures.encode(SLOT);
        float[] b = StateFeatures.encode(scaled);
        for (int k = 0; k < a.length; k++) assertThat(b[k]).as("feature %d", k).isCloseTo(a[k], within(1e-5f));
    }
}
