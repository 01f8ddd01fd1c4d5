package org.lambo.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.lambo.scenario.Scenario;
import org.lambo.scenario.ScenarioLoader;

/**
 * A run's output folder. It records what is needed to repeat the run: {@code scenario.yaml} (the resolved scenario,
 * every default spelled out, with the seed actually used) and {@code run.json} (the command, the seed, the git
 * revision, the time and the Java version).
 */
public final class RunDirectory {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;

    private RunDirectory(Path dir) {
        this.dir = dir;
    }

    /**
     * Refuses a folder that another command's run already holds: writing this run's {@code run.json} over it would lose
     * the record of that run (a training's {@code --resume} reads its arguments back from it).
     */
    static void refuseOtherCommand(Path dir, String command) throws IOException {
        Path meta = dir.resolve("run.json");
        if (!Files.isRegularFile(meta)) return;
        String before;
        try {
            before = JSON.readTree(Files.readString(meta, StandardCharsets.UTF_8))
                    .path("command")
                    .asText("");
        } catch (IOException e) {
            before = "";
        }
        if (before.equals(command)) return;
        throw new org.lambo.io.InputException(
                "--out",
                "",
                dir
                        + (before.isEmpty()
                                ? " holds a run.json that does not name its command: choose another folder"
                                : " is the run folder of `lambo " + before
                                        + "` (its run.json): choose another folder"));
    }

    /**
     * Creates the folder and writes {@code scenario.yaml} and {@code run.json}.
     *
     * @throws org.lambo.io.InputException naming {@code --out} when {@code dir} is a file, lies under a file, cannot be
     *     written, or is the run folder of another command (its {@code run.json} would be overwritten, and with it what
     *     that run's {@code --resume} reads back)
     */
    public static RunDirectory create(Path dir, String command, List<String> args, Scenario scenario, long seed)
            throws IOException {
        org.lambo.io.OutputPaths.requireDirectory("--out", dir);
        refuseOtherCommand(dir, command);
        Files.createDirectories(dir);
        RunDirectory run = new RunDirectory(dir);
        if (scenario != null) {
            Files.writeString(
                    dir.resolve("scenario.yaml"),
                    ScenarioLoader.toYaml(scenario.withSeed(seed)),
                    StandardCharsets.UTF_8);
        }
        ObjectNode meta = JSON.createObjectNode();
        meta.put("command", command);
        meta.putPOJO("args", args);
        meta.put("seed", seed);
        meta.put("scenario", scenario == null ? null : scenario.name());
        meta.put("gitRevision", gitRevision());
        meta.put("startedAt", Instant.now().toString());
        meta.put("java", System.getProperty("java.version"));
        meta.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        meta.put("cores", Runtime.getRuntime().availableProcessors());
        // written whole and moved: a resumed run reads its arguments back from it, so a kill must not leave half
        Path tmp = dir.resolve("run.json.tmp");
        Files.writeString(tmp, JSON.writeValueAsString(meta), StandardCharsets.UTF_8);
        Files.move(
                tmp,
                dir.resolve("run.json"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return run;
    }

    public Path path() {
        return dir;
    }

    public Path resolve(String name) {
        return dir.resolve(name);
    }

    /**
     * The git revision the code was built from ({@code +dirty} when the build had uncommitted changes):
     * {@code LAMBO_GIT_REVISION} when set (as {@code testbed-scripts/deploy} does), else the revision the build wrote
     * into {@code org/lambo/run/git.properties} (so that a copied or deployed jar still says it), else that of the
     * checkout the code runs from, else {@code unknown}.
     */
    public static String gitRevision() {
        String given = System.getenv("LAMBO_GIT_REVISION");
        if (given != null && given.matches("[0-9a-f]{7,64}(\\+dirty)?")) return given;
        String built = builtRevision(RunDirectory.class.getResourceAsStream("git.properties"));
        if (built != null) return built;
        try {
            Path here = Path.of(RunDirectory.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            Path start = Files.isDirectory(here) ? here : here.getParent();
            String rev = git(start, "rev-parse", "HEAD");
            if (rev == null) return "unknown";
            String status = git(start, "status", "--porcelain", "--untracked-files=no");
            return status != null && !status.isBlank() ? rev + "+dirty" : rev;
        } catch (Exception e) {
            return "unknown";
        }
    }

    /** The revision in a build's {@code git.properties} ({@code +dirty} when it says so), or null when absent. */
    static String builtRevision(java.io.InputStream in) {
        if (in == null) return null;
        java.util.Properties p = new java.util.Properties();
        try (in) {
            p.load(in);
        } catch (IOException e) {
            return null;
        }
        String id = p.getProperty("git.commit.id", p.getProperty("git.commit.id.full", ""));
        if (!id.matches("[0-9a-f]{7,64}")) return null;
        return Boolean.parseBoolean(p.getProperty("git.dirty", "false")) ? id + "+dirty" : id;
    }

    private static String git(Path dir, String... args) {
        try {
            String[] cmd = new String[args.length + 3];
            cmd[0] = "git";
            cmd[1] = "-C";
            cmd[2] = dir.toString();
            System.arraycopy(args, 0, cmd, 3, args.length);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) return null;
            return new String(out, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
