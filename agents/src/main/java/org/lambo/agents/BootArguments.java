package org.lambo.agents;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.lambo.scenario.ScenarioLoader;

/**
 * Reads the string arguments an agent gets when it is started by JADE's own launcher ({@code java -cp lambo.jar:lib/*
 * jade.Boot -container ... -agents "server-1:org.lambo.agents.server.EdgeServerAgent(small,5,1)"}), where every
 * argument is a string. The world ({@link SlotSource}) is built once per scenario and seed in a JVM and shared by its
 * agents, as {@code lambo container} shares it.
 */
public final class BootArguments {
    private static final Map<String, SlotSource> WORLDS = new ConcurrentHashMap<>();

    private BootArguments() {}

    /** Whether the arguments are all strings, as {@code jade.Boot} passes them. */
    public static boolean fromBoot(Object[] args) {
        if (args == null || args.length == 0) return false;
        for (Object a : args) if (!(a instanceof String)) return false;
        return true;
    }

    /**
     * The world of a scenario (a built-in profile or a YAML file) and seed, shared in this JVM.
     *
     * @throws IllegalArgumentException naming the agent and the bad value
     */
    public static SlotSource world(String agent, String scenario, String seed) {
        long s = longArg(agent, "seed", seed);
        return WORLDS.computeIfAbsent(scenario + "#" + s, k -> {
            try {
                return new SlotSource(ScenarioLoader.load(scenario), s);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(
                        agent + ": scenario '" + scenario + "' cannot be loaded: " + e.getMessage(), e);
            }
        });
    }

    /** An integer argument, named in the error. */
    public static int intArg(String agent, String what, String value) {
        long v = longArg(agent, what, value);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE)
            throw new IllegalArgumentException(agent + ": " + what + " is out of range, got '" + value + "'");
        return (int) v;
    }

    /** A long argument, named in the error. */
    public static long longArg(String agent, String what, String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException(agent + ": " + what + " must be an integer, got '" + value + "'");
        }
    }
}
