package org.lambo.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.lambo.io.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScenarioLoaderTest {
    private static final String MINIMAL = """
            name: t
            ues: 3
            servers: [{cpuHz: 1.0e+10}]
            task:
              bits: {mean: 1.0e+6}
              cycles: {mean: 1.0e+9}
            """;

    @ParameterizedTest
    @ValueSource(strings = {"paper", "are", "small", "tiny", "drift-half-capacity"})
    void everyBuiltInProfileLoads(String profile) {
        Scenario s = ScenarioLoader.load(profile);
        assertThat(s.name()).isEqualTo(profile);
    }

    @Test
    void paperHasTheCaseStudysNumbers() {
        Scenario s = ScenarioLoader.load("paper");
        assertThat(s.ues()).isEqualTo(50);
        assertThat(s.servers()).extracting(Scenario.ServerSpec::cpuHz).containsExactly(1.5e10, 1.5e10, 3e10, 5e10);
        assertThat(s.mobility().maxSpeed()).isEqualTo(1.2);
        assertThat(s.task().bits().mean()).isEqualTo(2e8);
        assertThat(s.task().cycles().spread()).isEqualTo(0.5);
        assertThat(s.task().deadlineFactor()).isEqualTo(1.2);
        assertThat(ScenarioLoader.load("are").servers().get(0).position()).isEqualTo(new org.lambo.mec.Point(15, 15));
    }

    @Test
    void defaultsFillWhatIsLeftOut() {
        Scenario s = ScenarioLoader.parse("t.yaml", MINIMAL);
        assertThat(s.area().width()).isEqualTo(50);
        assertThat(s.channel().params().bandwidthHz()).isEqualTo(1e6);
        assertThat(s.channel().fading()).isEqualTo(Scenario.Fading.NONE);
        assertThat(s.ue().localCpuHz()).isEqualTo(1e9);
    }

    @Test
    void yamlRoundTripKeepsEverything() {
        Scenario s = ScenarioLoader.load("drift-half-capacity");
        Scenario back = ScenarioLoader.parse("round", ScenarioLoader.toYaml(s));
        assertThat(back).isEqualTo(s);
    }

    @Test
    void aNegativeMeanIsNamedWithItsPathAndValue() {
        String bad = MINIMAL.replace("bits: {mean: 1.0e+6}", "bits: {mean: -5}");
        assertThatThrownBy(() -> ScenarioLoader.parse("bad.yaml", bad))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("bad.yaml").hasMessageContaining("task.bits.mean").hasMessageContaining("-5");
    }

    @Test
    void aMissingFieldIsNamed() {
        String bad = MINIMAL.replace("ues: 3\n", "");
        assertThatThrownBy(() -> ScenarioLoader.parse("bad.yaml", bad)).hasMessageContaining("'ues'").hasMessageContaining("missing");
    }

    @Test
    void aTypoIsAnErrorNotASilentDefault() {
        String bad = MINIMAL + "mobility: {maxSped: 3}\n";
        assertThatThrownBy(() -> ScenarioLoader.parse("bad.yaml", bad)).hasMessageContaining("mobility.maxSped").hasMessageContaining("not a known field");
    }

    @Test
    void aWrongTypeIsNamed() {
        String bad = MINIMAL.replace("ues: 3", "ues: many");
        assertThatThrownBy(() -> ScenarioLoader.parse("bad.yaml", bad)).hasMessageContaining("'ues'").hasMessageContaining("'many'");
    }

    @Test
    void aDeadlineFactorBelowOneIsRefused() {
        String bad = MINIMAL + "  deadline: {factor: 0.5}\n";
        assertThatThrownBy(() -> ScenarioLoader.parse("bad.yaml", bad)).hasMessageContaining("task.deadline.factor").hasMessageContaining("0.5");
    }

    @Test
    void aDriftEventOnAMissingServerIsRefused() {
        String bad = MINIMAL + "drift: [{slot: 2, kind: server-down, server: 3}]\n";
        assertThatThrownBy(() -> ScenarioLoader.parse("bad.yaml", bad)).hasMessageContaining("drift[0].server").hasMessageContaining("3");
    }

    @Test
    void anUnknownDriftKindIsNamed() {
        String bad = MINIMAL + "drift: [{slot: 2, kind: meteor}]\n";
        assertThatThrownBy(() -> ScenarioLoader.parse("bad.yaml", bad)).hasMessageContaining("drift[0].kind").hasMessageContaining("meteor");
    }

    @Test
    void brokenYamlSaysSo() {
        assertThatThrownBy(() -> ScenarioLoader.parse("bad.yaml", "name: [unclosed")).hasMessageContaining("not valid YAML");
    }

    @Test
    void anUnknownProfileListsTheBuiltInOnes(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> ScenarioLoader.load("nonesuch")).hasMessageContaining("paper");
        Path f = dir.resolve("mine.yaml");
        Files.writeString(f, MINIMAL);
        assertThat(ScenarioLoader.load(f.toString()).name()).isEqualTo("t");
    }
}
