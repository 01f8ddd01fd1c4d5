package org.lambo.scenario;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.random.RandomGenerator;
import org.lambo.mec.ChannelParams;
import org.lambo.mec.EdgeServer;
import org.lambo.mec.Instance;
import org.lambo.mec.Point;
import org.lambo.mec.Task;
import org.lambo.mec.UserEquipment;
import org.lambo.rng.Seeds;

/**
 * A scenario unrolled in time from one seed: server positions fixed for the run (except servers with {@code placement:
 * per-slot}, re-placed every slot from the stream {@code server-moves}), UEs moving slot to slot (random direction with
 * reflection at the border), a fresh task per UE per slot, fading drawn per slot when on, and the scenario's drift
 * events applied at their slots. {@link #next()} returns the instance of the next slot. Separate named random streams
 * keep placement, mobility, tasks and fading independent of one another.
 */
public final class World {
    private final Scenario scenario;
    private final long seed;
    private final RandomGenerator placement;
    private final RandomGenerator mobility;
    private final RandomGenerator tasks;
    private final RandomGenerator fadingRng;
    private final RandomGenerator serverMoves;
    private final List<EdgeServer> servers = new ArrayList<>();
    private final List<Walker> walkers = new ArrayList<>();
    private Scenario.TaskSpec taskSpec;
    private Scenario.Fading fading;
    private int slot = -1;

    /** A UE's mobility state: position, speed and heading. */
    private static final class Walker {
        double x;
        double y;
        double speed;
        double heading;
    }

    public World(Scenario scenario) {
        this(scenario, scenario.seed());
    }

    public World(Scenario scenario, long seed) {
        this.scenario = scenario;
        this.seed = seed;
        this.placement = Seeds.stream(seed, "placement");
        this.mobility = Seeds.stream(seed, "mobility");
        this.tasks = Seeds.stream(seed, "tasks");
        this.fadingRng = Seeds.stream(seed, "fading");
        this.serverMoves = Seeds.stream(seed, "server-moves");
        for (Scenario.ServerSpec spec : scenario.servers()) {
            Point p = spec.perSlot()
                    ? perSlotPoint(spec)
                    : spec.position() != null ? spec.position() : randomPoint(placement);
            servers.add(new EdgeServer(p, spec.cpuHz(), true));
        }
        for (int i = 0; i < scenario.ues(); i++) walkers.add(newWalker());
        this.taskSpec = scenario.task();
        this.fading = scenario.channel().fading();
    }

    public Scenario scenario() {
        return scenario;
    }

    public long seed() {
        return seed;
    }

    /** The slot of the last instance returned, -1 before the first. */
    public int slot() {
        return slot;
    }

    /** The servers as they stand now (after the drift events applied so far). */
    public List<EdgeServer> servers() {
        return List.copyOf(servers);
    }

    /** Advances one slot (moving the UEs after slot 0), applies that slot's drift and draws the tasks. */
    public Instance next() {
        slot++;
        if (slot > 0) {
            move();
            replaceServers();
        }
        applyDrift(slot);
        ChannelParams channel = scenario.channel().params();
        List<UserEquipment> ues = new ArrayList<>(walkers.size());
        Scenario.UeSpec hw = scenario.ue();
        for (Walker w : walkers) {
            double bits = taskSpec.bits().draw(tasks);
            double cycles = taskSpec.cycles().draw(tasks);
            double deadline = Math.max(taskSpec.deadlineFloorS(), taskSpec.deadlineFactor() * cycles / hw.localCpuHz());
            ues.add(new UserEquipment(
                    new Point(w.x, w.y),
                    hw.localCpuHz(),
                    hw.localPowerW(),
                    hw.transmitPowerW(),
                    new Task(bits, cycles, deadline)));
        }
        double[][] gains = null;
        if (fading == Scenario.Fading.RAYLEIGH) {
            gains = new double[ues.size()][servers.size()];
            for (int i = 0; i < ues.size(); i++) {
                for (int j = 0; j < servers.size(); j++) {
                    double xi = -Math.log(1 - fadingRng.nextDouble()); // Exp(1)
                    gains[i][j] = channel.gain(
                            ues.get(i).position().distanceTo(servers.get(j).position()), Math.max(xi, 1e-12));
                }
            }
        }
        return new Instance(scenario.name() + "-s" + seed + "-t" + slot, servers, ues, channel, gains);
    }

