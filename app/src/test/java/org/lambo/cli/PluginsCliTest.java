package org.lambo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.io.InputException;
import org.lambo.policy.Plugins;
import org.lambo.policy.PolicyProvider;
import picocli.CommandLine;

/**
 * {@code --plugins} and {@code LAMBO_PLUGINS} as a user meets them: a policy jar compiled at test time (javax.tools,
 * against lambo's classes) is found by {@code bench}, {@code bench --list} and {@code solve}; a bad plug-in path is one
 * line and exit 2.
 */
class PluginsCliTest {
    @TempDir
    static Path shared;

    static Path pluginJar;

    record Result(int code, String out, String err) {}

    @BeforeAll
    static void buildThePlugin() throws IOException {
        pluginJar = compilePlugin(shared.resolve("build"), "farthest-plugin.jar");
    }

    @AfterEach
    void unload() {
        Plugins.use(Plugins.ENV, List.of());
    }

    /** Runs lambo in this JVM; stdout is captured both from picocli and from System.out (bench prints there). */
    static synchronized Result run(String... args) {
        CommandLine cl = Lambo.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        PrintStream before = System.out;
        ByteArrayOutputStream sysOut = new ByteArrayOutputStream();
        System.setOut(new PrintStream(sysOut, true, StandardCharsets.UTF_8));
        try {
            int code = cl.execute(args);
            return new Result(code, out + sysOut.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(before);
        }
    }

    @Test
    void aPluginPolicyRunsInABenchBesideABuiltInOne(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("bench");
        Result r = run(
                "--plugins",
                pluginJar.toString(),
                "bench",
                "--scenario",
                "tiny",
                "--instances",
                "2",
                "--policies",
                "farthest,greedy",
                "--reference",
                "none",
                "--no-progress",
                "--out",
                out.toString());

        assertThat(r.code()).as(r.err()).isZero();
        List<String> rows = Files.readAllLines(out.resolve("bench.csv"));
        assertThat(rows.get(0)).startsWith("policy,prompt,instance,");
        // 2 policies x 2 prompts x 2 instances, none with a violation
        assertThat(rows.stream().skip(1).filter(l -> l.startsWith("farthest,")))
                .hasSize(4)
                .allSatisfy(l -> assertThat(l.split(",")[7]).isEqualTo("0"));
        assertThat(rows.stream().skip(1).filter(l -> l.startsWith("greedy,"))).hasSize(4);
    }

    @Test
    void theOptionAlsoWorksAfterTheCommandAndInSolve(@TempDir Path dir) throws IOException {
        Path instances = dir.resolve("t.jsonl");
        assertThat(run("generate", "--scenario", "tiny", "--instances", "1", "--out", instances.toString())
                        .code())
                .isZero();

        Result r = run(
                "solve", "--plugins", pluginJar.toString(), "--instance", instances.toString(), "--policy", "farthest");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"valid\" : true");
    }

