package org.lambo.mec;

import java.util.List;

/** Small hand-built instances whose costs can be worked out on paper. */
public final class Fixtures {
    private Fixtures() {}

    /** B = 1 MHz, sigma2 = 1e-12 W, g0 = 1, alpha = 2. */
    public static final ChannelParams CHANNEL = new ChannelParams(1e6, 1e-12, 1.0, 2.0);

    /**
     * One server (f = 5e10, at the origin) and two UEs with measured gains 3e-12, so that p h / sigma2 = 3 and r = B
     * log2(4) = 2e6 bit/s for p = 1 W. UE 0: D = 4e6 bit, F = 1e10, f_L = 1e9, P_L = 2 W, deadline 12 s. UE 1: D = 2e6
     * bit, F = 2.5e9, f_L = 1e9, P_L = 1 W, deadline 5 s.
     */
    public static Instance twoUesOneServer() {
        EdgeServer server = new EdgeServer(new Point(0, 0), 5e10, true);
        UserEquipment ue0 = new UserEquipment(new Point(10, 0), 1e9, 2.0, 1.0, new Task(4e6, 1e10, 12.0));
        UserEquipment ue1 = new UserEquipment(new Point(0, 10), 1e9, 1.0, 1.0, new Task(2e6, 2.5e9, 5.0));
        double[][] gains = {{3e-12}, {3e-12}};
        return new Instance("hand", List.of(server), List.of(ue0, ue1), CHANNEL, gains);
    }
}
