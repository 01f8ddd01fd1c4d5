package org.lambo.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.io.InputException;
import org.lambo.mec.Decision;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.scenario.ScenarioLoader;
import org.lambo.scenario.World;

/**
 * Plug-in jars, built for real with javax.tools, found beside the built-in policies; bad ones named with their reason.
 */
class PluginsTest {
    @TempDir
    Path dir;

    @AfterEach
    void unload() {
        Plugins.use("--plugins", List.of());
    }

    private Path plugin(String jarName, String className, String policy) throws IOException {
        return PluginJars.build(
                dir,
                jarName,
                Map.of(className, PluginJars.localProvider(className, policy)),
                List.of("demo." + className));
    }

    @Test
    void aJarNamedOnItsOwnAddsItsPolicyBesideTheBuiltInsUntilUnloaded() throws IOException {
        Path jar = plugin("stay-home.jar", "StayHome", "stayhome");
        assertThat(Policies.names()).doesNotContain("stayhome");

        List<Plugins.Plugin> loaded = Plugins.use("--plugins", jar.toString());

        assertThat(loaded).containsExactly(new Plugins.Plugin(jar, List.of("stayhome")));
        assertThat(Policies.names()).contains("stayhome", "greedy", "mip");
        assertThat(Policies.origin("stayhome")).contains(jar);
        assertThat(Policies.origin("greedy")).isEmpty();
        assertThat(Policies.descriptions().get("stayhome"))
                .isEqualTo("every UE local, from a test plug-in [plug-in " + jar + "]");
        Instance inst = new World(ScenarioLoader.load("tiny"), 3).next();
        OffloadingPolicy p = Policies.create("stayhome", PolicySettings.ofSeed(1));
        assertThat(p.decide(inst, Prompt.MIN_LATENCY)).isEqualTo(Decision.allLocal(inst.n()));

        Plugins.use("--plugins", "");
        assertThat(Policies.names()).doesNotContain("stayhome").contains("greedy");
        assertThatThrownBy(() -> Policies.create("stayhome", PolicySettings.ofSeed(1)))
                .hasMessageContaining("unknown policy 'stayhome'");
    }

    @Test
    void aFolderLoadsEveryJarInItSoAPluginCanBringItsLibraries() throws IOException {
        Path lib = PluginJars.build(dir.resolve("build"), "rule.jar", Map.of("Rule", """
                package demo;
                public final class Rule { public static int option() { return 0; } }
                """), List.of());
        String provider = """
                package demo;
                import org.lambo.mec.*;
                import org.lambo.policy.*;
                public class WithLib implements PolicyProvider {
                    public String name() { return "withlib"; }
                    public String description() { return "uses a class of another jar"; }
                    public OffloadingPolicy create(PolicySettings s) {
                        return new OffloadingPolicy() {
                            public String name() { return "withlib"; }
                            public Decision decide(Instance i, Prompt q) {
                                int[] o = new int[i.n()];
                                java.util.Arrays.fill(o, Rule.option());
                                return ShareAllocation.require(i, o);
                            }
                        };
                    }
                }
                """;
        Path folder = dir.resolve("plugins");
        Path main = PluginJars.build(
                dir.resolve("build2"), "withlib.jar", Map.of("WithLib", provider), List.of("demo.WithLib"), lib);
        Files.createDirectories(folder);
        Files.copy(lib, folder.resolve("rule.jar"));
        Files.copy(main, folder.resolve("withlib.jar"));
        Files.writeString(folder.resolve("README.txt"), "not a jar, and not read");

        List<Plugins.Plugin> loaded = Plugins.use("LAMBO_PLUGINS", folder.toString());

        assertThat(loaded)
                .containsExactly(
                        new Plugins.Plugin(folder.resolve("rule.jar"), List.of()),
                        new Plugins.Plugin(folder.resolve("withlib.jar"), List.of("withlib")));
        Instance inst = new World(ScenarioLoader.load("tiny"), 3).next();
        assertThat(Policies.create("withlib", PolicySettings.ofSeed(1))
                        .decide(inst, Prompt.MIN_ENERGY)
                        .options())
                .containsOnly(Decision.LOCAL);
        assertThat(Policies.origin("withlib")).contains(folder.resolve("withlib.jar"));
    }

    @Test
    void aPathListSeparatedByColonsLoadsEachAndTheSameJarTwiceOnce() throws IOException {
        Path a = plugin("a/a.jar", "A", "plug-a");
        Path b = plugin("b/b.jar", "B", "plug-b");
        Plugins.use("--plugins", a + ":" + b + "::" + a);
        assertThat(Policies.names()).contains("plug-a", "plug-b");
        assertThat(Plugins.loaded()).hasSize(2);
    }

    @Test
    void aShadedJarListingTheBuiltInProvidersTooAddsOnlyItsOwn() throws IOException {
        Path jar = PluginJars.build(
                dir,
                "shaded.jar",
                Map.of("Own", PluginJars.localProvider("Own", "own")),
                List.of(
                        "org.lambo.baseline.GreedyPolicy$Provider",
                        "demo.Own",
                        "org.lambo.baseline.LocalPolicy$Provider"));
        assertThat(Plugins.use("--plugins", jar.toString())).containsExactly(new Plugins.Plugin(jar, List.of("own")));
        assertThat(Policies.origin("own")).contains(jar);
        assertThat(Policies.origin("greedy")).isEmpty();
        assertThat(Policies.names()).filteredOn("greedy"::equals).hasSize(1);
    }

    @Test
    void aMissingPathIsNamed() {
        Path nope = dir.resolve("nope.jar");
        assertOneLineError("--plugins", nope.toString(), nope + ": no such jar or folder");
    }