    private void applyDrift(int t) {
        for (DriftEvent e : scenario.drift()) {
            if (e.slot() != t) continue;
            if (e instanceof DriftEvent.ServerCapacity c) {
                EdgeServer s = servers.get(c.server() - 1);
                servers.set(c.server() - 1, s.withCpuHz(s.cpuHz() * c.factor()));
            } else if (e instanceof DriftEvent.ServerDown d) {
                servers.set(d.server() - 1, servers.get(d.server() - 1).withUp(false));
            } else if (e instanceof DriftEvent.ServerUp u) {
                servers.set(u.server() - 1, servers.get(u.server() - 1).withUp(true));
            } else if (e instanceof DriftEvent.UeCount u) {
                while (walkers.size() > u.count()) walkers.remove(walkers.size() - 1);
                while (walkers.size() < u.count()) walkers.add(newWalker());
            } else if (e instanceof DriftEvent.TaskProfile tp) {
                taskSpec = taskSpec.scaled(tp.bitsFactor(), tp.cyclesFactor());
            } else if (e instanceof DriftEvent.FadingSwitch fs) {
                fading = fs.fading();
            }
        }
    }

    /** Servers with {@code placement: per-slot} move to a new seeded point (their CPU and up/down state stay). */
    private void replaceServers() {
        List<Scenario.ServerSpec> specs = scenario.servers();
        for (int j = 0; j < specs.size(); j++) {
            if (!specs.get(j).perSlot()) continue;
            EdgeServer s = servers.get(j);
            servers.set(j, new EdgeServer(perSlotPoint(specs.get(j)), s.cpuHz(), s.up()));
        }
    }

    /** Uniform in the area, or uniform along the spec's line where it crosses the area. */
    private Point perSlotPoint(Scenario.ServerSpec spec) {
        if (spec.line() == null) return randomPoint(serverMoves);
        double[] seg = spec.line().segmentIn(scenario.area());
        double t = serverMoves.nextDouble();
        return new Point(seg[0] + t * (seg[2] - seg[0]), seg[1] + t * (seg[3] - seg[1]));
    }

    private Walker newWalker() {
        Walker w = new Walker();
        Point p = randomPoint(placement);
        w.x = p.x();
        w.y = p.y();
        redraw(w);
        return w;
    }

    private void redraw(Walker w) {
        w.speed = scenario.mobility().maxSpeed() * mobility.nextDouble();
        w.heading = 2 * Math.PI * mobility.nextDouble();
    }

    private void move() {
        Scenario.Mobility m = scenario.mobility();
        double width = scenario.area().width();
        double height = scenario.area().height();
        for (Walker w : walkers) {
            if (mobility.nextDouble() < m.turnProbability()) redraw(w);
            double dx = w.speed * Math.cos(w.heading) * m.slotS();
            double dy = w.speed * Math.sin(w.heading) * m.slotS();
            double[] rx = reflect(w.x + dx, width);
            double[] ry = reflect(w.y + dy, height);
            w.x = rx[0];
            w.y = ry[0];
            // a reflection mirrors the heading's component across the border it hit
            double cos = Math.cos(w.heading) * rx[1];
            double sin = Math.sin(w.heading) * ry[1];
            w.heading = Math.atan2(sin, cos);
        }
    }

    /** Folds a coordinate back into [0, size]; returns the coordinate and +1 or -1 for the direction. */
    static double[] reflect(double v, double size) {
        double sign = 1;
        double period = 2 * size;
        double r = v % period;
        if (r < 0) r += period;
        if (r > size) {
            r = period - r;
            sign = -1;
        }
        return new double[] {r, sign};
    }

    private Point randomPoint(RandomGenerator rng) {
        return new Point(
                scenario.area().width() * rng.nextDouble(), scenario.area().height() * rng.nextDouble());
    }
}
