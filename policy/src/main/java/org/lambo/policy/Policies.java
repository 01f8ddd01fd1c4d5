package org.lambo.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import org.lambo.io.InputException;

/** The registry of policies known by name, filled from every {@link PolicyProvider} on the class path. */
public final class Policies {
    private Policies() {}

    private static Map<String, PolicyProvider> providers() {
        Map<String, PolicyProvider> m = new TreeMap<>();
        for (PolicyProvider p : ServiceLoader.load(PolicyProvider.class)) {
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

    /** Name and one-line description of every known policy. */
    public static Map<String, String> descriptions() {
        Map<String, String> out = new TreeMap<>();
        providers().forEach((k, v) -> out.put(k, v.description()));
        return out;
    }

    /** @throws InputException naming the unknown policy and listing the known ones */
    public static OffloadingPolicy create(String name, PolicySettings settings) {
        PolicyProvider p = providers().get(name);
        if (p == null) {
            throw new InputException("--policy", "", "unknown policy '" + name + "' (known: " + String.join(", ", names()) + ")");
        }
        return p.create(settings);
    }
}
