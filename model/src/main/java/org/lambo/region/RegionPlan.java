package org.lambo.region;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.lambo.mec.Decision;
import org.lambo.mec.EdgeServer;
import org.lambo.mec.Instance;
import org.lambo.mec.Point;
import org.lambo.mec.UserEquipment;

/**
 * How one slot is split into regions, and how the regions' decisions are put back together. Deterministic: the same
 * instance and R give the same plan.
 *
 * <p><b>Servers.</b> With positions, the servers are split by recursive bisection: the group is sorted along its wider
 * extent (x or y; ties by the other coordinate, then by number) and cut so that each side gets servers in proportion to
 * the regions it will hold, until every group is one region; regions are numbered in the order the bisection leaves
 * them. Without positions (an instance with measured gains only), region r holds a contiguous block of server numbers.
 * Every server, up or down, belongs to a region, so the split does not move when a server goes down. Sizes differ by at
 * most one server.
 *
 * <p><b>UEs.</b> Each UE goes to the region of its best-gain up server, within a quota per region proportional to the
 * CPU of the region's up servers ({@code ceil(N x share)}): the UEs that lose most by going elsewhere (the largest
 * ratio of their best region's gain to their second-best's) choose first, so a region next to many UEs fills with those
 * nearest it and the rest go to their next-best region. The quota keeps each region's problem (and its decision time)
 * near N / R. With no server up at all, every UE goes to the region of its best-gain server.
 *
 * <p><b>Merging.</b> A region's decision names its own servers 1..M_r; the merged decision maps them back to the slot's
 * numbers, with the same shares. Regions share no server, so the merged decision is valid when every region's is, and
 * its cost under the cost model is the sum of the regions' costs.
 */
public final class RegionPlan {
    private final Instance instance;
    private final int regions;
    private final int[] serverRegion; // by server index j - 1
    private final int[] ueRegion; // by UE index i
    private final int[][] serversOf; // region -> slot's server numbers 1..M, ascending
    private final int[][] uesOf; // region -> UE indices, ascending

    private RegionPlan(Instance instance, int regions, int[] serverRegion, int[] ueRegion) {
        this.instance = instance;
        this.regions = regions;
        this.serverRegion = serverRegion;
        this.ueRegion = ueRegion;
        this.serversOf = group(serverRegion, regions, 1);
        this.uesOf = group(ueRegion, regions, 0);
    }

    /** The plan of {@code instance} in {@code r} regions (1..M). */
    public static RegionPlan of(Instance instance, int r) {
        if (r < 1 || r > instance.m())
            throw new IllegalArgumentException("regions must be in 1.." + instance.m() + ", got " + r);
        int[] serverRegion = splitServers(instance, r);
        int[] ueRegion = assignUes(instance, serverRegion, r);
        return new RegionPlan(instance, r, serverRegion, ueRegion);
    }

    public int regions() {
        return regions;
    }

    /** The region of server j (1..M). */
    public int regionOfServer(int j) {
        return serverRegion[j - 1];
    }

    /** The region of UE i. */
    public int regionOfUe(int i) {
        return ueRegion[i];
    }

    /** The slot's server numbers (1..M) in region r, ascending. */
    public int[] servers(int r) {
        return serversOf[r].clone();
    }

    /** The UEs (indices) in region r, ascending. */
    public int[] ues(int r) {
        return uesOf[r].clone();
    }

    /** Region r's slot: its UEs and its servers (numbered 1..M_r in the slot's order); null when it has no UE. */
    public Instance subInstance(int r) {
        int[] us = uesOf[r];
        if (us.length == 0) return null;
        int[] ss = serversOf[r];
        List<EdgeServer> servers = new ArrayList<>(ss.length);
        for (int j : ss) servers.add(instance.server(j));
        List<UserEquipment> ues = new ArrayList<>(us.length);
        for (int i : us) ues.add(instance.ue(i));
        double[][] gains = null;
        if (instance.hasMeasuredGains()) {
            gains = new double[us.length][ss.length];
            for (int a = 0; a < us.length; a++) {
                for (int b = 0; b < ss.length; b++) gains[a][b] = instance.gain(us[a], ss[b]);
            }
        }
        return new Instance(instance.id() + "/region-" + r, servers, ues, instance.channel(), gains);
    }

    /**
     * The slot's decision from the regions' decisions ({@code parts[r]} for region r; null for a region without UEs).
     *
     * @throws IllegalArgumentException when a part does not cover its region's UEs or names a server outside it
     */
    public Decision merge(Decision[] parts) {
        if (parts.length != regions)
            throw new IllegalArgumentException("expected " + regions + " regional decisions, got " + parts.length);
        int n = instance.n();
        int[] options = new int[n];
        double[] shares = new double[n];
        for (int r = 0; r < regions; r++) {
            int[] us = uesOf[r];
            int[] ss = serversOf[r];
            if (us.length == 0) continue;
            Decision d = parts[r];
            if (d == null || d.size() != us.length) {
                throw new IllegalArgumentException("region " + r + " has " + us.length + " UEs, its decision covers "
                        + (d == null ? "none" : Integer.toString(d.size())));
            }
            for (int a = 0; a < us.length; a++) {
                int o = d.option(a);
                if (o < 0 || o > ss.length) {
                    throw new IllegalArgumentException(
                            "region " + r + " decided option " + o + " for a UE; it has " + ss.length + " servers");
                }
                options[us[a]] = o == Decision.LOCAL ? Decision.LOCAL : ss[o - 1];
                shares[us[a]] = d.share(a);
            }
        }
        return new Decision(options, shares);
    }

