package org.lambo.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.lambo.agents.platform.JadePlatform;

/**
 * A hostile peripheral container for {@link ChaosIT}, in its own JVM: joins the trial's platform as any container does
 * ({@link JadePlatform#join}, holding the trial's secret: an admitted but hostile peer) and starts a {@link ChaosAgent}
 * (named {@code chaos}) and, when given, a second agent beside it (named {@code flood}: a {@link FloodAgent}). It ends
 * when the platform does.
 *
 * <p>Arguments: main host, main port, scenario, seed, rounds, the trial's secret file; optionally then the second
 * agent's class and its arguments.
 */
public final class HostileContainer {
    private HostileContainer() {}

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("lambo-hostile");
        try (JadePlatform c = JadePlatform.join(new JadePlatform.Join(
                dir,
                args[0],
                Integer.parseInt(args[1]),
                "127.0.0.1",
                0,
                "hostile",
                120_000,
                Path.of(args[5]),
                60_000))) {
            c.startAgent("chaos", ChaosAgent.class, args[2], args[3], args[4]);
            if (args.length > 6) {
                Object[] more = java.util.Arrays.copyOfRange(args, 7, args.length, Object[].class);
                c.startAgent("flood", Class.forName(args[6]), more);
            }
            System.out.println("hostile container joined " + args[0] + ":" + args[1]);
            c.awaitTermination();
        }
        System.out.println("hostile container: the platform ended");
        System.exit(0);
    }
}
