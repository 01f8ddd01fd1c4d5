package org.lambo.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which package of the project's main sources names which other {@code org.lambo} package, read from the Java sources
 * themselves: every import and every fully qualified name outside comments and string literals. Read from the sources
 * rather than the class files because javac inlines a constant ({@code static final} primitive or String) into the
 * class that reads it, so a dependency that is only a constant, like {@code EncoderMemory}'s on
 * {@code MultiHeadAttention.CHUNK_PAIRS}, is invisible to a bytecode reader such as ArchUnit.
 */
final class PackageGraph {
    private static final Pattern PACKAGE = Pattern.compile("^\\s*package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    /** A name of the project's: lower-case package segments, then a class (upper case). */
    private static final Pattern REFERENCE = Pattern.compile("\\b(org\\.lambo(?:\\.[a-z_][A-Za-z0-9_]*)*)\\.[A-Z]");

    /** package -> packages it names -> the first source file (path as given) that names it. */
    private final Map<String, Map<String, String>> edges;
    /** source file -> its package. */
    private final Map<String, String> files;

    private PackageGraph(Map<String, Map<String, String>> edges, Map<String, String> files) {
        this.edges = edges;
        this.files = files;
    }

    /** The graph of every {@code src/main/java} tree under {@code root} (build outputs left out). */
    static PackageGraph ofMainSources(Path root) {
        Map<String, String> sources = new TreeMap<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.filter(PackageGraph::isMainSource).toList()) {
                sources.put(root.relativize(p).toString(), Files.readString(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return of(sources);
    }

    private static boolean isMainSource(Path p) {
        String s = p.toString().replace('\\', '/');
        return s.endsWith(".java")
                && s.contains("/src/main/java/")
                && !s.contains("/target/")
                && !s.contains("/.git/")
                && Files.isRegularFile(p);
    }

    /** The graph of the given sources (file name -> text). */
    static PackageGraph of(Map<String, String> sources) {
        Map<String, Map<String, String>> edges = new TreeMap<>();
        Map<String, String> files = new TreeMap<>();
        sources.forEach((file, text) -> {
            String code = withoutCommentsAndStrings(text);
            Matcher pkg = PACKAGE.matcher(code);
            if (!pkg.find()) return;
            String from = pkg.group(1);
            files.put(file, from);
            Map<String, String> out = edges.computeIfAbsent(from, k -> new TreeMap<>());
            Matcher ref = REFERENCE.matcher(code);
            while (ref.find()) {
                String to = ref.group(1);
                if (!to.equals(from)) out.putIfAbsent(to, file);
            }
        });
        return new PackageGraph(edges, files);
    }

    /** The same graph with each package replaced by {@code group.apply(package)} (e.g. its top-level area). */
    PackageGraph grouped(UnaryOperator<String> group) {
        Map<String, Map<String, String>> g = new TreeMap<>();
        edges.forEach((from, out) -> {
            Map<String, String> gout = g.computeIfAbsent(group.apply(from), k -> new TreeMap<>());
            out.forEach((to, file) -> {
                String gto = group.apply(to);
                if (!gto.equals(group.apply(from))) gout.putIfAbsent(gto, file);
            });
        });
        Map<String, String> gfiles = new TreeMap<>();
        files.forEach((f, p) -> gfiles.put(f, group.apply(p)));
        return new PackageGraph(g, gfiles);
    }

    /** {@code org.lambo.aed.model} -> {@code org.lambo.aed}: the area a package belongs to. */
    static String area(String pkg) {
        String[] s = pkg.split("\\.");
        return s.length <= 3 ? pkg : String.join(".", s[0], s[1], s[2]);
    }

    /** The packages that have sources. */
    Set<String> packages() {
        return new TreeSet<>(files.values());
    }

    /** The source files read, by path. */
    Set<String> files() {
        return files.keySet();
    }

    /** Whether {@code from} names {@code to}. */
    boolean dependsOn(String from, String to) {
        return edges.getOrDefault(from, Map.of()).containsKey(to);
    }

    /**
     * Each cycle, as one closed path through a strongly connected set of packages: {@code a -> b (file) -> a (file)},
     * naming at each step the file that makes the dependency. Empty when the packages depend on each other without a
     * loop.
     */
    List<String> cycles() {
        List<String> found = new ArrayList<>();
        for (Set<String> component : stronglyConnected()) {
            if (component.size() < 2) continue;
            found.add(describe(loopThrough(component.iterator().next(), component)));
        }
        return found;
    }

    private String describe(List<String> loop) {
        StringBuilder b = new StringBuilder(loop.get(0));
        for (int i = 1; i < loop.size(); i++) {
            String file = edges.get(loop.get(i - 1)).get(loop.get(i));
            b.append(" -> ").append(loop.get(i)).append(" (").append(file).append(')');
        }
        return b.toString();
    }

    /** A shortest path from {@code start} back to itself inside {@code component}. */
    private List<String> loopThrough(String start, Set<String> component) {
        Map<String, String> previous = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>();
        queue.add(start);
        while (!queue.isEmpty()) {
            String at = queue.poll();
            for (String next : edges.getOrDefault(at, Map.of()).keySet()) {
                if (!component.contains(next)) continue;
                if (next.equals(start)) {
                    List<String> loop = new ArrayList<>(List.of(at));
                    for (String p = at; !p.equals(start); p = previous.get(p)) loop.add(0, previous.get(p));
                    loop.add(start);
                    return loop;
                }
                if (!previous.containsKey(next)) {
                    previous.put(next, at);
                    queue.add(next);
                }
            }
        }
        throw new IllegalStateException("no loop through " + start + " in " + component);
    }

    /** Tarjan's strongly connected components, iteratively (no recursion depth to worry about). */
    private List<Set<String>> stronglyConnected() {
        Set<String> nodes = new TreeSet<>(edges.keySet());
        edges.values().forEach(out -> nodes.addAll(out.keySet()));
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<Set<String>> components = new ArrayList<>();
        int[] counter = {0};
        for (String root : nodes) {
            if (index.containsKey(root)) continue;
            Deque<Map.Entry<String, List<String>>> work = new ArrayDeque<>();
            enter(root, index, low, stack, onStack, counter, work);
            while (!work.isEmpty()) {
                Map.Entry<String, List<String>> top = work.peek();
                String v = top.getKey();
                if (!top.getValue().isEmpty()) {
                    String w = top.getValue().remove(0);
                    if (!index.containsKey(w)) {
                        enter(w, index, low, stack, onStack, counter, work);
                    } else if (onStack.contains(w)) {
                        low.put(v, Math.min(low.get(v), index.get(w)));
                    }
                    continue;
                }
                work.pop();
                if (!work.isEmpty()) {
                    String parent = work.peek().getKey();
                    low.put(parent, Math.min(low.get(parent), low.get(v)));
                }
                if (low.get(v).equals(index.get(v))) {
                    Set<String> component = new TreeSet<>();
                    String w;
                    do {
                        w = stack.pop();
                        onStack.remove(w);
                        component.add(w);
                    } while (!w.equals(v));
                    components.add(component);
                }
            }
        }
        return components;
    }

    private void enter(
            String v,
            Map<String, Integer> index,
            Map<String, Integer> low,
            Deque<String> stack,
            Set<String> onStack,
            int[] counter,
            Deque<Map.Entry<String, List<String>>> work) {
        index.put(v, counter[0]);
        low.put(v, counter[0]);
        counter[0]++;
        stack.push(v);
        onStack.add(v);
        work.push(Map.entry(
                v, new ArrayList<>(edges.getOrDefault(v, new LinkedHashMap<>()).keySet())));
    }

    /**
     * The code of a source without its comments and the contents of its string, text-block and character literals, so
     * that a name in Javadoc or in a message is no dependency. Line breaks in comments are kept (line numbers stay).
     */
    static String withoutCommentsAndStrings(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '/' && i + 1 < n && text.charAt(i + 1) == '/') {
                while (i < n && text.charAt(i) != '\n') i++;
            } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                int end = text.indexOf("*/", i + 2);
                int stop = end < 0 ? n : end + 2;
                for (int k = i; k < stop; k++) if (text.charAt(k) == '\n') out.append('\n');
                out.append(' ');
                i = stop;
            } else if (text.startsWith("\"\"\"", i)) {
                int k = i + 3;
                while (k < n && !text.startsWith("\"\"\"", k)) k += text.charAt(k) == '\\' ? 2 : 1;
                out.append("\"\"");
                i = Math.min(n, k + 3);
            } else if (c == '"' || c == '\'') {
                int k = i + 1;
                while (k < n && text.charAt(k) != c && text.charAt(k) != '\n') k += text.charAt(k) == '\\' ? 2 : 1;
                out.append(c).append(c);
                i = Math.min(n, k + 1);
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }
}
