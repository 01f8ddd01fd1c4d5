package org.lambo.policy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
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
import org.lambo.io.InputException;

/** Builds real plug-in jars at test time: Java sources compiled with javax.tools against lambo's classes. */
final class PluginJars {
    private PluginJars() {}

    /** A provider of the policy {@code name} that keeps every UE local, in package {@code demo}. */
    static String localProvider(String className, String name) {
        return """
                package demo;
                import org.lambo.mec.Decision;
                import org.lambo.mec.Instance;
                import org.lambo.mec.Prompt;
                import org.lambo.policy.OffloadingPolicy;
                import org.lambo.policy.PolicyProvider;
                import org.lambo.policy.PolicySettings;
                public class %1$s implements PolicyProvider {
                    public String name() { return "%2$s"; }
                    public String description() { return "every UE local, from a test plug-in"; }
                    public OffloadingPolicy create(PolicySettings s) {
                        return new OffloadingPolicy() {
                            public String name() { return "%2$s"; }
                            public Decision decide(Instance i, Prompt q) { return Decision.allLocal(i.n()); }
                        };
                    }
                }
                """.formatted(className, name);
    }

    /**
     * Compiles the sources (simple class name in package {@code demo} to source), against lambo's classes and the given
     * extra jars, and writes them into {@code jar} with the given service file lines (none: no service file).
     */
    static Path build(
            Path work, String jarName, Map<String, String> sources, List<String> serviceLines, Path... classPath)
            throws IOException {
        Files.createDirectories(work);
        Path src = Files.createTempDirectory(work, "src");
        Path classes = Files.createTempDirectory(work, "classes");
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-classpath", classPath(classPath)));
        for (Map.Entry<String, String> e : sources.entrySet()) {
            Path f = src.resolve("demo").resolve(e.getKey() + ".java");
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
            args.add(f.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) throw new IllegalStateException("these tests need a JDK (javax.tools)");
        ByteArrayOutputStream diag = new ByteArrayOutputStream();
        int rc = javac.run(null, diag, diag, args.toArray(String[]::new));
        if (rc != 0)
            throw new IllegalStateException("javac failed (" + rc + ") " + diag.toString(StandardCharsets.UTF_8));
        Path jar = work.resolve(jarName);
        Files.createDirectories(jar.getParent());
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream j = new JarOutputStream(out)) {
            try (Stream<Path> s = Files.walk(classes)) {
                for (Path f : s.filter(Files::isRegularFile).sorted().toList()) {
                    j.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                    j.write(Files.readAllBytes(f));
                    j.closeEntry();
                }
            }
            if (!serviceLines.isEmpty()) {
                j.putNextEntry(new JarEntry(Plugins.SERVICE_FILE));
                j.write((String.join("\n", serviceLines) + "\n").getBytes(StandardCharsets.UTF_8));
                j.closeEntry();
            }
        }
        return jar;
    }

    /** lambo's own classes (this module and common) and the extra entries. */
    private static String classPath(Path... extra) {
        List<String> parts = new ArrayList<>();
        parts.add(location(PolicyProvider.class));
        parts.add(location(InputException.class));
        for (Path p : extra) parts.add(p.toString());
        return String.join(java.io.File.pathSeparator, parts);
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
