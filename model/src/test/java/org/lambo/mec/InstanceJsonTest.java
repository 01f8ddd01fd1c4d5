package org.lambo.mec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.io.InputException;
import org.lambo.scenario.DriftEvent;
import org.lambo.scenario.Scenario;
import org.lambo.scenario.ScenarioLoader;
import org.lambo.scenario.World;

class InstanceJsonTest {
    private final Instance inst = new World(ScenarioLoader.load("small"), 5).next();

    @Test
    void aFileRoundTripsExactly(@TempDir Path dir) throws Exception {
        Scenario faded = ScenarioLoader.load("small")
                .withDrift(List.of(new DriftEvent.FadingSwitch(1, Scenario.Fading.RAYLEIGH)));
        World w = new World(faded, 5);
        List<Instance> list = List.of(w.next(), w.next(), w.next());
        Path f = dir.resolve("i.jsonl");
        InstanceJson.writeAll(f, list);
        List<Instance> back = InstanceJson.readAll(f);
        assertThat(back).hasSize(3);
        for (int k = 0; k < 3; k++) {
            assertThat(InstanceJson.toLine(back.get(k))).isEqualTo(InstanceJson.toLine(list.get(k)));
            for (int i = 0; i < back.get(k).n(); i++) {
                assertThat(back.get(k).rate(i, 1)).isEqualTo(list.get(k).rate(i, 1));
            }
        }
        assertThat(back.get(2).hasMeasuredGains()).isTrue();
    }

    @Test
    void measuredGainsReplaceTheDistanceModel() {
        String line = InstanceJson.toLine(inst);
        StringBuilder gains = new StringBuilder(",\"gains\":[");
        for (int i = 0; i < inst.n(); i++) {
            gains.append(i == 0 ? "" : ",").append("[");
            for (int j = 0; j < inst.m(); j++) gains.append(j == 0 ? "" : ",").append("3e-12");
            gains.append("]");
        }
        gains.append("]}");
        Instance measured = InstanceJson.parseLine("m", line.substring(0, line.length() - 1) + gains);
        assertThat(measured.rate(0, 1)).isCloseTo(2e6, org.assertj.core.api.Assertions.within(1e-6));
    }

    private String mutate(String from, String to) {
        String line = InstanceJson.toLine(inst);
        assertThat(line).contains(from);
        return line.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to));
    }

    @Test
    void aMissingFieldIsNamedWithItsPath() {
        String bad = mutate("\"cycles\":", "\"cyclez\":");
        assertThatThrownBy(() -> InstanceJson.parseLine("f.jsonl:1", bad))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("f.jsonl:1")
                .hasMessageContaining("ues[0].task.cycles")
                .hasMessageContaining("missing");
    }

    @Test
    void aNegativeCpuIsNamedWithItsValue() {
        String bad = mutate("\"cpuHz\":", "\"cpuHz\":-");
        assertThatThrownBy(() -> InstanceJson.parseLine("f", bad))
                .hasMessageContaining("servers[0].cpuHz")
                .hasMessageContaining("> 0");
    }

    @Test
    void aWrongTypeIsNamed() {
        String bad = mutate("\"up\":true", "\"up\":\"yes\"");
        assertThatThrownBy(() -> InstanceJson.parseLine("f", bad))
                .hasMessageContaining("servers[0].up")
                .hasMessageContaining("'yes'");
    }

    @Test
    void anotherSchemaVersionIsRefused() {
        String bad = mutate("\"schema\":1", "\"schema\":9");
        assertThatThrownBy(() -> InstanceJson.parseLine("f", bad))
                .hasMessageContaining("schema")
                .hasMessageContaining("9");
    }

    @Test
    void aDeadlineBelowLocalTimeIsRefused() {
        String bad = InstanceJson.toLine(inst).replaceFirst("\"deadlineS\":[0-9.eE+-]+", "\"deadlineS\":0.001");
        assertThatThrownBy(() -> InstanceJson.parseLine("f", bad))
                .hasMessageContaining("ues[0].task.deadlineS")
                .hasMessageContaining("local execution is feasible")
                .hasMessageContaining("0.001");
    }

    @Test
    void gainsOfTheWrongShapeAreNamed() {
        String line = InstanceJson.toLine(inst);
        String bad = line.substring(0, line.length() - 1) + ",\"gains\":[[1e-9]]}";
        assertThatThrownBy(() -> InstanceJson.parseLine("f", bad))
                .hasMessageContaining("gains")
                .hasMessageContaining("one row per UE");
    }

    @Test
    void notJsonSaysSoAndEmptyFilesAreRefused(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> InstanceJson.parseLine("f", "{oops")).hasMessageContaining("not valid JSON");
        Path empty = dir.resolve("e.jsonl");
        Files.writeString(empty, "\n");
        assertThatThrownBy(() -> InstanceJson.readAll(empty)).hasMessageContaining("holds no instance");
        assertThatThrownBy(() -> InstanceJson.readAll(dir.resolve("none.jsonl")))
                .hasMessageContaining("no such file");
    }
}
