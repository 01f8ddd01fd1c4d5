package org.lambo.policy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.lambo.io.InputException;

/**
 * The registry of policies known by name, filled through {@link ServiceLoader} from every {@link PolicyProvider} on the
 * class path and in the plug-in jars loaded by {@link Plugins} ({@code lambo --plugins} or {@code LAMBO_PLUGINS}).
 */
public final class Policies {
    private Policies() {}

    /** The providers on the class path alone: the built-in policies (and any a test class path adds). */
    static List<PolicyProvider> classPathProviders() {
        List<PolicyProvider> out = new ArrayList<>();
        ServiceLoader.load(PolicyProvider.class).forEach(out::add);
        return out;
    }

    private static Map<String, PolicyProvider> providers() {
        ClassLoader plugins = Plugins.current().loader();
        ServiceLoader<PolicyProvider> found = plugins == null
                ? ServiceLoader.load(PolicyProvider.class)
                : ServiceLoader.load(PolicyProvider.class, plugins);
        Map<String, PolicyProvider> m = new TreeMap<>();
        for (PolicyProvider p : found) {
            PolicyProvider before = m.putIfAbsent(p.name(), p);
            if (before != null && before.getClass() != p.getClass()) {
                throw new IllegalStateException("two policy providers are named '" + p.name() + "': "
                        + before.getClass().getName() + " and " + p.getClass().getName());
            }
        }
        return m;
    }

    /** The names of every known policy, sorted. */
    public static List<String> names() {
        return new ArrayList<>(providers().keySet());
    }

    /**
     * Name and one-line description of every known policy; a plug-in's ends with where it came from, e.g.
     * {@code [plug-in plugins/fastest.jar]}.
     */
    public static Map<String, String> descriptions() {
        Map<String, String> out = new TreeMap<>();
        providers()
                .forEach((k, v) -> out.put(
                        k,
                        v.description()
                                + origin(v).map(jar -> " [plug-in " + jar + "]").orElse("")));
        return out;
    }

    /** The plug-in jar the named policy came from; empty for a built-in or unknown policy. */
    public static Optional<Path> origin(String name) {
        PolicyProvider p = providers().get(name);
        return p == null ? Optional.empty() : origin(p);
    }

    private static Optional<Path> origin(PolicyProvider p) {
        Plugins.Loaded loaded = Plugins.current();
        if (loaded.loader() == null || p.getClass().getClassLoader() != loaded.loader()) return Optional.empty();
        return Optional.ofNullable(loaded.origins().get(p.getClass().getName()));
    }

    /** The option keys the named policy reads ({@link PolicyProvider#optionKeys}); empty for an unknown policy. */
    public static java.util.Set<String> optionKeys(String name) {
        PolicyProvider p = providers().get(name);
        return p == null ? java.util.Set.of() : p.optionKeys();
    }

    /**
     * Why {@code name} is refused, for a message that names the flag: the known policies, or, when the class path and
     * the plug-ins give none (only {@code lambo-model} there, a plug-in path that holds no provider), how to add one.
     */
    public static String unknown(String name) {
        return unknown(name, names());
    }

    /** {@link #unknown(String)} with the names that are known where the caller looks (policies and labels). */
    public static String unknown(String name, java.util.Collection<String> known) {
        if (known.isEmpty()) return "unknown policy '" + name + "': " + NONE;
        return "unknown policy '" + name + "' (known: " + String.join(", ", known) + ")";
    }

    /** What a refusal says when no policy is known at all. */
    static final String NONE = "no policies on the class path (add a plug-in with --plugins DIR|JAR or the environment "
            + "variable " + Plugins.ENV + ", or put lambo-policy on the class path)";

    /** @throws InputException naming {@code flag} and the policy when no policy of that name is known */
    public static void requireKnown(String flag, String name) {
        List<String> known = names();
        if (!known.contains(name)) throw new InputException(flag, "", unknown(name, known));
    }

    /**
     * @throws InputException naming the unknown policy and listing the known ones (or saying that none is), or naming
     *     an option key that no policy reads
     */
    public static OffloadingPolicy create(String name, PolicySettings settings) {
        Map<String, PolicyProvider> all = providers();
        PolicyProvider p = all.get(name);
        if (p == null) throw new InputException("--policy", "", unknown(name, all.keySet()));
        checkOptions(all, settings.options().keySet());
        java.util.function.Supplier<OffloadingPolicy> made = () -> p.create(settings);
        for (PolicyDecorator d : decorators()) {
            java.util.function.Supplier<OffloadingPolicy> inner = made;
            made = () -> d.create(p, settings, inner); // p's policy itself unless its options ask for d
        }
        return made.get();
    }

    /**
     * The {@link PolicyDecorator}s on the class path and in the plug-in jars, innermost first: by
     * {@link PolicyDecorator#order}, then by class name.
     */
    private static List<PolicyDecorator> decorators() {
        ClassLoader plugins = Plugins.current().loader();
        ServiceLoader<PolicyDecorator> found = plugins == null
                ? ServiceLoader.load(PolicyDecorator.class)
                : ServiceLoader.load(PolicyDecorator.class, plugins);
        Map<String, PolicyDecorator> byClass = new TreeMap<>();
        for (PolicyDecorator d : found) byClass.putIfAbsent(d.getClass().getName(), d);
        List<PolicyDecorator> out = new ArrayList<>(byClass.values());
        out.sort(java.util.Comparator.comparingInt(PolicyDecorator::order)); // stable: class names within an order
        return out;
    }

    /** The policy's own option keys and those every decorator gives it, sorted. */
    private static java.util.SortedSet<String> optionsOf(PolicyProvider p) {
        java.util.SortedSet<String> out = new java.util.TreeSet<>(p.optionKeys());
        for (PolicyDecorator d : decorators())
            for (String suffix : d.optionSuffixes()) out.add(p.name() + "." + suffix);
        return out;
    }

    private static boolean isDecoratorOption(String policy, String key) {
        for (PolicyDecorator d : decorators())
            for (String suffix : d.optionSuffixes()) if (key.equals(policy + "." + suffix)) return true;
        return false;
    }

    /**
     * Checks option keys before a run: each must be {@code policy.key} for a known policy that reads that key. Options
     * of policies other than the one being made are allowed (one set of {@code --option} flags serves every policy of a
     * bench).
     *
     * @throws InputException naming the bad key and the keys its policy knows
     */
    public static void checkOptions(Iterable<String> keys) {
        checkOptions(providers(), keys);
    }

    private static void checkOptions(Map<String, PolicyProvider> all, Iterable<String> keys) {
        for (String key : keys) {
            int dot = key.indexOf('.');
            PolicyProvider owner = dot > 0 ? all.get(key.substring(0, dot)) : null;
            if (owner == null) {
                throw new InputException(
                        "--option",
                        key,
                        all.isEmpty()
                                ? "names no known policy: " + NONE
                                : "names no known policy: option keys are policy.key with a policy among "
                                        + String.join(", ", all.keySet()));
            }
            if (!owner.optionKeys().contains(key) && !isDecoratorOption(owner.name(), key)) {
                throw new InputException(
                        "--option",
                        key,
                        "is not an option of policy " + owner.name() + " (its options: "
                                + String.join(", ", optionsOf(owner)) + ")");
            }
        }
    }
}