    private static int[][] group(int[] regionOf, int regions, int base) {
        int[] count = new int[regions];
        for (int r : regionOf) count[r]++;
        int[][] out = new int[regions][];
        for (int r = 0; r < regions; r++) out[r] = new int[count[r]];
        int[] fill = new int[regions];
        for (int k = 0; k < regionOf.length; k++) {
            int r = regionOf[k];
            out[r][fill[r]++] = k + base;
        }
        return out;
    }

    /** Region of each server (by index j - 1): recursive bisection by position, or blocks of numbers. */
    static int[] splitServers(Instance inst, int r) {
        int m = inst.m();
        int[] out = new int[m];
        boolean positions = true;
        for (EdgeServer s : inst.servers()) positions &= s.position() != null;
        Integer[] order = new Integer[m];
        for (int k = 0; k < m; k++) order[k] = k;
        if (!positions) {
            // contiguous blocks, sizes differing by at most one
            for (int k = 0; k < m; k++) out[k] = (int) ((long) k * r / m);
            return out;
        }
        int[] next = {0};
        bisect(inst, Arrays.asList(order), r, out, next);
        return out;
    }

    private static void bisect(Instance inst, List<Integer> group, int r, int[] out, int[] next) {
        if (r == 1) {
            int region = next[0]++;
            for (int k : group) out[k] = region;
            return;
        }
        double minX = Double.POSITIVE_INFINITY, maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY, maxY = Double.NEGATIVE_INFINITY;
        for (int k : group) {
            Point p = inst.servers().get(k).position();
            minX = Math.min(minX, p.x());
            maxX = Math.max(maxX, p.x());
            minY = Math.min(minY, p.y());
            maxY = Math.max(maxY, p.y());
        }
        boolean alongX = maxX - minX >= maxY - minY;
        Comparator<Integer> byX =
                Comparator.comparingDouble(k -> inst.servers().get(k).position().x());
        Comparator<Integer> byY =
                Comparator.comparingDouble(k -> inst.servers().get(k).position().y());
        Comparator<Integer> cmp =
                (alongX ? byX.thenComparing(byY) : byY.thenComparing(byX)).thenComparing(Comparator.naturalOrder());
        List<Integer> sorted = new ArrayList<>(group);
        sorted.sort(cmp);
        int left = r / 2;
        int size = sorted.size();
        int cut = (int) Math.round((double) size * left / r);
        cut = Math.max(left, Math.min(size - (r - left), cut));
        bisect(inst, sorted.subList(0, cut), left, out, next);
        bisect(inst, sorted.subList(cut, size), r - left, out, next);
    }

    /** Region of each UE: best-gain up server's region, within CPU-proportional quotas, most to lose first. */
    static int[] assignUes(Instance inst, int[] serverRegion, int r) {
        int n = inst.n();
        int m = inst.m();
        int[] out = new int[n];
        double[] cpu = new double[r];
        double total = 0;
        for (int j = 1; j <= m; j++) {
            EdgeServer s = inst.server(j);
            if (s.up()) {
                cpu[serverRegion[j - 1]] += s.cpuHz();
                total += s.cpuHz();
            }
        }
        if (r == 1) return out;
        if (total == 0) {
            for (int i = 0; i < n; i++) {
                int best = 1;
                for (int j = 2; j <= m; j++) if (inst.gain(i, j) > inst.gain(i, best)) best = j;
                out[i] = serverRegion[best - 1];
            }
            return out;
        }
        double[][] regionGain = new double[n][r]; // best gain of an up server of the region, 0 when none
        for (int i = 0; i < n; i++) {
            for (int j = 1; j <= m; j++) {
                if (!inst.server(j).up()) continue;
                int g = serverRegion[j - 1];
                regionGain[i][g] = Math.max(regionGain[i][g], inst.gain(i, j));
            }
        }
        int[][] preference = new int[n][];
        double[] regret = new double[n];
        for (int i = 0; i < n; i++) {
            double[] g = regionGain[i];
            Integer[] p = new Integer[r];
            for (int k = 0; k < r; k++) p[k] = k;
            Arrays.sort(p, (a, b) -> g[a] != g[b] ? Double.compare(g[b], g[a]) : Integer.compare(a, b));
            preference[i] = new int[r];
            for (int k = 0; k < r; k++) preference[i][k] = p[k];
            double second = g[p[1]];
            regret[i] = second > 0 ? Math.log(g[p[0]] / second) : Double.POSITIVE_INFINITY;
        }
        int[] room = new int[r];
        for (int k = 0; k < r; k++) room[k] = (int) Math.ceil(n * cpu[k] / total - 1e-9);
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> regret[a] != regret[b] ? Double.compare(regret[b], regret[a]) : a - b);
        for (int i : order) {
            int chosen = -1;
            for (int k : preference[i]) {
                if (room[k] > 0) {
                    chosen = k;
                    break;
                }
            }
            if (chosen < 0) chosen = preference[i][0]; // cannot happen: the quotas add up to at least N
            room[chosen]--;
            out[i] = chosen;
        }
        return out;
    }
}
