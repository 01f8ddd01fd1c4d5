package org.lambo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code testbed-scripts/lambo} rebuilds the jar only for what goes into it: a scenario file of one's own under
 * {@code configs/sizes/} (or anywhere, passed by path) does not rebuild; a new profile at the top of {@code configs/}
 * does, and the script says which file made it. Run in a copy of the tree's layout with stand-ins for mvn and java that
 * only say they ran.
 */
class LamboScriptStalenessTest {
    private static final Path SCRIPT =
            Path.of("..", "testbed-scripts", "lambo").toAbsolutePath().normalize();

    private static Path layout(Path root) throws Exception {
        Files.createDirectories(root.resolve("testbed-scripts"));
        Files.copy(SCRIPT, root.resolve("testbed-scripts/lambo"));
        for (String d :
                new String[] {"app/target", "app/src/main/java", "configs/models", "configs/sizes", "checkpoints", "bin"
                }) {
            Files.createDirectories(root.resolve(d));
        }
        Instant old = Instant.now().minusSeconds(3600);
        for (String f : new String[] {
            "pom.xml", "app/pom.xml", "app/src/main/java/A.java", "configs/paper.yaml", "configs/models/lambo-m.yaml"
        }) {
            Files.writeString(root.resolve(f), "x");
            Files.setLastModifiedTime(root.resolve(f), FileTime.from(old));
        }
        Files.writeString(root.resolve("app/target/lambo.jar"), "jar");
        Files.setLastModifiedTime(root.resolve("app/target/lambo.jar"), FileTime.from(old.plusSeconds(60)));
        for (String tool : new String[] {"mvn", "java"}) {
            Path t = root.resolve("bin").resolve(tool);
            Files.writeString(t, "#!/bin/sh\necho \"" + tool + " ran\"\n");
            Files.setPosixFilePermissions(t, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return root;
    }

    private static String run(Path root) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(
                        "bash", root.resolve("testbed-scripts/lambo").toString(), "--version")
                .redirectErrorStream(true);
        pb.environment().put("PATH", root.resolve("bin") + ":" + System.getenv("PATH"));
        pb.environment().remove("CLASSPATH");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void aScenarioFileOfOnesOwnDoesNotRebuildButANewPackagedProfileDoesAndIsNamed(@TempDir Path dir) throws Exception {
        Path root = layout(dir);
        assertThat(run(root)).contains("java ran").doesNotContain("mvn ran");

        Files.writeString(root.resolve("configs/sizes/mine.yaml"), "name: mine\n");
        Files.writeString(root.resolve("configs/mosquitto.conf"), "listener 1883\n");
        assertThat(run(root)).contains("java ran").doesNotContain("mvn ran").doesNotContain("building");

        Files.writeString(root.resolve("configs/lab.yaml"), "name: lab\n");
        assertThat(run(root))
                .contains("mvn ran")
                .contains("building the jar")
                .contains("configs/lab.yaml is newer than it");
    }
}
