package org.lambo.mec;

import java.util.List;
import org.lambo.check.Require;

/**
 * One slot of the MEC system: the servers, the UEs with their tasks, and the channel. Immutable.
 *
 * <p><b>Numbering.</b> UEs are numbered {@code i = 0..N-1}. Servers are numbered {@code j = 1..M}, the same number as
 * the offloading option that chooses them (option 0 is local execution), so {@code server(j)} is {@code servers().get(j
 * - 1)}.
 *
 * <p><b>Channel.</b> Without measured gains, h_ij follows the distance model of {@link ChannelParams} with no fading.
 * With measured gains (an N x M matrix, e.g. a testbed's CSI, or Rayleigh fading drawn by the generator), those replace
 * the distance model; positions, g0 and alpha may then be absent (null positions, NaN g0 and alpha: see
 * {@link ChannelParams#measuredOnly}). Rates are computed once, here.
 */
public final class Instance {
    /** The most UEs an instance may have (N); the scenario and instance-file readers refuse more. */
    public static final int MAX_UES = org.lambo.io.Limits.MAX_UES;
    /** The most servers an instance may have (M). */
    public static final int MAX_SERVERS = org.lambo.io.Limits.MAX_SERVERS;
    /** The most UE-server links an instance may have (N x M): what its gain and rate tables hold. */
    public static final long MAX_LINKS = org.lambo.io.Limits.MAX_LINKS;

    private final String id;
    private final List<EdgeServer> servers;
    private final List<UserEquipment> ues;
    private final ChannelParams channel;
    private final double[][] measuredGains; // null when the distance model applies
    private final double[][] gain; // [N][M]
    private final double[][] rate; // [N][M], bit/s
    private final double allLocalLatency; // sum_i F_i / f_L,i, s
    private final double allLocalEnergy; // sum_i P_L,i F_i / f_L,i, J

    /** Refuses a size beyond {@link #MAX_UES}, {@link #MAX_SERVERS} or {@link #MAX_LINKS}, naming the limit. */
    public static void checkSize(String what, int n, int m) {
        if (n > MAX_UES)
            throw new IllegalArgumentException(what + ": N = " + n + " UEs is over the limit of " + MAX_UES);
        if (m > MAX_SERVERS)
            throw new IllegalArgumentException(what + ": M = " + m + " servers is over the limit of " + MAX_SERVERS);
        if ((long) n * m > MAX_LINKS) {
            throw new IllegalArgumentException(what + ": N x M = " + n + " x " + m + " = " + (long) n * m
                    + " links is over the limit of " + MAX_LINKS);
        }
    }

