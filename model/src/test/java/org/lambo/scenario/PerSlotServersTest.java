package org.lambo.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.lambo.mec.EdgeServer;
import org.lambo.mec.Instance;
import org.lambo.mec.InstanceJson;
import org.lambo.mec.Point;

/** The {@code are} profile as in the ARE code and data: S4 (5e10) fixed at (15, 15), S1-S3 re-placed every slot. */
class PerSlotServersTest {
    private final Scenario are = ScenarioLoader.load("are");

    @Test
    void theGroundStationAtFifteenFifteenIsTheFiftyGigahertzServerAndStays() {
        World w = new World(are, 4);
        for (int k = 0; k < 5; k++) {
            Instance inst = w.next();
            assertThat(inst.server(4).cpuHz()).isEqualTo(5e10);
            assertThat(inst.server(4).position()).isEqualTo(new Point(15, 15));
        }
    }

    @Test
    void theUavsMoveEverySlotInsideTheAreaAndTheVehicleKeepsToItsRoad() {
        World w = new World(are, 4);
        Set<Point> uav = new HashSet<>();
        Set<Point> vehicle = new HashSet<>();
        for (int k = 0; k < 6; k++) {
            Instance inst = w.next();
            for (int j = 1; j <= 3; j++) {
                Point p = inst.server(j).position();
                assertThat(p.x()).isBetween(0.0, 50.0);
                assertThat(p.y()).isBetween(0.0, 50.0);
            }
            uav.add(inst.server(1).position());
            Point gv = inst.server(3).position();
            vehicle.add(gv);
            assertThat(3 * gv.x() + 2 * gv.y()).as("on 3x + 2y = 180").isCloseTo(180, within(1e-9));
            assertThat(inst.server(3).cpuHz()).isEqualTo(3e10);
        }
        assertThat(uav).hasSize(6);
        assertThat(vehicle).hasSize(6);
    }

    @Test
    void perSlotPlacementIsSeededAndSurvivesDrift() {
        Scenario downAtTwo = are.withDrift(java.util.List.of(new DriftEvent.ServerDown(2, 1)));
        World a = new World(downAtTwo, 9);
        World b = new World(downAtTwo, 9);
        for (int k = 0; k < 4; k++) {
            Instance x = a.next();
            assertThat(InstanceJson.toLine(x)).isEqualTo(InstanceJson.toLine(b.next()));
            EdgeServer s1 = x.server(1);
            assertThat(s1.up()).isEqualTo(k < 2);
        }
        assertThat(InstanceJson.toLine(new World(are, 10).next()))
                .isNotEqualTo(InstanceJson.toLine(new World(are, 9).next()));
    }

    @Test
    void theOptionRoundTripsAndItsMistakesAreNamed() {
        assertThat(ScenarioLoader.toYaml(are)).contains("placement: per-slot", "a: 3.0");
        Scenario again = ScenarioLoader.parse("again.yaml", ScenarioLoader.toYaml(are));
        assertThat(again.servers()).isEqualTo(are.servers());
        String base = "name: x\nues: 2\ntask: {bits: {mean: 1e6}, cycles: {mean: 1e9}}\nservers:\n";
        assertThatThrownBy(() -> ScenarioLoader.parse(
                        "x.yaml", base + "  - {cpuHz: 1e10, placement: per-slot, position: {x: 1, y: 1}}"))
                .hasMessage(
                        "x.yaml: field 'servers[0].placement' is per-slot, so the server has no fixed position: drop its position");
        assertThatThrownBy(() -> ScenarioLoader.parse("x.yaml", base + "  - {cpuHz: 1e10, line: {a: 1, b: 1, c: -10}}"))
                .hasMessage(
                        "x.yaml: field 'servers[0].line' needs placement: per-slot (the server is re-placed along the line every slot)");
        assertThatThrownBy(() -> ScenarioLoader.parse(
                        "x.yaml", base + "  - {cpuHz: 1e10, placement: per-slot, line: {a: 1, b: 1, c: -500}}"))
                .hasMessage("x.yaml: field 'servers[0].line' does not cross the area (50.0 x 50.0 m)");
        assertThatThrownBy(() -> ScenarioLoader.parse("x.yaml", base + "  - {cpuHz: 1e10, placement: sometimes}"))
                .hasMessage("x.yaml: field 'servers[0].placement' must be one of fixed, per-slot, got 'sometimes'");
    }
}
