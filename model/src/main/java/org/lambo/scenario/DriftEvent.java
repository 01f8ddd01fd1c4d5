package org.lambo.scenario;

import org.lambo.check.Require;

/**
 * A change of the environment scheduled at a slot (SYSTEM_MODEL.md, "Dynamics for fine-tuning"). The pre-trained policy
 * meets these unseen; fine-tuning from expert feedback brings its gap back down. Servers are numbered 1..M as in the
 * model.
 */
public sealed interface DriftEvent {
    /** The slot from which the event holds. */
    int slot();

    /** The event's name in YAML, e.g. {@code server-capacity}. */
    String kind();

    default void checkAgainst(int servers) {}

    private static void checkServer(int server, int servers) {
        if (server < 1 || server > servers) {
            throw new IllegalArgumentException("drift server must be in 1.." + servers + ", got " + server);
        }
    }

    /** Server {@code server}'s capacity is multiplied by {@code factor}. */
    record ServerCapacity(int slot, int server, double factor) implements DriftEvent {
        public ServerCapacity {
            Require.atLeast("drift slot", slot, 0);
            Require.positive("drift factor", factor);
        }

        public String kind() {
            return "server-capacity";
        }

        @Override
        public void checkAgainst(int servers) {
            checkServer(server, servers);
        }
    }

    /** Server {@code server} goes down. */
    record ServerDown(int slot, int server) implements DriftEvent {
        public ServerDown {
            Require.atLeast("drift slot", slot, 0);
        }

        public String kind() {
            return "server-down";
        }

        @Override
        public void checkAgainst(int servers) {
            checkServer(server, servers);
        }
    }

    /** Server {@code server} comes back up. */
    record ServerUp(int slot, int server) implements DriftEvent {
        public ServerUp {
            Require.atLeast("drift slot", slot, 0);
        }

        public String kind() {
            return "server-up";
        }

        @Override
        public void checkAgainst(int servers) {
            checkServer(server, servers);
        }
    }

    /** The number of UEs becomes {@code count}: new UEs appear at seeded positions, or the last ones leave. */
    record UeCount(int slot, int count) implements DriftEvent {
        public UeCount {
            Require.atLeast("drift slot", slot, 0);
            Require.atLeast("drift count", count, 1);
        }

        public String kind() {
            return "ue-count";
        }
    }

    /** The means of D and F are multiplied by these factors. */
    record TaskProfile(int slot, double bitsFactor, double cyclesFactor) implements DriftEvent {
        public TaskProfile {
            Require.atLeast("drift slot", slot, 0);
            Require.positive("drift bitsFactor", bitsFactor);
            Require.positive("drift cyclesFactor", cyclesFactor);
        }

        public String kind() {
            return "task-profile";
        }
    }

    /** Fading switches to {@code fading}. */
    record FadingSwitch(int slot, Scenario.Fading fading) implements DriftEvent {
        public FadingSwitch {
            Require.atLeast("drift slot", slot, 0);
        }

        public String kind() {
            return "fading";
        }
    }
}
