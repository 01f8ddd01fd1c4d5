package org.lambo.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.lambo.agents.platform.JadePlatform;

/**
 * The start-up shape the container-JVM mains of the cross-JVM tests share ({@link SetupFailingUes},
 * {@link HostileContainer}): join the trial's platform as any container does ({@link JadePlatform#join}, from loopback,
 * holding the trial's secret), start this container's agents, print {@code LABEL container joined HOST:PORT} and wait
 * until the platform ends, then print {@code LABEL container: the platform ended} and exit 0.
 */
final class JoiningContainer {
    private JoiningContainer() {}

    /** Starts a container's agents; returns what to add to the line saying it joined ("" for nothing). */
    @FunctionalInterface
    interface Agents {
        String start(JadePlatform container) throws Exception;
    }

    /**
     * Joins {@code mainHost:mainPort} as the container {@code name} with the secret in {@code secretFile}, starts
     * {@code agents} and runs until the platform ends; then exits this JVM.
     */
    static void runUntilThePlatformEnds(
            String label, String name, String mainHost, String mainPort, String secretFile, Agents agents)
            throws Exception {
        Path dir = Files.createTempDirectory("lambo-" + name + "-");
        try (JadePlatform c = JadePlatform.join(new JadePlatform.Join(
                dir,
                mainHost,
                Integer.parseInt(mainPort),
                "127.0.0.1",
                0,
                name,
                120_000,
                Path.of(secretFile),
                60_000))) {
            String more = agents.start(c);
            System.out.println(label + " container joined " + mainHost + ":" + mainPort + more);
            c.awaitTermination();
        }
        System.out.println(label + " container: the platform ended");
        System.exit(0);
    }
}
