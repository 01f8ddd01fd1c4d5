package org.lambo.policy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.lambo.io.InputException;

/**
 * Policy plug-ins: jars holding users' own {@link PolicyProvider}s, loaded with a class loader of their own so that
 * {@link Policies} finds them through {@link java.util.ServiceLoader} beside the built-in policies. The command line
 * fills it from {@code --plugins} or the environment variable {@value #ENV}: a list of jars and folders separated by
 * {@code :} (a folder stands for every {@code *.jar} in it, e.g. a plug-in and the libraries it needs).
 *
 * <p>Every plug-in is checked when it is loaded, so that a bad one fails at once with one line that names the jar and
 * the reason: a path that does not exist, a file that is not a jar, a jar named on its own that declares no provider, a
 * provider class that cannot be loaded or made (missing, not a {@code PolicyProvider}, no public no-argument
 * constructor, compiled for a newer Java, a constructor or {@code name()} that throws), and a policy name that another
 * provider already has.
 */
public final class Plugins {
    /** The environment variable the command line reads when {@code --plugins} is not given. */
    public static final String ENV = "LAMBO_PLUGINS";

    /** Where each provider's declaration lives in a jar. */
    public static final String SERVICE_FILE = "META-INF/services/" + PolicyProvider.class.getName();

    /** One loaded plug-in jar and the policies it provides (empty for a library jar of a folder). */
    public record Plugin(Path jar, List<String> policies) {
        public Plugin {
            if (jar == null) throw new IllegalArgumentException("a plug-in needs its jar");
            policies = List.copyOf(policies);
        }
    }

    /** The plug-ins in use: their class loader, and for each provider class the jar it came from. */
    record Loaded(ClassLoader loader, Map<String, Path> origins, List<Plugin> plugins) {
        static final Loaded NONE = new Loaded(null, Map.of(), List.of());

        Loaded {
            origins = Map.copyOf(origins);
            plugins = List.copyOf(plugins);
        }
    }

    private static volatile Loaded current = Loaded.NONE;

    private Plugins() {}

    /**
     * Loads the plug-ins of a path list ({@code a.jar:plugins/}) and makes them the ones {@link Policies} sees,
     * replacing any loaded before; a blank list unloads them all.
     *
     * @param source where the list came from, for messages: {@code --plugins} or {@value #ENV}
     * @return the plug-in jars loaded, in order
     * @throws InputException naming the source, the jar and what is wrong with it
     */
    public static List<Plugin> use(String source, String pathList) {
        List<Path> paths = new ArrayList<>();
        if (pathList != null) {
            for (String part : pathList.split(":")) {
                if (!part.isBlank()) paths.add(Path.of(part.strip()));
            }
        }
        return use(source, paths);
    }

