package org.lambo.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lambo.io.InputException;

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
    @ValueSource(strings = {"paper", "are", "small", "tiny", "drift-half-capacity", "drift-slow-servers-light-uploads"})
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
        assertThat(ScenarioLoader.load("are").servers().get(3))
                .isEqualTo(new Scenario.ServerSpec(5e10, new org.lambo.mec.Point(15, 15))); // S4, the ground station
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
                .hasMessageContaining("bad.yaml")
                .hasMessageContaining("task.bits.mean")
                .hasMessageContaining("-5");
    }

    @Test
    void aMissingFieldIsNamed() {
        String bad = MINIMAL.replace("ues: 3\n", "");
        assertThatThrownBy(() -> ScenarioLoader.parse("bad.yaml", bad))
                .hasMessageContaining("'ues'")
                .hasMessageContaining("missing");
    }

    @Test
    void aTypoIsAnErrorNotASilentDefault() {
        String bad = MINIMAL + "mobility: {maxSped: 3}\n";
        assertThatThrownBy(() -> ScenarioLoader.parse("bad.yaml", bad))
                .hasMessageContaining("mobility.maxSped")
                .hasMessageContaining("not a known field");
    }

    @Test
    void aWrongTypeIsNamed() {
        String bad = MINIMAL.replace("ues: 3", "ues: many");
        assertThatThrownBy(() -> ScenarioLoader.parse("bad.yaml", bad))
                .hasMessageContaining("'ues'")
                .hasMessageContaining("'many'");
    }

    @Test
    void aDeadlineFactorBelowOneIsRefused() {
        String bad = MINIMAL + "  deadline: {factor: 0.5}\n";
        assertThatThrownBy(() -> ScenarioLoader.parse("bad.yaml", bad))
                .hasMessageContaining("task.deadline.factor")
                .hasMessageContaining("0.5");
    }

    @Test
    void aDriftEventOnAMissingServerIsRefused() {
        String bad = MINIMAL + "drift: [{slot: 2, kind: server-down, server: 3}]\n";
        assertThatThrownBy(() -> ScenarioLoader.parse("bad.yaml", bad))
                .hasMessageContaining("drift[0].server")
                .hasMessageContaining("3");
    }

    @Test
    void anUnknownDriftKindIsNamed() {
        String bad = MINIMAL + "drift: [{slot: 2, kind: meteor}]\n";
        assertThatThrownBy(() -> ScenarioLoader.parse("bad.yaml", bad))
                .hasMessageContaining("drift[0].kind")
                .hasMessageContaining("meteor");
    }

    @Test
    void brokenYamlSaysSo() {
        assertThatThrownBy(() -> ScenarioLoader.parse("bad.yaml", "name: [unclosed"))
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void anUnknownProfileListsTheBuiltInOnes(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> ScenarioLoader.load("nonesuch")).hasMessageContaining("paper");
        Path f = dir.resolve("mine.yaml");
        Files.writeString(f, MINIMAL);
        assertThat(ScenarioLoader.load(f.toString()).name()).isEqualTo("t");
    }

    @Test
    void aFileThatIsNotUtf8TextIsRefusedSayingSo(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("binary.yaml");
        Files.write(f, new byte[] {'n', 'a', 'm', 'e', ':', ' ', (byte) 0xff, (byte) 0xfe, 0, 1});
        assertThatThrownBy(() -> ScenarioLoader.load(f.toString()))
                .isInstanceOf(InputException.class)
                .hasMessage(f + ": is not UTF-8 text");
        assertThatThrownBy(() -> FamilyLoader.load(f.toString()))
                .isInstanceOf(InputException.class)
                .hasMessage(f + ": is not UTF-8 text");
    }

    /** Parses {@code yaml}, which must be refused; returns the one-line message. */
    private static String refused(String yaml) {
        try {
            ScenarioLoader.parse("s.yaml", yaml);
        } catch (InputException e) {
            assertThat(e.getMessage()).startsWith("s.yaml: ").doesNotContain("\n");
            return e.getMessage();
        }
        throw new AssertionError("accepted:\n" + yaml);
    }

    @Test
    void yamlNumbersAreNumbersButQuotedOnesAreText() {
        assertThat(ScenarioLoader.parse("s.yaml", MINIMAL.replace("1.0e+6", "1e6"))
                        .task()
                        .bits()
                        .mean())
                .isEqualTo(1e6);
        assertThat(refused(MINIMAL.replace("1.0e+6", "'1e6'")))
                .isEqualTo("s.yaml: field 'task.bits.mean' must be a number, got '1e6'");
        assertThat(refused(MINIMAL.replace("cpuHz: 1.0e+10", "cpuHz: \"1.5e10\"")))
                .isEqualTo("s.yaml: field 'servers[0].cpuHz' must be a number, got '1.5e10'");
    }

    @Test
    void anIntegerWrittenWithAFractionIsRefused() {
        assertThat(refused(MINIMAL.replace("ues: 3", "ues: 3.0")))
                .isEqualTo("s.yaml: field 'ues' must be an integer, got 3.0");
        assertThat(refused(MINIMAL.replace("ues: 3", "ues: '3'")))
                .isEqualTo("s.yaml: field 'ues' must be an integer, got '3'");
    }

    @Test
    void aDuplicateKeyIsRefused() {
        assertThat(refused(MINIMAL + "ues: 4\n"))
                .startsWith("s.yaml: field 'ues' appears twice in one object (duplicate key 'ues') (line 7");
        assertThat(refused(MINIMAL.replace("bits: {mean: 1.0e+6}", "bits: {mean: 1.0e+6, mean: 2.0e+6}")))
                .startsWith("s.yaml: field 'task.bits.mean' appears twice");
    }

    @Test
    void aSecondDocumentOrTrailingContentIsRefused() {
        assertThat(refused(MINIMAL + "---\nname: other\n")).startsWith("s.yaml: has content after its YAML value");
        assertThat(refused(MINIMAL + "...\ngarbage: [\n")).startsWith("s.yaml: has content after its YAML value");
    }

    @Test
    void notANumberAndInfinityAreRefusedNamingTheField() {
        assertThat(refused(MINIMAL.replace("1.0e+6", ".nan")))
                .startsWith("s.yaml: field 'task.bits.mean' must be a finite number, got .nan (line 5");
        assertThat(refused(MINIMAL.replace("cpuHz: 1.0e+10", "cpuHz: .inf")))
                .startsWith("s.yaml: field 'servers[0].cpuHz' must be a finite number, got .inf");
        assertThat(refused(MINIMAL + "mobility: {maxSpeed: -.Inf}\n"))
                .startsWith("s.yaml: field 'mobility.maxSpeed' must be a finite number, got -.Inf");
        assertThat(refused(MINIMAL.replace("1.0e+6", "1.0e+999")))
                .startsWith("s.yaml: field 'task.bits.mean' must be a finite number");
    }

    @Test
    void anAliasIsRefusedNotReadAsItsName() {
        String aliased = MINIMAL.replace("bits: {mean: 1.0e+6}", "bits: &b {mean: 1.0e+6}")
                .replace("cycles: {mean: 1.0e+9}", "cycles: *b");
        assertThat(refused(aliased)).startsWith("s.yaml: field 'task.cycles' is a YAML alias (*b)");
    }

    @Test
    void anExplicitNullIsRefusedNotTakenForTheDefault() {
        assertThat(refused(MINIMAL + "seed: ~\n")).startsWith("s.yaml: field 'seed' is null");
    }

    @Test
    void sizesBeyondTheLimitsAreRefusedNamingFieldValueAndLimit() {
        assertThat(ScenarioLoader.parse("s.yaml", MINIMAL.replace("ues: 3", "ues: 10000"))
                        .ues())
                .isEqualTo(10_000);
        assertThat(refused(MINIMAL.replace("ues: 3", "ues: 10001")))
                .isEqualTo("s.yaml: field 'ues' must be in [1, 10000], got 10001");
        assertThat(refused(MINIMAL.replace("ues: 3", "ues: 1000000")))
                .isEqualTo("s.yaml: field 'ues' must be in [1, 10000], got 1000000");
        String servers = "servers: [" + "{cpuHz: 1.0e+10}, ".repeat(1_000) + "{cpuHz: 1.0e+10}]";
        assertThat(refused(MINIMAL.replace("servers: [{cpuHz: 1.0e+10}]", servers)))
                .isEqualTo("s.yaml: field 'servers' must list at most 1000 entries, got 1001");
        String links = MINIMAL.replace("ues: 3", "ues: 4000")
                .replace(
                        "servers: [{cpuHz: 1.0e+10}]",
                        "servers: [" + "{cpuHz: 1.0e+10}, ".repeat(500) + "{cpuHz: 1.0e+10}]");
        assertThat(refused(links))
                .isEqualTo(
                        "s.yaml: field 'ues' is 4000 for 501 servers: N x M = 2004000 links is over the limit of 2000000");
        assertThat(refused(MINIMAL + "drift: [{slot: 2, kind: ue-count, count: 20000}]\n"))
                .isEqualTo("s.yaml: field 'drift[0].count' must be in [1, 10000], got 20000");
    }

    @Test
    void yaml11NumberSpellingsOtherThanDecimalAreRefused() {
        assertThat(refused(MINIMAL + "seed: 010\n"))
                .startsWith(
                        "s.yaml: field 'seed' must be a number written in decimal, got 010 (YAML 1.1 would read it as 8)");
        assertThat(refused(MINIMAL.replace("ues: 3", "ues: 0x10")))
                .startsWith("s.yaml: field 'ues' must be a number written in decimal, got 0x10");
        assertThat(refused(MINIMAL.replace("ues: 3", "ues: 1_000")))
                .startsWith("s.yaml: field 'ues' must be a number written in decimal, got 1_000");
        assertThat(ScenarioLoader.parse(
                                "s.yaml",
                                MINIMAL + "seed: -0\nmobility: {maxSpeed: 0.5, slot: .5, turnProbability: 1.}\n")
                        .seed())
                .isZero();
    }

    @Test
    void deepNestingAnAliasBombAndAHugeDocumentAreRefusedNotLoaded() {
        assertThat(refused(MINIMAL + "x: " + "[".repeat(200) + "]".repeat(200) + "\n"))
                .contains("is nested deeper than 64 levels");
        assertThat(refused("a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n" + MINIMAL))
                .startsWith("s.yaml: field 'b[0]' is a YAML alias (*a)");
        assertThat(refused("name: " + "x".repeat(4_000_000) + "\n")).contains("exceeds the limit: 3145728 code points");
    }
}
