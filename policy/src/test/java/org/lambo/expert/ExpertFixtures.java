package org.lambo.expert;

import java.util.ArrayList;
import java.util.List;
import org.lambo.mec.ChannelParams;
import org.lambo.mec.EdgeServer;
import org.lambo.mec.Instance;
import org.lambo.mec.Point;
import org.lambo.mec.Task;
import org.lambo.mec.UserEquipment;
import org.lambo.scenario.Scenario;
import org.lambo.scenario.ScenarioLoader;
import org.lambo.scenario.World;

/** Instances for the experts' tests: seeded small ones that enumeration can check, and hand-built ones. */
public final class ExpertFixtures {
    private ExpertFixtures() {}

    /** 1 MHz, 1e-12 W noise: a measured gain of (2^k - 1) * 1e-12 gives a rate of k Mbit/s at 1 W. */
    public static final ChannelParams CHANNEL = new ChannelParams(1e6, 1e-12, 1.0, 2.0);

    /** The gain that gives UE transmit power 1 W a rate of {@code mbps} Mbit/s (an integer). */
    public static double gainForMbps(int mbps) {
        return (Math.pow(2, mbps) - 1) * 1e-12;
    }

    /** A UE at the origin with f_L = 1e9, P_L = p = 1 W, and deadline 1.2 F / f_L. */
    public static UserEquipment ue(double bits, double cycles) {
        return new UserEquipment(new Point(0, 0), 1e9, 1.0, 1.0, new Task(bits, cycles, 1.2 * cycles / 1e9));
    }

    /** A hand-built instance: every UE reaches every server at {@code mbps} Mbit/s. */
    public static Instance handBuilt(String id, List<UserEquipment> ues, int mbps, double... serverHz) {
        List<EdgeServer> servers = new ArrayList<>();
        for (double hz : serverHz) servers.add(new EdgeServer(new Point(0, 0), hz, true));
        double[][] gains = new double[ues.size()][serverHz.length];
        for (double[] row : gains) java.util.Arrays.fill(row, gainForMbps(mbps));
        return new Instance(id, servers, ues, CHANNEL, gains);
    }

    /**
     * {@code count} seeded instances with N in 2..maxUes and M in 1..3, drawn from the {@code small} profile (the
     * paper's task profile, so deadlines and capacities bind); every fourth one has a server down.
     */
    public static List<Instance> smallSeeded(int count, int maxUes, long seed) {
        Scenario base = ScenarioLoader.load("small");
        List<Instance> out = new ArrayList<>();
        for (int q = 0; q < count; q++) {
            int n = 2 + q % (maxUes - 1);
            int m = 1 + q % 3;
            Scenario sc = base.withUes(n).withServers(base.servers().subList(3 - m, 3));
            World world = new World(sc, seed + q);
            Instance inst = world.next();
            if (q % 4 == 3 && m > 1) {
                List<EdgeServer> servers = new ArrayList<>(inst.servers());
                servers.set(0, servers.get(0).withUp(false));
                inst = inst.withServers(servers).withId(inst.id() + "-down1");
            }
            out.add(inst.withId(inst.id() + "-n" + n + "-m" + m));
        }
        return out;
    }
}
