package org.lambo.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.io.InputException;
import org.lambo.mec.Decision;
import org.lambo.mec.Instance;
import org.lambo.mec.InstanceJson;
import org.lambo.mec.MeasuredInstanceTest;
import org.lambo.mec.ShareAllocation;

class DecisionJsonTest {
    @TempDir
    Path dir;

    private final InstanceSet set = new InstanceSet(
            "m.jsonl",
            List.of(
                    InstanceJson.parseLine("a", MeasuredInstanceTest.measured("offload", 1.0)),
                    InstanceJson.parseLine(
                            "b",
                            MeasuredInstanceTest.measured("offload", 1.0).replace("\"id\":\"m\"", "\"id\":\"m2\""))));

    private GivenDecisions read(String... lines) throws Exception {
        Path f = dir.resolve("d.jsonl");
        Files.writeString(f, String.join("\n", lines) + "\n");
        return DecisionJson.read(f, set);
    }

    private String err(String... lines) {
        try {
            read(lines);
        } catch (InputException e) {
            return e.getMessage().replace(dir.resolve("d.jsonl").toString(), "d.jsonl");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("no error for " + String.join("\n", lines));
    }

    @Test
    void equalSharesAreOneOverTheUesOnEachServerAndBestIsTheWaterFilling() throws Exception {
        GivenDecisions g = read(
                "{\"instance\":\"m\",\"options\":[1,1,2],\"shares\":\"equal\"}",
                "{\"instance\":\"m2\",\"options\":[0,1,1],\"shares\":[0,0.25,0.75]}",
                "{\"label\":\"wf\",\"options\":[1,1,2],\"shares\":\"best\"}",
                "{\"label\":\"wf\",\"options\":[0,2,0],\"shares\":\"best\"}");
        assertThat(g.labels()).containsExactly("given", "wf");
        Decision eq = g.get("given", "m");
        assertThat(eq.shares()).containsExactly(0.5, 0.5, 1.0);
        assertThat(g.get("given", "m2").shares()).containsExactly(0, 0.25, 0.75);
        Instance first = set.instances().get(0);
        assertThat(g.get("wf", "m"))
                .isEqualTo(ShareAllocation.require(first, new int[] {1, 1, 2})); // by order: line k is instance k
        assertThat(g.get("wf", "m2").options()).containsExactly(0, 2, 0);
    }

    @Test
    void everyMistakeNamesTheLineTheFieldAndWhatItGot() {
        assertThat(err("{\"instance\":\"m\",\"options\":[1,1],\"shares\":\"equal\"}"))
                .isEqualTo("d.jsonl:1: field 'options' must list one option per UE of instance 'm' (3), got 2");
        assertThat(err("{\"instance\":\"m\",\"options\":[1,3,0],\"shares\":\"equal\"}"))
                .isEqualTo("d.jsonl:1: field 'options[1]' must be an option in 0..2 (0 local, j server j), got 3");
        assertThat(err("{\"instance\":\"m\",\"options\":[1,1.0,0],\"shares\":\"equal\"}"))
                .contains("field 'options[1]'", "got 1.0");
        assertThat(err("{\"instance\":\"zz\",\"options\":[1,1,0],\"shares\":\"equal\"}"))
                .isEqualTo("d.jsonl:1: field 'instance' names no instance of m.jsonl, got 'zz'");
        assertThat(err("{\"instance\":\"m\",\"options\":[1,1,0]}"))
                .startsWith("d.jsonl:1: field 'shares' is missing: give one share per UE");
        assertThat(err("{\"instance\":\"m\",\"options\":[1,1,0],\"shares\":\"fair\"}"))
                .isEqualTo("d.jsonl:1: field 'shares' must be one of equal, best, got 'fair'");
        assertThat(err("{\"instance\":\"m\",\"options\":[1,1,0],\"shares\":[0.5,0.5]}"))
                .isEqualTo("d.jsonl:1: field 'shares' must list one share per UE of instance 'm' (3), got 2");
        assertThat(err(
                        "{\"instance\":\"m\",\"options\":[1,1,0],\"shares\":\"equal\"}",
                        "{\"instance\":\"m\",\"options\":[1,1,0],\"shares\":\"equal\"}"))
                .isEqualTo("d.jsonl:2: field 'instance' has a second decision of label 'given' for 'm'");
        assertThat(err("{\"instance\":\"m\",\"options\":[1,1,0],\"shares\":\"equal\"}"))
                .isEqualTo(
                        "d.jsonl: label 'given' has no decision for instance 'm2' (it covers 1 of the 2 instances of m.jsonl; bench a file of only those it covers)");
        assertThat(err(
                        "{\"instance\":\"m\",\"options\":[1,1,0],\"shares\":\"equal\"}",
                        "{\"options\":[1,1,0],\"shares\":\"equal\"}"))
                .startsWith(
                        "d.jsonl:2: field 'instance' is given on some lines of label 'given' and left out on others");
        assertThat(err("{\"label\":\"a b\",\"options\":[1,1,0],\"shares\":\"equal\"}"))
                .contains("field 'label' must be 1 to 64 letters");
        assertThat(err("{\"options\":[1,1,0],\"shares\":\"equal\",\"cost\":3}"))
                .contains("field 'cost' is not a known field");
        assertThat(err("{\"options\":[1,1,0],\"shares\":\"equal\",\"shares\":\"best\"}"))
                .contains("duplicate key 'shares'");
        assertThat(err("{\"options\":[1,1,0],\"shares\":[0.5,NaN,0]}")).startsWith("d.jsonl:1:");
        assertThat(err(
                        "{\"options\":[0,0,0],\"shares\":\"equal\"}",
                        "{\"options\":[0,0,0],\"shares\":\"equal\"}",
                        "{\"options\":[0,0,0],\"shares\":\"equal\"}"))
                .isEqualTo("d.jsonl:3: is decision 3 of label 'given', but m.jsonl holds 2 instances");
    }

    @Test
    void theSameIdTwiceInASetIsRefused() {
        Instance one = set.instances().get(0);
        assertThatThrownBy(() -> new InstanceSet("two.jsonl", List.of(one, one)))
                .hasMessageContaining("holds the instance id 'm' twice (instances 0 and 1)");
    }
}