    @Test
    void benchListSaysWhichJarAPluginPolicyCameFrom() {
        Result r = run("bench", "--list", "--plugins", pluginJar.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .containsPattern("(?m)^farthest +every UE to the farthest up server .* \\[plug-in "
                        + java.util.regex.Pattern.quote(pluginJar.toString()) + "\\]$")
                .containsPattern("(?m)^greedy +");
        assertThat(r.out().lines().filter(l -> l.contains("[plug-in "))).hasSize(1);
    }

    @Test
    void theEnvironmentVariableIsReadWhenTheOptionIsAbsentAndTheOptionWinsOverIt() throws IOException {
        CommandLine cl = Lambo.commandLine();
        PluginsOption.load(cl.parseArgs("bench", "--list"), Map.of(Plugins.ENV, pluginJar.toString())::get);
        assertThat(Plugins.loaded()).extracting(Plugins.Plugin::jar).containsExactly(pluginJar);

        Path folder = Files.createDirectories(shared.resolve("folder"));
        Files.copy(pluginJar, folder.resolve("p.jar"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        PluginsOption.load(
                Lambo.commandLine().parseArgs("--plugins", folder.toString(), "bench", "--list"),
                Map.of(Plugins.ENV, "/nowhere/at/all.jar")::get);
        assertThat(Plugins.loaded()).extracting(Plugins.Plugin::jar).containsExactly(folder.resolve("p.jar"));

        PluginsOption.load(Lambo.commandLine().parseArgs("bench", "--list"), name -> null);
        assertThat(Plugins.loaded()).isEmpty();
    }

    @Test
    void aPluginLoadedForOneRunIsGoneInTheNext() {
        assertThat(run("--plugins", pluginJar.toString(), "bench", "--list").out())
                .contains("farthest");
        Result r = run("bench", "--list");
        assertThat(r.out()).doesNotContain("farthest").contains("greedy");
    }

    @Test
    void aMissingPluginIsOneLineNamingItAndExitTwo(@TempDir Path dir) {
        Path nope = dir.resolve("nope.jar");
        Result r = run("--plugins", nope.toString(), "bench", "--list");

        assertThat(r.code()).isEqualTo(Lambo.BAD_INPUT);
        assertThat(r.err().strip()).isEqualTo("lambo bench: --plugins: " + nope + ": no such jar or folder");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aFileThatIsNotAJarIsOneLineAndNothingRuns(@TempDir Path dir) throws IOException {
        Path notJar = Files.writeString(dir.resolve("fastest.jar"), "this is not a zip");
        Path out = dir.resolve("bench");
        Result r = run(
                "bench",
                "--plugins",
                notJar.toString(),
                "--scenario",
                "tiny",
                "--policies",
                "greedy",
                "--reference",
                "none",
                "--no-progress",
                "--out",
                out.toString());

        assertThat(r.code()).isEqualTo(Lambo.BAD_INPUT);
        assertThat(r.err().strip())
                .doesNotContain("\n")
                .doesNotContain("\tat ")
                .startsWith("lambo bench: --plugins: " + notJar + ": not a jar (");
        assertThat(out).doesNotExist();
    }

    @Test
    void anUnknownPolicyWithoutThePluginStillListsTheKnownOnes(@TempDir Path dir) {
        Result r = run(
                "bench",
                "--scenario",
                "tiny",
                "--policies",
                "farthest",
                "--reference",
                "none",
                "--out",
                dir.resolve("b").toString());
        assertThat(r.code()).isEqualTo(Lambo.BAD_INPUT);
        assertThat(r.err()).contains("unknown policy 'farthest'").contains("greedy");
    }

    @Test
    void helpNeedsNoPluginAndShowsTheOption() {
        Result r = run("bench", "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("--plugins=DIR|JAR[:...]").contains(Plugins.ENV);
    }

    /** A provider of {@code farthest}: each UE to the up server farthest from it if it fits, else local. */
    private static Path compilePlugin(Path work, String jarName) throws IOException {
        String source = """
                package demo.farthest;
                import org.lambo.mec.*;
                import org.lambo.policy.*;
                public class FarthestProvider implements PolicyProvider {
                    public String name() { return "farthest"; }
                    public String description() { return "every UE to the farthest up server (a test plug-in)"; }
                    public OffloadingPolicy create(PolicySettings settings) {
                        return new OffloadingPolicy() {
                            public String name() { return "farthest"; }
                            public Decision decide(Instance inst, Prompt prompt) {
                                SequentialState state = new SequentialState(inst);
                                int[] options = new int[inst.n()];
                                for (int i = 0; i < inst.n(); i++) {
                                    int pick = Decision.LOCAL;
                                    double far = -1;
                                    for (int j = 1; j <= inst.m(); j++) {
                                        double d = inst.ues().get(i).position().distanceTo(inst.server(j).position());
                                        if (state.feasible(i, j) && d > far) { far = d; pick = j; }
                                    }
                                    options[i] = pick;
                                    state.assign(i, pick, 0.0);
                                }
                                return ShareAllocation.require(inst, options);
                            }
                        };
                    }
                }
                """;
        Path src = work.resolve("src/demo/farthest/FarthestProvider.java");
        Path classes = work.resolve("classes");
        Files.createDirectories(src.getParent());
        Files.createDirectories(classes);
        Files.writeString(src, source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diag = new ByteArrayOutputStream();
        int rc = javac.run(
                null,
                diag,
                diag,
                "-d",
                classes.toString(),
                "-classpath",
                location(PolicyProvider.class) + java.io.File.pathSeparator + location(InputException.class),
                src.toString());
        assertThat(rc).as(diag.toString(StandardCharsets.UTF_8)).isZero();
        Path jar = work.resolve(jarName);
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream j = new JarOutputStream(out)) {
            List<Path> files = new ArrayList<>();
            try (Stream<Path> s = Files.walk(classes)) {
                s.filter(Files::isRegularFile).sorted().forEach(files::add);
            }
            for (Path f : files) {
                j.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                j.write(Files.readAllBytes(f));
                j.closeEntry();
            }
            j.putNextEntry(new JarEntry(Plugins.SERVICE_FILE));
            j.write("demo.farthest.FarthestProvider\n".getBytes(StandardCharsets.UTF_8));
            j.closeEntry();
        }
        return jar;
    }

    private static String location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toString();
        } catch (URISyntaxException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