    @Test
    void aFileThatIsNotAJarIsNamed() throws IOException {
        Path text = Files.writeString(dir.resolve("policy.jar"), "class Fastest {}");
        assertOneLineError("--plugins", text.toString(), text + ": not a jar (");
    }

    @Test
    void aJarWithoutAProviderDeclarationIsNamed() throws IOException {
        Path jar =
                PluginJars.build(dir, "bare.jar", Map.of("Bare", PluginJars.localProvider("Bare", "bare")), List.of());
        assertOneLineError(
                "--plugins",
                jar.toString(),
                jar + ": declares no policy provider: the jar has no " + Plugins.SERVICE_FILE);
    }

    @Test
    void anEmptyFolderOrOneWithOnlyLibrariesIsNamed() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertOneLineError(
                "LAMBO_PLUGINS", empty.toString(), "LAMBO_PLUGINS: " + empty + ": the folder holds no .jar file");
        Path libs = Files.createDirectories(dir.resolve("libs"));
        PluginJars.build(libs, "lib.jar", Map.of("Lib", "package demo; public class Lib {}"), List.of());
        assertOneLineError(
                "LAMBO_PLUGINS", libs.toString(), libs + ": no jar in this folder declares a policy provider");
    }

    @Test
    void aListedProviderClassThatIsNotInTheJarIsNamed() throws IOException {
        Path jar = PluginJars.build(
                dir,
                "typo.jar",
                Map.of("Fastest", PluginJars.localProvider("Fastest", "fastest")),
                List.of("# the provider", "demo.Fastets"));
        assertOneLineError(
                "--plugins",
                jar.toString(),
                jar + ": provider demo.Fastets (listed in " + Plugins.SERVICE_FILE
                        + ") is not in the jar or its folder");
    }

    @Test
    void aListedClassThatIsNoProviderIsNamed() throws IOException {
        Path jar = PluginJars.build(
                dir, "wrong.jar", Map.of("Other", "package demo; public class Other {}"), List.of("demo.Other"));
        assertOneLineError(
                "--plugins",
                jar.toString(),
                jar + ": provider demo.Other does not implement org.lambo.policy.PolicyProvider");
    }

    @Test
    void aProviderWhoseConstructorThrowsIsNamedWithTheCause() throws IOException {
        String src = PluginJars.localProvider("Boom", "boom")
                .replace(
                        "public class Boom implements PolicyProvider {",
                        "public class Boom implements PolicyProvider {\n public Boom() { throw new IllegalStateException(\"no licence file\"); }");
        Path jar = PluginJars.build(dir, "boom.jar", Map.of("Boom", src), List.of("demo.Boom"));
        assertOneLineError(
                "--plugins",
                jar.toString(),
                jar + ": provider demo.Boom failed in its constructor: IllegalStateException: no licence file");
    }

    @Test
    void aProviderCompiledForANewerJavaIsNamed() throws IOException {
        Path jar = plugin("new.jar", "Newer", "newer");
        Path patched = dir.resolve("newer-java.jar");
        try (var zip = new java.util.zip.ZipFile(jar.toFile());
                OutputStream out = Files.newOutputStream(patched);
                JarOutputStream j = new JarOutputStream(out)) {
            for (var e : java.util.Collections.list(zip.entries())) {
                byte[] bytes = zip.getInputStream(e).readAllBytes();
                if (e.getName().equals("demo/Newer.class")) bytes[7] = 99; // class file major version 99
                j.putNextEntry(new JarEntry(e.getName()));
                j.write(bytes);
                j.closeEntry();
            }
        }
        assertOneLineError(
                "--plugins",
                patched.toString(),
                patched + ": provider demo.Newer cannot be loaded: UnsupportedClassVersionError");
    }

    @Test
    void aPluginPolicyNamedAsABuiltInOneIsRefused() throws IOException {
        Path jar = plugin("greedy2.jar", "MyGreedy", "greedy");
        assertOneLineError(
                "--plugins",
                jar.toString(),
                jar + ": provider demo.MyGreedy names its policy 'greedy', which "
                        + "org.lambo.baseline.GreedyPolicy$Provider on lambo's own class path already provides");
        assertThat(Policies.create("greedy", PolicySettings.ofSeed(1))
                        .getClass()
                        .getName())
                .startsWith("org.lambo.baseline.");
    }

    @Test
    void twoPluginJarsWithTheSamePolicyNameAreRefusedNamingBoth() throws IOException {
        Path a = plugin("one/fastest.jar", "F1", "fastest");
        Path b = plugin("two/fastest.jar", "F2", "fastest");
        assertOneLineError(
                "--plugins", a + ":" + b, b + ": provider demo.F2 names its policy 'fastest', which demo.F1 of " + a);
    }

    @Test
    void aPolicyNameWithACommaIsRefusedBecauseBenchListsSplitOnCommas() throws IOException {
        Path jar = plugin("comma.jar", "Comma", "a,b");
        assertOneLineError(
                "--plugins", jar.toString(), jar + ": provider demo.Comma has an unusable policy name 'a,b'");
    }

    @Test
    void aFailedLoadKeepsThePluginsLoadedBefore() throws IOException {
        Path good = plugin("good.jar", "Good", "good");
        Plugins.use("--plugins", good.toString());
        assertThatThrownBy(() ->
                        Plugins.use("--plugins", dir.resolve("missing.jar").toString()))
                .isInstanceOf(InputException.class);
        assertThat(Policies.names()).contains("good");
    }

    private static void assertOneLineError(String source, String paths, String expected) {
        assertThatThrownBy(() -> Plugins.use(source, paths))
                .isInstanceOf(InputException.class)
                .hasMessageStartingWith(source + ": ")
                .hasMessageContaining(expected)
                .satisfies(ex -> assertThat(ex.getMessage()).doesNotContain("\n"));
    }
}
