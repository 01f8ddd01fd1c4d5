package org.lambo.mec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.io.InputException;
import org.lambo.scenario.ScenarioLoader;
import org.lambo.scenario.World;

/** Hostile instance files, read as `lambo solve` reads them: each rule refused, naming line, field and value. */
class InstanceFileHostileInputTest {
    @TempDir
    Path dir;

    private final String line = InstanceJson.toLine(new World(ScenarioLoader.load("tiny"), 3).next());

    private String mutate(String from, String to) {
        assertThat(line).contains(from);
        return line.replaceFirst(Pattern.quote(from), Matcher.quoteReplacement(to));
    }

    /** Reads a file of a good line then {@code bad}: the error must name line 2. */
    private InputException refused(String bad) throws Exception {
        Path f = dir.resolve("i.jsonl");
        Files.writeString(f, line + "\n" + bad + "\n");
        try {
            InstanceJson.readAll(f);
        } catch (InputException e) {
            assertThat(e.getMessage()).startsWith(f + ":2: ").doesNotContain("\n");
            return e;
        }
        throw new AssertionError("accepted: " + bad);
    }

    @Test
    void aNumberWrittenAsTextIsRefused() throws Exception {
        String bits = line.replaceFirst("\"bits\":[0-9.E+-]+", "\"bits\":\"5\"");
        assertThat(refused(bits)).hasMessageEndingWith("field 'ues[0].task.bits' must be a number, got '5'");
        String cpu = line.replaceFirst("\"cpuHz\":[0-9.E+-]+", "\"cpuHz\":\"1.5e10\"");
        assertThat(refused(cpu)).hasMessageEndingWith("field 'servers[0].cpuHz' must be a number, got '1.5e10'");
    }

    @Test
    void anIntegerWrittenWithAFractionIsRefused() throws Exception {
        assertThat(refused(mutate("\"schema\":1", "\"schema\":1.0")))
                .hasMessageEndingWith("field 'schema' must be an integer, got 1.0");
    }

    @Test
    void aBooleanWrittenAsTextOrNullIsRefused() throws Exception {
        assertThat(refused(mutate("\"up\":true", "\"up\":\"true\"")))
                .hasMessageEndingWith("field 'servers[0].up' must be true or false, got 'true'");
        assertThat(refused(mutate("\"up\":true", "\"up\":null"))).hasMessageContaining("field 'servers[0].up' is null");
    }

    @Test
    void aDuplicateKeyIsRefused() throws Exception {
        assertThat(refused(mutate("\"task\":{", "\"task\":{\"bits\":1,")))
                .hasMessageContaining("field 'ues[0].task.bits' appears twice");
        assertThat(refused(mutate("{\"schema\":1,", "{\"schema\":1,\"schema\":1,")))
                .hasMessageContaining("field 'schema' appears twice");
    }

    @Test
    void contentAfterTheObjectIsRefused() throws Exception {
        assertThat(refused(line + " trailing")).hasMessageContaining("has content after its JSON value");
        assertThat(refused(line + line)).hasMessageContaining("has content after its JSON value");
    }

    @Test
    void notANumberAndInfinityAreRefusedNamingTheField() throws Exception {
        String nan = line.replaceFirst("\"x\":[0-9.E+-]+", "\"x\":NaN");
        assertThat(refused(nan)).hasMessageContaining("field 'servers[0].x' must be a finite number, got NaN");
        String inf = line.replaceFirst("\"deadlineS\":[0-9.E+-]+", "\"deadlineS\":Infinity");
        assertThat(refused(inf))
                .hasMessageContaining("field 'ues[0].task.deadlineS' must be a finite number, got Infinity");
        String huge = line.replaceFirst("\"localCpuHz\":[0-9.E+-]+", "\"localCpuHz\":1e999");
        assertThat(refused(huge))
                .hasMessageContaining("field 'ues[0].localCpuHz' must be a finite number, got Infinity");
    }

    /** The line with its UE (or server) list replaced by {@code count} copies of the first one. */
    private String withCopies(String list, int count) {
        int start = line.indexOf("\"" + list + "\":[") + list.length() + 4;
        int end = line.indexOf("}", line.indexOf("}", start) + (list.equals("ues") ? 1 : 0))
                + 1; // a UE holds the task object
        String one = line.substring(start, end);
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < count; k++) sb.append(k == 0 ? "" : ",").append(one);
        int close = line.indexOf("]", start);
        return line.substring(0, start) + sb + line.substring(close);
    }

    @Test
    void sizesBeyondTheLimitsAreRefusedNamingTheLimit() throws Exception {
        assertThat(InstanceJson.parseLine("ok", withCopies("ues", 40)).n()).isEqualTo(40);
        assertThat(refused(withCopies("ues", Instance.MAX_UES + 1)))
                .hasMessageEndingWith("field 'ues' must list at most " + Instance.MAX_UES + " entries, got "
                        + (Instance.MAX_UES + 1));
        assertThat(refused(withCopies("servers", Instance.MAX_SERVERS + 1)))
                .hasMessageEndingWith("field 'servers' must list at most " + Instance.MAX_SERVERS + " entries, got "
                        + (Instance.MAX_SERVERS + 1));
        String manyLinks = withCopies("servers", 1_000);
        manyLinks = manyLinks.substring(0, manyLinks.indexOf("\"ues\":["))
                + withCopies("ues", 2_100).substring(line.indexOf("\"ues\":["));
        assertThat(refused(manyLinks))
                .hasMessageContaining(
                        "field 'ues' lists 2100 UEs for 1000 servers: N x M = 2100000 links is over the limit of "
                                + Instance.MAX_LINKS);
    }

    @Test
    void oneInstanceOfAFileIsKeptAndEveryLineChecked() throws Exception {
        Path f = dir.resolve("three.jsonl");
        Files.writeString(f, line + "\n\n" + line.replace("\"id\":\"", "\"id\":\"b-") + "\n" + line + "\n");
        InstanceJson.Indexed second = InstanceJson.read(f, 1);
        assertThat(second.count()).isEqualTo(3);
        assertThat(second.instance().id()).startsWith("b-");
        assertThatThrownBy(() -> InstanceJson.read(f, 3))
                .hasMessageContaining("must be in 0..2")
                .hasMessageContaining("got 3");
        assertThatThrownBy(() -> InstanceJson.read(dir, 0)).hasMessageContaining("is a directory");
        Files.writeString(f, line + "\n" + line.replace("\"schema\":1", "\"schema\":\"1\"") + "\n");
        assertThatThrownBy(() -> InstanceJson.read(f, 0))
                .as("a bad line after the one asked for is still refused")
                .hasMessage(f + ":2: field 'schema' must be an integer, got '1'");
    }

    @Test
    void aLineOverTheLimitIsRefusedBeforeItIsParsed() throws Exception {
        Path f = dir.resolve("long.jsonl");
        Files.writeString(f, line + "\n" + " ".repeat(5_000) + line + "\n");
        assertThat(InstanceJson.readAll(f)).hasSize(2);
        assertThatThrownBy(() -> InstanceJson.readAll(f, line.length() + 100))
                .hasMessage(f + ":2: is longer than the limit of " + (line.length() + 100) + " characters per line");
    }

    @Test
    void aFileThatIsNotTextIsRefused() throws Exception {
        Path f = dir.resolve("binary.jsonl");
        Files.write(f, new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}', '\n'});
        assertThatThrownBy(() -> InstanceJson.readAll(f)).hasMessage(f + ": is not UTF-8 text");
    }
}
