package org.lambo.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No package of the project's main code depends on itself through others (issue 13): not one package on another and
 * back (the AED's {@code aed}, {@code aed.infer} and {@code aed.model} were such a loop, and {@code io} and
 * {@code mec}), not one area of {@code org.lambo} ({@code aed}, {@code agents}, {@code mqtt}, ...) on another and back.
 * Read from the sources of every module ({@link PackageGraph}), so a dependency javac inlines (a constant) counts.
 */
class PackageCyclesTest {
    private static Path root;
    private static PackageGraph main;

    @BeforeAll
    static void readTheMainSources() {
        root = repositoryRoot();
        main = PackageGraph.ofMainSources(root);
    }

    /** The folder above the working directory (the module's, under Maven) whose pom lists the modules. */
    static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path pom = p.resolve("pom.xml");
            try {
                if (Files.isRegularFile(pom) && Files.readString(pom).contains("<modules>")) return p;
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + pom, e);
            }
        }
        throw new IllegalStateException(
                "no pom.xml with <modules> above " + Path.of("").toAbsolutePath());
    }

    @Test
    void noPackageOfTheMainCodeDependsOnItselfThroughOthers() {
        assertThat(main.cycles()).as("package cycles in the main sources").isEmpty();
    }

    @Test
    void noAreaOfOrgLamboDependsOnItselfThroughOthers() {
        assertThat(main.grouped(PackageGraph::area).cycles())
                .as("cycles between the areas org.lambo.X")
                .isEmpty();
    }

    /**
     * One direction between the AED's network and its plain-Java decoder: {@code aed.model} fills {@code aed.infer}'s
     * weight records, so {@code aed.infer} names neither the network nor the policy (not even a constant of theirs).
     */
    @Test
    void theAedsPlainJavaDecoderNamesNeitherTheNetworkNorThePolicy() {
        assertThat(main.dependsOn("org.lambo.aed.infer", "org.lambo.aed.model")).isFalse();
        assertThat(main.dependsOn("org.lambo.aed.infer", "org.lambo.aed")).isFalse();
        assertThat(main.dependsOn("org.lambo.aed.model", "org.lambo.aed")).isFalse();
    }

    @Test
    void theSourcesOfEveryModuleWereRead() throws IOException {
        Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(root.resolve("pom.xml")));
        int modules = 0;
        while (module.find()) {
            String prefix = module.group(1) + "/src/main/java/";
            assertThat(main.files()).as("sources read from " + prefix).anyMatch(f -> f.replace('\\', '/')
                    .startsWith(prefix));
            modules++;
        }
        assertThat(modules).as("modules listed in the root pom").isGreaterThanOrEqualTo(10);
        assertThat(main.packages()).contains("org.lambo.aed", "org.lambo.aed.model", "org.lambo.aed.infer");
        assertThat(main.dependsOn("org.lambo.aed", "org.lambo.aed.model")).isTrue();
        assertThat(main.dependsOn("org.lambo.aed.model", "org.lambo.aed.infer"))
                .as("the network's blocks fill the plain-Java decoder's weight records")
                .isTrue();
    }

    @Test
    void aCycleMadeOnlyOfAConstantIsFoundWithTheFilesThatMakeIt() {
        PackageGraph g = PackageGraph.of(Map.of(
                "x/src/main/java/org/lambo/a/A.java",
                "package org.lambo.a;\nclass A { long n = org.lambo.b.B.LIMIT; }\n",
                "x/src/main/java/org/lambo/b/B.java",
                "package org.lambo.b;\nimport org.lambo.a.A;\nclass B { static final long LIMIT = 1; A a; }\n"));

        assertThat(g.cycles())
                .containsExactly("org.lambo.a -> org.lambo.b (x/src/main/java/org/lambo/a/A.java)"
                        + " -> org.lambo.a (x/src/main/java/org/lambo/b/B.java)");
    }

    @Test
    void aLongerCycleIsFoundAsOnePathAndAnAreaCycleBetweenSubPackages() {
        PackageGraph g = PackageGraph.of(Map.of(
                "A.java", "package org.lambo.aed;\nimport org.lambo.aed.infer.I;\nclass A {}\n",
                "I.java", "package org.lambo.aed.infer;\nimport org.lambo.aed.model.M;\nclass I {}\n",
                "M.java", "package org.lambo.aed.model;\nclass M { org.lambo.aed.A a; }\n",
                "T.java", "package org.lambo.agents.trial;\nimport static org.lambo.aed.model.M.go;\nclass T {}\n",
                "C.java", "package org.lambo.aed.alef;\nimport org.lambo.agents.trial.T;\nclass C {}\n"));

        assertThat(g.cycles())
                .containsExactly("org.lambo.aed -> org.lambo.aed.infer (A.java) -> org.lambo.aed.model (I.java)"
                        + " -> org.lambo.aed (M.java)");
        assertThat(g.grouped(PackageGraph::area).cycles())
                .containsExactly("org.lambo.aed -> org.lambo.agents (C.java) -> org.lambo.aed (T.java)");
    }

    @Test
    void aNameInACommentOrAStringIsNoDependency() {
        PackageGraph g = PackageGraph.of(Map.of(
                "A.java",
                "package org.lambo.a;\nimport org.lambo.b.B;\nclass A { B b; }\n",
                "B.java",
                "package org.lambo.b;\n/** Made by {@link org.lambo.a.A}. */\nclass B {\n"
                        + "  // org.lambo.a.A again\n  String s = \"org.lambo.a.A\\\" org.lambo.a.A\";\n"
                        + "  char c = '\"'; String t = \"\"\"\n    org.lambo.a.A\n    \"\"\";\n"
                        + "  /* org.lambo.a.A */ }\n"));

        assertThat(g.dependsOn("org.lambo.a", "org.lambo.b")).isTrue();
        assertThat(g.dependsOn("org.lambo.b", "org.lambo.a")).isFalse();
        assertThat(g.cycles()).isEmpty();
    }
}
