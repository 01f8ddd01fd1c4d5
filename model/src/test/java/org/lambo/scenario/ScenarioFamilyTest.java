package org.lambo.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.lambo.io.InputException;
import org.lambo.mec.EdgeServer;
import org.lambo.mec.Instance;
import org.lambo.mec.UserEquipment;
import org.lambo.rng.Seeds;

class ScenarioFamilyTest {
    private static final String FAMILY = """
            name: f
            seed: 3
            base: paper
            family:
              ues: {min: 10, max: 200, scale: log}
              servers: {min: 2, max: 8}
              cpuHz: {min: 1.0e+10, max: 5.0e+10, scale: log}
              profile: {min: 0.0, max: 1.25}
              deadlineFactor: {min: 1.0, max: 2.0}
              fading: 0.25
              serverDown: 0.1
            test:
              seed: 90001
              instances: 2
              cells:
                - {name: n300-m10, ues: 300, servers: 10}
                - {name: are, scenario: are}
                - {name: tight-fading, ues: 20, servers: 3, deadlineFactor: 1.0, fading: rayleigh, profile: 1.5}
            """;

    private static List<String> json(List<Instance> slots) {
        return slots.stream().map(org.lambo.mec.InstanceJson::toLine).toList();
    }

    private static ScenarioFamily family() {
        return (ScenarioFamily) FamilyLoader.parse("f.yaml", FAMILY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"family-general", "family-small"})
    void everyBuiltInFamilyLoadsWithATestGrid(String name) {
        ScenarioFamily f = FamilyLoader.loadFamily(name);
        assertThat(f.name()).isEqualTo(name);
        assertThat(f.test()).isNotNull();
        assertThat(f.test().seed()).isNotEqualTo(f.seed());
        assertThat(f.test().slots()).hasSize(f.test().cells().size() * f.test().instances());
    }

    @Test
    void theGeneralFamilysGridHasCellsOutsideTheTrainingRanges() {
        ScenarioFamily f = FamilyLoader.loadFamily("family-general");
        List<Instance> grid = f.test().slots();
        assertThat(grid).anySatisfy(i -> {
            assertThat(i.n()).isEqualTo(300);
            assertThat(i.m()).isEqualTo(10);
        });
        assertThat(grid).allSatisfy(i -> assertThat(i.n()).isGreaterThanOrEqualTo(10));
        assertThat(grid.stream().mapToInt(Instance::n).max().getAsInt())
                .isGreaterThan(f.ues().max());
        assertThat(grid.stream().mapToInt(Instance::m).max().getAsInt())
                .isGreaterThan(f.servers().max());
    }

    @Test
    void drawsCoverEveryRangeAndStayInside() {
        ScenarioFamily f = family();
        int worlds = 600;
        Set<Integer> ns = new HashSet<>();
        Set<Integer> ms = new HashSet<>();
        int small = 0;
        int rayleigh = 0;
        int serversDown = 0;
        int serversAll = 0;
        double cpuMin = Double.MAX_VALUE, cpuMax = 0, pMin = 9, pMax = -9, dMin = 9, dMax = 0;
        for (int k = 0; k < worlds; k++) {
            Scenario s = f.scenarioFor(Seeds.derive(77, "w", k));
            assertThat(s.ues()).isBetween(10, 200);
            assertThat(s.servers().size()).isBetween(2, 8);
            ns.add(s.ues());
            ms.add(s.servers().size());
            if (s.ues() < 45) small++;
            for (Scenario.ServerSpec sp : s.servers()) {
                assertThat(sp.cpuHz()).isBetween(1e10, 5e10);
                cpuMin = Math.min(cpuMin, sp.cpuHz());
                cpuMax = Math.max(cpuMax, sp.cpuHz());
            }
            double p = Math.log(s.task().cycles().mean() / 1e9) / Math.log(10);
            assertThat(p).isBetween(-1e-9, 1.25 + 1e-9);
            pMin = Math.min(pMin, p);
            pMax = Math.max(pMax, p);
            dMin = Math.min(dMin, s.task().deadlineFactor());
            dMax = Math.max(dMax, s.task().deadlineFactor());
            if (s.channel().fading() == Scenario.Fading.RAYLEIGH) rayleigh++;
            long down = s.drift().stream()
                    .filter(e -> e instanceof DriftEvent.ServerDown)
                    .count();
            assertThat(down).isLessThan(s.servers().size()); // one always stays up
            serversDown += (int) down;
            serversAll += s.servers().size();
        }
        assertThat(ms).containsExactlyInAnyOrder(2, 3, 4, 5, 6, 7, 8);
        assertThat(ns).contains(10, 11, 12); // log scale: the small end is dense
        assertThat(ns.stream().mapToInt(Integer::intValue).max().getAsInt()).isGreaterThan(180);
        // log-uniform on [10, 201): P(N < 45) = ln 4.5 / ln 20.1 = 0.50
        assertThat(small / (double) worlds).isBetween(0.43, 0.57);
        assertThat(cpuMin).isLessThan(1.1e10);
        assertThat(cpuMax).isGreaterThan(4.5e10);
        assertThat(pMin).isLessThan(0.05);
        assertThat(pMax).isGreaterThan(1.2);
        assertThat(dMin).isLessThan(1.03);
        assertThat(dMax).isGreaterThan(1.97);
        assertThat(rayleigh / (double) worlds).isBetween(0.19, 0.31);
        assertThat(serversDown / (double) serversAll).isBetween(0.07, 0.13);
    }

