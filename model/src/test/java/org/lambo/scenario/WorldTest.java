package org.lambo.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.junit.jupiter.api.Test;
import org.lambo.mec.CostModel;
import org.lambo.mec.Decision;
import org.lambo.mec.DecisionValidator;
import org.lambo.mec.Instance;
import org.lambo.mec.InstanceJson;
import org.lambo.mec.Point;
import org.lambo.mec.UserEquipment;

class WorldTest {
    private final Scenario paper = ScenarioLoader.load("paper");

    @Test
    void theSameSeedGivesTheSameSlots() {
        World a = new World(paper, 17);
        World b = new World(paper, 17);
        for (int k = 0; k < 5; k++) assertThat(InstanceJson.toLine(a.next())).isEqualTo(InstanceJson.toLine(b.next()));
        assertThat(InstanceJson.toLine(new World(paper, 18).next()))
                .isNotEqualTo(InstanceJson.toLine(new World(paper, 17).next()));
    }

    @Test
    void uesStayInTheAreaAndMoveAtMostMaxSpeedPerSlot() {
        World w = new World(paper.withUes(200), 3);
        Instance prev = w.next();
        for (int t = 1; t < 300; t++) {
            Instance cur = w.next();
            for (int i = 0; i < cur.n(); i++) {
                Point p = cur.ue(i).position();
                assertThat(paper.area().contains(p))
                        .as("UE %d at slot %d: %s", i, t, p)
                        .isTrue();
                assertThat(p.distanceTo(prev.ue(i).position())).isLessThanOrEqualTo(1.2 * 1.0 + 1e-9);
            }
            prev = cur;
        }
    }

    @Test
    void serversStayPutAndUesDoMove() {
        World w = new World(paper, 4);
        Instance first = w.next();
        Instance later = null;
        for (int t = 0; t < 10; t++) later = w.next();
        assertThat(later.servers()).isEqualTo(first.servers());
        double moved = 0;
        for (int i = 0; i < first.n(); i++)
            moved += first.ue(i).position().distanceTo(later.ue(i).position());
        assertThat(moved / first.n()).isGreaterThan(0.5);
    }

    @Test
    void reflectionFoldsBackIntoTheArea() {
        assertThat(World.reflect(-1, 50)).containsExactly(1, -1);
        assertThat(World.reflect(51, 50)).containsExactly(49, -1);
        assertThat(World.reflect(20, 50)).containsExactly(20, 1);
    }

    /** Distribution check: D and F are uniform on mean x [0.5, 1.5]; their sample means sit in a 99.9 % band. */
    @Test
    void tasksFollowTheProfile() {
        World w = new World(paper, 8);
        SummaryStatistics bits = new SummaryStatistics();
        SummaryStatistics cycles = new SummaryStatistics();
        for (int t = 0; t < 40; t++) {
            for (UserEquipment ue : w.next().ues()) {
                bits.addValue(ue.task().bits());
                cycles.addValue(ue.task().cycles());
                assertThat(ue.task().bits()).isBetween(1e8, 3e8);
                assertThat(ue.task().deadlineS()).isCloseTo(1.2 * ue.task().cycles() / 1e9, within(1e-9));
            }
        }
        // U(0.5, 1.5) x m has sd m / sqrt(12); 2000 draws: standard error m / sqrt(12 * 2000)
        double se = 1 / Math.sqrt(12.0 * bits.getN());
        assertThat(bits.getMean() / 2e8).isCloseTo(1.0, within(3.3 * se));
        assertThat(cycles.getMean() / 1e10).isCloseTo(1.0, within(3.3 * se));
        assertThat(bits.getStandardDeviation() / 2e8).isCloseTo(1 / Math.sqrt(12), within(0.02));
    }

    @Test
    void allLocalIsAlwaysFeasible() {
        for (String profile : List.of("paper", "are", "small")) {
            World w = new World(ScenarioLoader.load(profile), 1);
            for (int t = 0; t < 20; t++) {
                Instance inst = w.next();
                assertThat(DecisionValidator.violations(inst, Decision.allLocal(inst.n())))
                        .isEmpty();
            }
        }
    }

    @Test
    void thePaperProfileIsARealTradeOff() {
        // SYSTEM_MODEL.md: local takes about 10 s, the upload about 7 s
        Instance inst = new World(paper, 2).next();
        SummaryStatistics local = new SummaryStatistics();
        SummaryStatistics upload = new SummaryStatistics();
        for (int i = 0; i < inst.n(); i++) {
            local.addValue(CostModel.localLatency(inst, i));
            for (int j = 1; j <= inst.m(); j++) upload.addValue(CostModel.uploadTime(inst, i, j));
        }
        assertThat(local.getMean()).isBetween(8.0, 12.0);
        assertThat(upload.getMean()).isBetween(3.0, 12.0);
    }

    @Test
    void driftEventsApplyAtTheirSlot() {
        Scenario s = paper.withDrift(List.of(
                new DriftEvent.ServerCapacity(2, 4, 0.5),
                new DriftEvent.ServerDown(3, 1),
                new DriftEvent.UeCount(4, 20),
                new DriftEvent.TaskProfile(5, 2.0, 1.0),
                new DriftEvent.FadingSwitch(6, Scenario.Fading.RAYLEIGH),
                new DriftEvent.ServerUp(7, 1)));
        World w = new World(s, 9);
        Instance t0 = w.next();
        w.next();
        Instance t2 = w.next();
        assertThat(t2.server(4).cpuHz()).isEqualTo(t0.server(4).cpuHz() * 0.5);
        Instance t3 = w.next();
        assertThat(t3.server(1).up()).isFalse();
        Instance t4 = w.next();
        assertThat(t4.n()).isEqualTo(20);
        Instance t5 = w.next();
        double meanBits =
                t5.ues().stream().mapToDouble(u -> u.task().bits()).average().orElseThrow();
        assertThat(meanBits).isBetween(3e8, 5e8);
        Instance t6 = w.next();
        assertThat(t5.hasMeasuredGains()).isFalse();
        assertThat(t6.hasMeasuredGains()).isTrue();
        assertThat(w.next().server(1).up()).isTrue();
    }

    /** Rayleigh fading: xi ~ Exp(1), so gain / distance-model gain has mean 1 and variance 1. */
    @Test
    void rayleighFadingHasUnitMeanExponentialPower() {
        Scenario s = paper.withDrift(List.of(new DriftEvent.FadingSwitch(0, Scenario.Fading.RAYLEIGH)));
        World w = new World(s, 12);
        SummaryStatistics xi = new SummaryStatistics();
        for (int t = 0; t < 20; t++) {
            Instance inst = w.next();
            for (int i = 0; i < inst.n(); i++) {
                for (int j = 1; j <= inst.m(); j++) {
                    double d = inst.ue(i).position().distanceTo(inst.server(j).position());
                    xi.addValue(inst.gain(i, j) / inst.channel().gain(d, 1.0));
                }
            }
        }
        double se = 1 / Math.sqrt(xi.getN());
        assertThat(xi.getMean()).isCloseTo(1.0, within(3.3 * se));
        assertThat(xi.getVariance()).isCloseTo(1.0, within(0.15));
    }
}
