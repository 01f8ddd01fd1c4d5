package org.lambo.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RunDirectoryRevisionTest {
    private static String built(String properties) {
        return RunDirectory.builtRevision(new ByteArrayInputStream(properties.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theBuildsRevisionIsReadWithDirtyWhenTheBuildHadChanges() {
        String id = "35c609d2ba2f114ca9b51ad096c699698d47a45f";
        assertThat(built("git.commit.id=" + id + "\ngit.dirty=false\n")).isEqualTo(id);
        assertThat(built("git.commit.id=" + id + "\ngit.dirty=true\n")).isEqualTo(id + "+dirty");
        assertThat(built("git.commit.id.full=" + id + "\n")).isEqualTo(id);
    }

    @Test
    void aMissingOrMalformedBuildRevisionIsNoRevision() {
        assertThat(RunDirectory.builtRevision(null)).isNull();
        assertThat(built("git.dirty=true\n")).isNull();
        assertThat(built("git.commit.id=$(rm -rf)\n")).isNull();
    }

    @Test
    void aBuildFromACheckoutRecordsItsRevisionInTheClasses() {
        // the Maven build writes org/lambo/run/git.properties from the checkout (git-commit-id-maven-plugin)
        org.junit.jupiter.api.Assumptions.assumeTrue(
                java.nio.file.Files.exists(
                        java.nio.file.Path.of("").toAbsolutePath().getParent().resolve(".git")),
                "built from a checkout");
        assertThat(RunDirectory.builtRevision(RunDirectory.class.getResourceAsStream("git.properties")))
                .matches("[0-9a-f]{40}(\\+dirty)?");
    }
}