    @Test
    void theProfileRunsFromAreToPaper() {
        Scenario are = ScenarioLoader.load("are");
        Scenario paper = ScenarioLoader.load("paper");
        Scenario.TaskSpec p0 = ScenarioFamily.taskProfile(0, 1.0);
        Scenario.TaskSpec p1 = ScenarioFamily.taskProfile(1, 1.2);
        assertThat(p0.bits().mean()).isEqualTo(are.task().bits().mean());
        assertThat(p0.cycles()).isEqualTo(are.task().cycles());
        assertThat(p1.bits().mean()).isCloseTo(paper.task().bits().mean(), org.assertj.core.data.Offset.offset(1.0));
        assertThat(p1.cycles().mean())
                .isCloseTo(paper.task().cycles().mean(), org.assertj.core.data.Offset.offset(1.0));
        assertThat(p1.cycles().spread()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(p1.deadlineFactor()).isEqualTo(paper.task().deadlineFactor());
    }

    @Test
    void theSameSeedDrawsTheSameWorldAndOtherSeedsOthers() {
        ScenarioFamily f = family();
        assertThat(json(List.of(f.firstSlot(42)))).isEqualTo(json(List.of(family().firstSlot(42))));
        Set<String> shapes = new HashSet<>();
        for (int k = 0; k < 20; k++) {
            Instance i = f.firstSlot(1000 + k);
            shapes.add(i.n() + "x" + i.m() + "x" + i.ues().get(0).task().cycles());
        }
        assertThat(shapes).hasSize(20);
        assertThat(json(f.draws(5, 4))).isEqualTo(json(family().draws(5, 4)));
        assertThat(json(f.draws(5, 4))).doesNotContainAnyElementsOf(json(f.draws(6, 4)));
        assertThat(json(f.test().slots())).isEqualTo(json(family().test().slots()));
    }

    @Test
    void aDownServerIsDownInTheFirstSlotAndNeverAll() {
        String yaml = FAMILY.replace("serverDown: 0.1", "serverDown: 1.0");
        ScenarioFamily f = (ScenarioFamily) FamilyLoader.parse("f.yaml", yaml);
        for (int k = 0; k < 30; k++) {
            Instance i = f.firstSlot(k);
            long up = i.servers().stream().filter(EdgeServer::up).count();
            assertThat(up).isEqualTo(1);
        }
    }

    @Test
    void testCellsPinWhatTheyNameAndDrawTheRest() {
        ScenarioFamily f = family();
        List<Instance> grid = f.test().slots();
        assertThat(grid).hasSize(6);
        assertThat(grid.subList(0, 2)).allSatisfy(i -> {
            assertThat(i.n()).isEqualTo(300);
            assertThat(i.m()).isEqualTo(10);
            assertThat(i.id()).startsWith("f-n300-m10-s");
        });
        assertThat(grid.subList(2, 4)).allSatisfy(i -> {
            assertThat(i.id()).startsWith("are-s");
            assertThat(i.n()).isEqualTo(50);
        });
        for (Instance i : grid.subList(4, 6)) {
            assertThat(i.n()).isEqualTo(20);
            assertThat(i.hasMeasuredGains()).isTrue(); // Rayleigh fading pinned on: per-link gains
            for (UserEquipment u : i.ues()) {
                assertThat(u.task().deadlineS())
                        .isCloseTo(u.task().cycles() / u.localCpuHz(), org.assertj.core.data.Offset.offset(1e-9));
            }
        }
    }

    @Test
    void trainingSeedsAndTestSeedsGiveDisjointWorlds() {
        ScenarioFamily f = family();
        Set<String> test = new HashSet<>();
        for (Instance i : f.test().slots()) test.add(i.id());
        for (Instance i : f.draws(f.seed(), 200)) assertThat(test).doesNotContain(i.id());
    }

    @Test
    void aPlainScenarioStillLoadsAsOneAndIsRefusedWhereAFamilyIsNeeded() {
        assertThat(FamilyLoader.load("paper")).isInstanceOf(Scenario.class);
        assertThatThrownBy(() -> FamilyLoader.loadFamily("paper"))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("not a scenario family");
        assertThatThrownBy(() -> ScenarioLoader.parse("f.yaml", FAMILY))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("family")
                .hasMessageContaining("f.yaml");
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "ues: {min: 10, max: 200, scale: log}|ues: {min: 0, max: 200}|family.ues.min",
                "ues: {min: 10, max: 200, scale: log}|ues: {min: 50, max: 20}|family.ues.max",
                "ues: {min: 10, max: 200, scale: log}|ues: {min: 10, max: 20000}|family.ues.max",
                "ues: {min: 10, max: 200, scale: log}|ues: {min: 10, max: 200, scale: cubic}|family.ues.scale",
                "ues: {min: 10, max: 200, scale: log}|ues: {min: 10.5, max: 200}|family.ues.min",
                "ues: {min: 10, max: 200, scale: log}|ues: {min: '10', max: 200}|family.ues.min",
                "servers: {min: 2, max: 8}|servers: {min: 2, max: 1001}|family.servers.max",
                "cpuHz: {min: 1.0e+10, max: 5.0e+10, scale: log}|cpuHz: {min: -1.0e+10, max: 5.0e+10}|family.cpuHz.min",
                "profile: {min: 0.0, max: 1.25}|profile: {min: 0.0, max: 3.0}|family.profile.max",
                "profile: {min: 0.0, max: 1.25}|profile: {min: 0.5, max: 1.25, scale: log}|family.profile.scale",
                "deadlineFactor: {min: 1.0, max: 2.0}|deadlineFactor: {min: 0.9, max: 2.0}|family.deadlineFactor.min",
                "fading: 0.25|fading: 1.5|family.fading",
                "fading: 0.25|fading: rayleigh|family.fading",
                "serverDown: 0.1|serverDown: -0.1|family.serverDown",
                "serverDown: 0.1|serverDwn: 0.1|family.serverDwn",
                "seed: 90001|seed: 3|test.seed",
                "instances: 2|instances: 0|test.instances",
                "instances: 2|instances: 40000|test.instances",
                "{name: are, scenario: are}|{name: n300-m10, ues: 5, servers: 2}|test.cells[1].name",
                "{name: are, scenario: are}|{name: bad name, ues: 5}|test.cells[1].name",
                "{name: are, scenario: are}|{name: x, scenario: family-small}|test.cells[1].scenario",
                "{name: are, scenario: are}|{name: x, scenario: nowhere}|nowhere",
                "{name: are, scenario: are}|{name: x, ues: 5, fading: sometimes}|test.cells[1].fading",
                "{name: are, scenario: are}|{name: x, ues: 5, colour: red}|test.cells[1].colour",
                "{name: are, scenario: are}|{name: x, ues: 3000, servers: 1000}|test.cells[1].ues",
                "base: paper|base: family-small|family",
            })
    void aBadFieldIsNamedWithItsValue(String from, String to, String named) {
        String yaml = FAMILY.replace(from, to);
        assertThat(yaml).isNotEqualTo(FAMILY);
        assertThatThrownBy(() -> FamilyLoader.parse("f.yaml", yaml))
                .isInstanceOf(InputException.class)
                .hasMessageContaining(named)
                .satisfies(e -> assertThat(e.getMessage()).contains("f.yaml").doesNotContain("Exception"));
    }

    @Test
    void tooManyLinksAtTheLargestDrawAreRefused() {
        String yaml = FAMILY.replace("ues: {min: 10, max: 200, scale: log}", "ues: {min: 10, max: 9000}")
                .replace("servers: {min: 2, max: 8}", "servers: {min: 2, max: 300}");
        assertThatThrownBy(() -> FamilyLoader.parse("f.yaml", yaml))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("family.ues.max")
                .hasMessageContaining("2700000");
    }

    @Test
    void aFamilyWithoutARequiredRangeIsRefused() {
        assertThatThrownBy(() -> FamilyLoader.parse("f.yaml", FAMILY.replace("  servers: {min: 2, max: 8}\n", "")))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("family.servers")
                .hasMessageContaining("missing");
    }
}
