package jade.core;

/**
 * For tests without a container: JADE builds an agent's full name from a local one with the platform's name, which it
 * sets only when a container starts ({@link AID#setPlatformID}, package-private).
 */
public final class PlatformName {
    private PlatformName() {}

    /** Sets the platform's name for local names when no container has set one. */
    public static void orElse(String name) {
        if (AID.getPlatformID() == null) AID.setPlatformID(name);
    }
}
