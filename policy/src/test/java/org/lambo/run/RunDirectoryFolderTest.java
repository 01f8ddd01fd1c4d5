package org.lambo.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.io.InputException;

class RunDirectoryFolderTest {
    @TempDir
    Path dir;

    @Test
    void theSameCommandMayWriteItsRunFolderAgain() throws Exception {
        RunDirectory.create(dir, "bench", List.of("bench", "--out", "x"), null, 1);
        RunDirectory.create(dir, "bench", List.of("bench", "--out", "x", "--seed", "2"), null, 2);
        assertThat(Files.readString(dir.resolve("run.json"))).contains("\"seed\" : 2");
    }

    @Test
    void anotherCommandsRunFolderIsRefusedAndItsRecordKept() throws Exception {
        RunDirectory.create(dir, "train", List.of("train", "--out", "x"), null, 1);
        String before = Files.readString(dir.resolve("run.json"));
        assertThatThrownBy(() -> RunDirectory.create(dir, "trial", List.of("trial", "--out", "x"), null, 1))
                .isInstanceOf(InputException.class)
                .hasMessage(
                        "--out: " + dir + " is the run folder of `lambo train` (its run.json): choose another folder");
        assertThat(Files.readString(dir.resolve("run.json"))).isEqualTo(before);
    }

    @Test
    void aFolderWhoseRunJsonNamesNoCommandIsRefused() throws Exception {
        Files.writeString(dir.resolve("run.json"), "[1, 2");
        assertThatThrownBy(() -> RunDirectory.create(dir, "bench", List.of("bench"), null, 1))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("holds a run.json that does not name its command");
    }
}