    public Instance(
            String id,
            List<EdgeServer> servers,
            List<UserEquipment> ues,
            ChannelParams channel,
            double[][] measuredGains) {
        if (id == null || id.isBlank()) throw new IllegalArgumentException("instance id is missing");
        if (servers == null || servers.isEmpty())
            throw new IllegalArgumentException("instance " + id + ": servers must not be empty");
        if (ues == null || ues.isEmpty())
            throw new IllegalArgumentException("instance " + id + ": ues must not be empty");
        if (channel == null) throw new IllegalArgumentException("instance " + id + ": channel is missing");
        checkSize(id, ues.size(), servers.size());
        this.id = id;
        this.servers = List.copyOf(servers);
        this.ues = List.copyOf(ues);
        this.channel = channel;
        int n = this.ues.size();
        int m = this.servers.size();
        if (measuredGains != null) {
            if (measuredGains.length != n) {
                throw new IllegalArgumentException(
                        "instance " + id + ": gains must have one row per UE (" + n + "), got " + measuredGains.length);
            }
            this.measuredGains = new double[n][];
            for (int i = 0; i < n; i++) {
                if (measuredGains[i] == null || measuredGains[i].length != m) {
                    throw new IllegalArgumentException(
                            "instance " + id + ": gains[" + i + "] must have one entry per server (" + m + "), got "
                                    + (measuredGains[i] == null ? "null" : measuredGains[i].length));
                }
                for (int j = 0; j < m; j++) {
                    Require.positive("gains[" + i + "][" + j + "]", measuredGains[i][j]);
                }
                this.measuredGains[i] = measuredGains[i].clone();
            }
        } else {
            this.measuredGains = null;
            if (!channel.hasDistanceModel()) {
                throw new IllegalArgumentException(
                        "instance " + id + ": channel g0 and pathLossExponent are needed without measured gains (got "
                                + channel.g0() + ", " + channel.pathLossExponent() + ")");
            }
            for (int j = 0; j < m; j++) {
                if (this.servers.get(j).position() == null) {
                    throw new IllegalArgumentException("instance " + id + ": servers[" + j
                            + "] has no position, which is needed without measured gains");
                }
            }
            for (int i = 0; i < n; i++) {
                if (this.ues.get(i).position() == null) {
                    throw new IllegalArgumentException("instance " + id + ": ues[" + i
                            + "] has no position, which is needed without measured gains");
                }
            }
        }
        this.gain = new double[n][m];
        this.rate = new double[n][m];
        for (int i = 0; i < n; i++) {
            UserEquipment ue = this.ues.get(i);
            for (int j = 0; j < m; j++) {
                gain[i][j] = this.measuredGains != null
                        ? this.measuredGains[i][j]
                        : channel.gain(
                                ue.position().distanceTo(this.servers.get(j).position()), 1.0);
                rate[i][j] = channel.rate(ue.transmitPowerW(), gain[i][j]);
            }
        }
        double l = 0;
        double e = 0;
        for (int i = 0; i < n; i++) {
            l += CostModel.localLatency(this, i);
            e += CostModel.localEnergy(this, i);
        }
        this.allLocalLatency = l;
        this.allLocalEnergy = e;
    }

    public Instance(String id, List<EdgeServer> servers, List<UserEquipment> ues, ChannelParams channel) {
        this(id, servers, ues, channel, null);
    }

    public String id() {
        return id;
    }

    /** N, the number of UEs. */
    public int n() {
        return ues.size();
    }

    /** M, the number of servers. */
    public int m() {
        return servers.size();
    }

    public List<EdgeServer> servers() {
        return servers;
    }

    public List<UserEquipment> ues() {
        return ues;
    }

    public ChannelParams channel() {
        return channel;
    }

    public UserEquipment ue(int i) {
        return ues.get(i);
    }

    /** Server j, for j = 1..M. */
    public EdgeServer server(int j) {
        return servers.get(j - 1);
    }

    public boolean hasMeasuredGains() {
        return measuredGains != null;
    }

    /** A copy of the measured gains, or null when the distance model applies. */
    public double[][] measuredGains() {
        if (measuredGains == null) return null;
        double[][] copy = new double[measuredGains.length][];
        for (int i = 0; i < copy.length; i++) copy[i] = measuredGains[i].clone();
        return copy;
    }

    /** Power gain h_ij from UE i to server j (j = 1..M). */
    public double gain(int i, int j) {
        return gain[i][j - 1];
    }

    /** L_local = sum_i F_i / f_L,i, s: the total latency with every UE local (the weighted prompt's latency scale). */
    public double allLocalLatency() {
        return allLocalLatency;
    }

    /**
     * E_local = sum_i P_L,i F_i / f_L,i, J: the total energy with every UE local (the weighted prompt's energy scale).
     */
    public double allLocalEnergy() {
        return allLocalEnergy;
    }

    /** Uplink rate r_ij in bit/s from UE i to server j (j = 1..M). */
    public double rate(int i, int j) {
        return rate[i][j - 1];
    }

    /** The same slot with other servers (e.g. one marked down); measured gains are kept. */
    public Instance withServers(List<EdgeServer> newServers) {
        return new Instance(id, newServers, ues, channel, measuredGains);
    }

    public Instance withId(String newId) {
        return new Instance(newId, servers, ues, channel, measuredGains);
    }

    @Override
    public String toString() {
        return "Instance[" + id + ", N=" + n() + ", M=" + m() + "]";
    }
}
