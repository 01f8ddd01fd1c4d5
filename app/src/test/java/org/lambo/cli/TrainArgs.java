package org.lambo.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code lambo train} command line for tests: the flags of a small run, each one replaced, added or left out by name,
 * so that a test says only what its run does differently.
 */
final class TrainArgs {
    /** Flag to value, in order; a null value is a switch. */
    private final Map<String, String> flags = new LinkedHashMap<>();

    private TrainArgs() {}

    /** No flag at all: {@code lambo train} and what the test adds. */
    static TrainArgs none() {
        return new TrainArgs();
    }

    /**
     * A tiny run of {@code scenario} with the network of {@code model}: 2 steps of batch 2, seed 4, one thread, no
     * progress bar, gaps against all-local, into {@code out}.
     */
    static TrainArgs tiny(String scenario, Path model, Path out) {
        return none().with("--scenario", scenario)
                .with("--model", model)
                .with("--steps", 2)
                .with("--batch", 2)
                .with("--seed", 4)
                .with("--out", out)
                .flag("--no-progress")
                .with("--threads", 1)
                .with("--reference", "local");
    }

    /** Resumes the run in {@code dir}, on one thread and without a progress bar. */
    static TrainArgs resume(Path dir) {
        return none().with("--resume", dir).flag("--no-progress").with("--threads", 1);
    }

    /** Sets {@code flag} to {@code value} (in its place when it is there already). */
    TrainArgs with(String flag, Object value) {
        flags.put(flag, String.valueOf(value));
        return this;
    }

    /** Adds the switch {@code flag}. */
    TrainArgs flag(String flag) {
        flags.put(flag, null);
        return this;
    }

    TrainArgs without(String flag) {
        flags.remove(flag);
        return this;
    }

    /** The arguments, {@code train} first. */
    String[] array() {
        List<String> a = new ArrayList<>(List.of("train"));
        flags.forEach((flag, value) -> {
            a.add(flag);
            if (value != null) a.add(value);
        });
        return a.toArray(new String[0]);
    }
}
