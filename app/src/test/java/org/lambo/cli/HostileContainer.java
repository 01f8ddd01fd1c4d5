package org.lambo.cli;

/**
 * A hostile peripheral container for {@link ChaosIT}, in its own JVM: joins the trial's platform as any container does
 * ({@link JoiningContainer}, holding the trial's secret: an admitted but hostile peer) and starts a {@link ChaosAgent}
 * (named {@code chaos}) and, when given, a second agent beside it (named {@code flood}: a {@link FloodAgent}). It ends
 * when the platform does.
 *
 * <p>Arguments: main host, main port, scenario, seed, rounds, the trial's secret file; optionally then the second
 * agent's class and its arguments.
 */
public final class HostileContainer {
    private HostileContainer() {}

    public static void main(String[] args) throws Exception {
        JoiningContainer.runUntilThePlatformEnds("hostile", "hostile", args[0], args[1], args[5], c -> {
            c.startAgent("chaos", ChaosAgent.class, args[2], args[3], args[4]);
            if (args.length > 6) {
                Object[] more = java.util.Arrays.copyOfRange(args, 7, args.length, Object[].class);
                c.startAgent("flood", Class.forName(args[6]), more);
            }
            return "";
        });
    }
}
