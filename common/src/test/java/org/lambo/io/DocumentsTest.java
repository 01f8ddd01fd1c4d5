package org.lambo.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile JSON: every rule of the strict reader, each refused with the field and the value named. */
class DocumentsTest {
    @Test
    void aWellFormedDocumentReadsAsWritten() {
        JsonNode n = Documents.readJson("src", "{\"a\": {\"b\": [1, 2.5, \"x\"]}, \"c\": true}");
        assertThat(n.get("a").get("b").get(1).doubleValue()).isEqualTo(2.5);
        assertThat(n.get("c").booleanValue()).isTrue();
    }

    @Test
    void aDuplicateKeyIsRefusedWithItsPath() {
        assertThatThrownBy(() -> Documents.readJson("src", "{\"a\": 1, \"a\": 2}"))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("src: field 'a' appears twice in one object (duplicate key 'a')");
        assertThatThrownBy(() ->
                        Documents.readJson("src", "{\"ues\": [{\"x\": 1}, {\"task\": {\"bits\": 1, \"bits\": 2}}]}"))
                .hasMessageStartingWith("src: field 'ues[1].task.bits' appears twice");
    }

    @Test
    void contentAfterTheTopLevelValueIsRefused() {
        assertThatThrownBy(() -> Documents.readJson("src", "{\"a\": 1} garbage"))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("src: has content after its JSON value (line 1, column 10)");
        assertThatThrownBy(() -> Documents.readJson("src", "{\"a\": 1}{\"a\": 2}"))
                .hasMessageStartingWith("src: has content after its JSON value (line 1, column 9)");
        assertThatThrownBy(() -> Documents.readJson("src", "{\"a\": 1} 7"))
                .hasMessageContaining("has content after its JSON value");
    }

    @Test
    void notANumberAndInfinityAreRefusedNamingTheField() {
        assertThatThrownBy(() -> Documents.readJson("src", "{\"a\": {\"b\": NaN}}"))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith("src: field 'a.b' must be a finite number, got NaN");
        assertThatThrownBy(() -> Documents.readJson("src", "{\"g\": [[1, Infinity]]}"))
                .hasMessageStartingWith("src: field 'g[0][1]' must be a finite number, got Infinity");
        assertThatThrownBy(() -> Documents.readJson("src", "{\"cpuHz\": -Infinity}"))
                .hasMessageStartingWith("src: field 'cpuHz' must be a finite number, got -Infinity");
    }

    @Test
    void deepNestingAndEndlessNumbersAreRefused() {
        String deep = "{\"a\":".repeat(Documents.MAX_DEPTH + 1) + "1" + "}".repeat(Documents.MAX_DEPTH + 1);
        assertThatThrownBy(() -> Documents.readJson("src", deep))
                .hasMessageContaining("nested deeper than " + Documents.MAX_DEPTH);
        assertThatThrownBy(() -> Documents.readJson("src", "{\"n\": 1" + "0".repeat(200) + "}"))
                .hasMessageStartingWith(
                        "src: field 'n' is a number longer than " + Documents.MAX_NUMBER_CHARS + " characters");
    }

    @Test
    void brokenOrEmptyTextIsOneLineNamingTheSource() {
        assertThatThrownBy(() -> Documents.readJson("src", "  ")).hasMessage("src: is empty");
        assertThatThrownBy(() -> Documents.readJson("src", "{\"a\": 01}"))
                .hasMessageStartingWith("src: field 'a' is not valid JSON (line 1, column")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThatThrownBy(() -> Documents.readJson("src", "{\"a\": 1")).hasMessageContaining("is not valid JSON");
    }

    @Test
    void aFileThatIsMissingNotUtf8OrAFolderIsOneLineNamingTheFile(@TempDir Path dir) throws Exception {
        Path missing = dir.resolve("none.json");
        assertThatThrownBy(() -> Documents.readText(missing))
                .isInstanceOf(InputException.class)
                .hasMessage(missing + ": no such file");
        Path binary = dir.resolve("binary.json");
        Files.write(binary, new byte[] {'{', (byte) 0xff, (byte) 0xfe, '}'});
        assertThatThrownBy(() -> Documents.readJson(binary))
                .isInstanceOf(InputException.class)
                .hasMessage(binary + ": is not UTF-8 text");
        assertThatThrownBy(() -> Documents.readText(dir))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith(dir + ": cannot be read: ");
        Path good = dir.resolve("good.json");
        Files.writeString(good, "{\"a\": \"\u00e9\"}");
        assertThat(Documents.readJson(good).get("a").textValue()).isEqualTo("\u00e9");
        Files.writeString(good, "{\"a\": 1");
        assertThatThrownBy(() -> Documents.readJson(good)).hasMessageStartingWith(good + ": ");
    }
}