    /** As {@link #use(String, String)}, with the paths already split. */
    public static synchronized List<Plugin> use(String source, List<Path> paths) {
        if (paths.isEmpty()) {
            current = Loaded.NONE;
            return List.of();
        }
        // each path names jars; a jar named on its own must declare a provider, a folder's jars together
        Map<Path, Path> jars = new LinkedHashMap<>(); // real path -> as the user named it
        Map<Path, List<String>> declared = new LinkedHashMap<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                List<Path> inFolder = jarsIn(source, p);
                boolean any = false;
                for (Path jar : inFolder) {
                    List<String> classes = declaredProviders(source, jar);
                    any |= !classes.isEmpty();
                    add(jars, declared, jar, classes);
                }
                if (!any) {
                    throw new InputException(
                            source,
                            "",
                            p + ": no jar in this folder declares a policy provider (" + SERVICE_FILE + ")");
                }
            } else if (Files.isRegularFile(p)) {
                List<String> classes = declaredProviders(source, p);
                if (classes.isEmpty()) {
                    throw new InputException(
                            source,
                            "",
                            p + ": declares no policy provider: the jar has no " + SERVICE_FILE + " listing a class");
                }
                add(jars, declared, p, classes);
            } else {
                throw new InputException(source, "", p + ": no such jar or folder");
            }
        }

        List<URL> urls = new ArrayList<>();
        for (Path jar : jars.keySet()) urls.add(url(jar));
        ClassLoader parent = Policies.class.getClassLoader();
        URLClassLoader loader = new URLClassLoader("lambo-plugins", urls.toArray(URL[]::new), parent);
        try {
            current = check(source, loader, jars, declared);
        } catch (RuntimeException ex) {
            try {
                loader.close();
            } catch (IOException ignored) {
                // the first error is the one to report
            }
            throw ex;
        }
        return current.plugins();
    }

    private static Loaded check(
            String source, ClassLoader loader, Map<Path, Path> jars, Map<Path, List<String>> declared) {
        Map<String, String> nameOrigin = new LinkedHashMap<>();
        Set<Class<?>> hostProviders = new java.util.HashSet<>();
        for (PolicyProvider builtIn : Policies.classPathProviders()) {
            nameOrigin.put(builtIn.name(), builtIn.getClass().getName() + " on lambo's own class path");
            hostProviders.add(builtIn.getClass());
        }
        Map<String, Path> origins = new LinkedHashMap<>();
        List<Plugin> plugins = new ArrayList<>();
        for (Map.Entry<Path, List<String>> e : declared.entrySet()) {
            Path shown = jars.get(e.getKey());
            List<String> names = new ArrayList<>();
            for (String className : e.getValue()) {
                PolicyProvider p = instantiate(source, shown, className, loader);
                // a jar that bundles lambo's own classes (a shaded jar) lists the built-in providers too
                if (p.getClass().getClassLoader() != loader && hostProviders.contains(p.getClass())) continue;
                String name = nameOf(source, shown, p);
                String before = nameOrigin.get(name);
                if (before != null) {
                    throw new InputException(
                            source,
                            "",
                            shown + ": provider " + className + " names its policy '" + name + "', which " + before
                                    + " already provides: rename the plug-in's policy");
                }
                nameOrigin.put(name, className + " of " + shown);
                origins.put(className, shown);
                names.add(name);
            }
            plugins.add(new Plugin(shown, names));
        }
        return new Loaded(loader, origins, plugins);
    }

    /** The plug-in jars in use, in the order they were named; empty when none. */
    public static List<Plugin> loaded() {
        return current.plugins();
    }

    static Loaded current() {
        return current;
    }

    private static void add(Map<Path, Path> jars, Map<Path, List<String>> declared, Path jar, List<String> classes) {
        Path real;
        try {
            real = jar.toRealPath();
        } catch (IOException ex) {
            real = jar.toAbsolutePath().normalize();
        }
        if (jars.putIfAbsent(real, jar) == null) declared.put(real, classes);
    }

    private static List<Path> jarsIn(String source, Path folder) {
        try (Stream<Path> s = Files.list(folder)) {
            List<Path> out = s.filter(f -> f.getFileName().toString().endsWith(".jar") && Files.isRegularFile(f))
                    .sorted()
                    .toList();
            if (out.isEmpty()) throw new InputException(source, "", folder + ": the folder holds no .jar file");
            return out;
        } catch (IOException ex) {
            throw new InputException(source, "", folder + ": cannot list the folder: " + ex.getMessage());
        }
    }

    /** The provider class names the jar's service file lists ({@code #} comments and blanks ignored). */
    private static List<String> declaredProviders(String source, Path jar) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = zip.getEntry(SERVICE_FILE);
            if (entry == null) return List.of();
            Set<String> out = new LinkedHashSet<>();
            try (InputStream in = zip.getInputStream(entry);
                    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    int hash = line.indexOf('#');
                    String name = (hash >= 0 ? line.substring(0, hash) : line).strip();
                    if (!name.isEmpty()) out.add(name);
                }
            }
            return List.copyOf(out);
        } catch (ZipException ex) {
            throw new InputException(source, "", jar + ": not a jar (" + ex.getMessage() + ")");
        } catch (IOException ex) {
            throw new InputException(source, "", jar + ": cannot be read: " + ex.getMessage());
        }
    }

    private static PolicyProvider instantiate(String source, Path jar, String className, ClassLoader loader) {
        String where = jar + ": provider " + className;
        Class<?> c;
        try {
            c = Class.forName(className, false, loader);
        } catch (ClassNotFoundException ex) {
            throw new InputException(
                    source, "", where + " (listed in " + SERVICE_FILE + ") is not in the jar or its folder");
        } catch (LinkageError ex) {
            throw new InputException(source, "", where + " cannot be loaded: " + describe(ex));
        }
        if (!PolicyProvider.class.isAssignableFrom(c)) {
            throw new InputException(source, "", where + " does not implement " + PolicyProvider.class.getName());
        }
        if (!Modifier.isPublic(c.getModifiers()) || Modifier.isAbstract(c.getModifiers())) {
            throw new InputException(source, "", where + " must be a public, non-abstract class");
        }
        try {
            Constructor<?> k = c.getConstructor();
            return (PolicyProvider) k.newInstance();
        } catch (NoSuchMethodException ex) {
            throw new InputException(source, "", where + " has no public constructor without arguments");
        } catch (InvocationTargetException ex) {
            throw new InputException(source, "", where + " failed in its constructor: " + describe(ex.getCause()));
        } catch (ReflectiveOperationException | LinkageError | RuntimeException ex) {
            throw new InputException(source, "", where + " cannot be made: " + describe(ex));
        }
    }

    private static String nameOf(String source, Path jar, PolicyProvider p) {
        String where = jar + ": provider " + p.getClass().getName();
        String name;
        try {
            name = p.name();
            p.description();
            p.optionKeys();
        } catch (RuntimeException | LinkageError ex) {
            throw new InputException(source, "", where + " failed to describe itself: " + describe(ex));
        }
        if (name == null || name.isBlank() || !name.equals(name.strip()) || name.contains(",") || name.contains(" ")) {
            throw new InputException(
                    source,
                    "",
                    where + " has an unusable policy name '" + name
                            + "' (it must be non-empty, without spaces or commas)");
        }
        return name;
    }

    private static String describe(Throwable t) {
        if (t == null) return "unknown error";
        String m = t.getMessage();
        return t.getClass().getSimpleName()
                + (m == null || m.isBlank() ? "" : ": " + m.strip().replace('\n', ' '));
    }

    private static URL url(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException ex) {
            throw new IllegalStateException("no URL for " + jar, ex);
        }
    }
}
