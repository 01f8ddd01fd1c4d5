package org.lambo.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.lambo.agents.platform.JadePlatform;

/**
 * A hostile peripheral container for {@link ChaosIT}, in its own JVM: joins the trial's platform as any
 * container does ({@link JadePlatform#join}; once the platform asks containers for the per-trial secret,
 * this is where it is passed) and starts one {@link ChaosAgent}. It ends when the platform does.
 *
 * <p>Arguments: main host, main port, scenario, seed, rounds.
 */
public final class HostileContainer {
    private HostileContainer() {}

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("lambo-hostile");
        try (JadePlatform c = JadePlatform.join(dir, args[0], Integer.parseInt(args[1]), "127.0.0.1", "hostile", 120_000)) {
            c.startAgent("chaos", ChaosAgent.class, args[2], args[3], args[4]);
            System.out.println("hostile container joined " + args[0] + ":" + args[1]);
            c.awaitTermination();
        }
        System.out.println("hostile container: the platform ended");
        System.exit(0);
    }
}
