package org.lambo.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.lambo.io.InputException;
import org.lambo.io.OutputPaths;
import org.lambo.mec.Prompt;
import org.lambo.policy.PolicySettings;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options several commands take, each declared once with its help text and its checks: a command mixes in the ones
 * it takes ({@code @Mixin}). An option whose default differs between commands takes it from the instance the command
 * creates ({@code @Mixin ScenarioOption scenario = new ScenarioOption("paper")}); the help shows it.
 *
 * <p>Where commands differ in whether an option is required, there is one variant per rule, since picocli reads
 * {@code required} (what the usage line shows, and its own "Missing required option") from the annotation, not from the
 * instance: {@code --scenario} with the command's default ({@link ScenarioOption}), required ({@link RequiredScenario})
 * or required unless {@code --resume} ({@link ScenarioOrResume}); {@code --out} required ({@link OutFolder}) or
 * required unless {@code --resume} ({@link OutOrResume}). The variants share their help text and their checks. Commands
 * that take the same set mix in one group of them ({@link BaselineTraining}: {@code are-train} and {@code droo-train};
 * {@link AedEngine}: {@code train} and {@code finetune}).
 *
 * <p>Three {@code --out}s stay with their command, each a rule no other command has, so that a variant would be a
 * second declaration used once: {@code bench}'s is required unless {@code --list}; {@code evaluate}'s may be left out
 * (the tables are then only printed); {@code generate}'s is a file ({@code FILE.jsonl}), not a run folder (the run's
 * {@code lambo.log} goes only to an option labelled {@code DIR}, {@link Lambo#runFolder}). {@code SharedOptionsTest}
 * names them and fails when another command declares {@code --scenario} or {@code --out} itself.
 */
final class SharedOptions {
    private SharedOptions() {}

    /** What {@code --scenario} takes, the same in every command's help. */
    static final String SCENARIO_TEXT =
            "Scenario YAML (a file anywhere), or a built-in profile: paper, are, small, tiny, drift-half-capacity,"
                    + " drift-slow-servers-light-uploads";

    /** {@code --option KEY=VALUE}, repeatable: the options of the policies a command runs. */
    static final class PolicyOptions {
        @Option(
                names = "--option",
                paramLabel = "KEY=VALUE",
                description = "Option of the policies this command runs (its orchestrator's, experts or references), "
                        + "repeatable, e.g. mip.timeLimitS=30 or de.generations=600.")
        List<String> values; // null when none is given: a resumed trial says "recorded none"

        /** The options by key; one not KEY=VALUE or a key given twice fails naming {@code --option}. */
        Map<String, String> pairs() {
            return PolicySettings.parsePairs(values);
        }

        boolean isEmpty() {
            return values == null || values.isEmpty();
        }

        /** The options as given, in order; none: empty. */
        List<String> values() {
            return values == null ? List.of() : values;
        }

        /** The options as command-line arguments, for a run's recorded command. */
        List<String> asArgs() {
            List<String> a = new ArrayList<>();
            for (String v : values()) a.addAll(List.of("--option", v));
            return a;
        }
    }

    /** {@code --seed S} of a command that unrolls a scenario's world: by default the scenario's own seed. */
    static final class WorldSeed {
        @Option(
                names = "--seed",
                paramLabel = "S",
                description =
                        "World seed, as `lambo generate --seed`; where runs repeat, run 0's (default: the scenario's own).")
        Long value;

        /** The seed given, or {@code otherwise}. */
        long or(long otherwise) {
            return value != null ? value : otherwise;
        }

        /** The seed given; null when none was. */
        Long given() {
            return value;
        }
    }

    /** {@code --seed S} of a command whose every random draw comes from one seed (default 1). */
    static final class RunSeed {
        @Option(
                names = "--seed",
                defaultValue = "1",
                paramLabel = "S",
                description = "Seed of all this command draws at random: worlds, weights, batches, experts, stochastic "
                        + "policies (default: ${DEFAULT-VALUE}).")
        long value;

        long value() {
            return value;
        }
    }

    /** {@code --scenario FILE}, with the default the command gives it. */
    static final class ScenarioOption {
        @Option(
                names = "--scenario",
                paramLabel = "FILE",
                description = SCENARIO_TEXT + " (default: ${DEFAULT-VALUE}).")
        String value;

        ScenarioOption() {
            this("paper");
        }

        ScenarioOption(String dflt) {
            this.value = dflt;
        }

        String value() {
            return value;
        }
    }

    /** {@code --scenario FILE} of a command that has no default for it: picocli refuses a command line without it. */
    static final class RequiredScenario {
        @Option(names = "--scenario", required = true, paramLabel = "FILE", description = SCENARIO_TEXT + ".")
        String value;

        String value() {
            return value;
        }
    }

    /**
     * {@code --scenario FILE} of a command that continues a run with {@code --resume DIR}, which then gives the
     * scenario (the run folder's).
     */
    static final class ScenarioOrResume {
        @Option(
                names = "--scenario",
                paramLabel = "FILE",
                description = SCENARIO_TEXT + "; required unless --resume DIR.")
        String value;

        /** The scenario given, or null. */
        String value() {
            return value;
        }

        /** The scenario given, for a run that does not resume; none fails naming {@code --scenario}. */
        String require() {
            if (value == null) throw new InputException("--scenario", "", "is required (or --resume DIR)");
            return value;
        }
    }

    /** {@code --out DIR} of a command that continues a run with {@code --resume DIR}, which then names the folder. */
    static final class OutOrResume {
        @Option(
                names = "--out",
                paramLabel = "DIR",
                description = "Run folder to write; required unless --resume DIR names it.")
        Path value;

        /** The folder given (or, once a resume has set it, the resumed one); null when none. */
        Path value() {
            return value;
        }

        /** The folder to write, set by a resume to the run folder it continues. */
        void set(Path folder) {
            this.value = folder;
        }

        /** The folder given, for a run that does not resume; none fails naming {@code --out}. */
        Path require() {
            if (value == null) throw new InputException("--out", "", "is required (or --resume DIR)");
            return value;
        }
    }

    /** {@code --out DIR} of a command that writes a run folder and needs one. */
    static final class OutFolder {
        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write.")
        Path value;

        Path value() {
            return value;
        }
    }

    /**
     * What the learned baselines' training commands ({@code are-train}, {@code droo-train}) take alike: the scenario
     * (default paper), the policies' options, the seed, the run folder, how often they report and on how many held-out
     * slots, and PyTorch's threads. Each command gives its own report defaults.
     */
    static final class BaselineTraining {
        @Mixin
        ScenarioOption scenario = new ScenarioOption("paper");

        @Mixin
        PolicyOptions options = new PolicyOptions();

        @Mixin
        RunSeed seed;

        @Mixin
        OutFolder out;

        @Option(
                names = "--eval-every",
                paramLabel = "S",
                description = "Training slots between two reports (default: ${DEFAULT-VALUE}).")
        int evalEvery;

        @Option(
                names = "--validation",
                paramLabel = "V",
                description = "Held-out slots per report (default: ${DEFAULT-VALUE}).")
        int validation;

        @Option(
                names = "--threads",
                defaultValue = "1",
                paramLabel = "T",
                description = "PyTorch intra-op threads; the networks are small, one is fastest (default: "
                        + "${DEFAULT-VALUE}).")
        int threads;

        /** The options with a report every {@code evalEvery} training slots on {@code validation} held-out ones. */
        BaselineTraining(int evalEvery, int validation) {
            this.evalEvery = evalEvery;
            this.validation = validation;
        }

        /**
         * {@code more} (a command's own flags by the trainer's record component they fill) and the report's counts'
         * ({@code evalEvery}, {@code validation}), for {@link #fromFlags}: the trainer's record checks them all.
         */
        static Map<String, String> flagsWith(Map<String, String> more) {
            Map<String, String> all = new java.util.HashMap<>(more);
            all.put("evalEvery", "--eval-every");
            all.put("validation", "--validation");
            return Map.copyOf(all);
        }

        /** Checks {@code --out}: a folder, or nothing yet. */
        void check() throws IOException {
            OutputPaths.requireDirectory("--out", out.value);
        }

        /** These options as command-line arguments for the run's record, defaults spelt out. */
        List<String> asArgs() {
            List<String> a = new ArrayList<>(List.of(
                    "--scenario",
                    scenario.value,
                    "--seed",
                    "" + seed.value,
                    "--out",
                    out.value.toString(),
                    "--eval-every",
                    "" + evalEvery,
                    "--validation",
                    "" + validation,
                    "--threads",
                    "" + threads));
            a.addAll(options.asArgs());
            return a;
        }
    }

    /**
     * The record {@code make} builds from a command's flags. The record's constructor is the one place of its rules
     * (and the record the one place of its defaults): a value it refuses is a user error naming the flag, which
     * {@code flags} maps from the record component the refusal begins with ({@code momentum must be in [0, 1), got 1.0}
     * -> {@code --momentum: must be in [0, 1), got 1.0}). A key may be several words, for a record whose refusals name
     * their value in words ({@code alef batch must be >= 1} -> {@code --alef-batch: must be >= 1}); the longest key the
     * refusal begins with (followed by a space) wins. A refusal that begins with no key names {@code command}.
     */
    static <T> T fromFlags(String command, Map<String, String> flags, Supplier<T> make) {
        try {
            return make.get();
        } catch (InputException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            String key = null;
            for (String k : flags.keySet()) {
                if (message.startsWith(k + " ") && (key == null || k.length() > key.length())) key = k;
            }
            if (key == null) throw new InputException(command, "", message);
            throw new InputException(flags.get(key), "", message.substring(key.length() + 1));
        }
    }

    /** {@code --prompt Q}: the one prompt a command decides under (default min-latency). */
    static final class PromptOption {
        @Option(
                names = "--prompt",
                defaultValue = "min-latency",
                paramLabel = "Q",
                description = "min-latency, min-energy, weighted:W (W in [0, 1]: minimise W L / L_local + (1 - W) E / "
                        + "E_local), or the phrases \"minimize latency\" / \"minimize energy\" / \"minimize 0.3 latency "
                        + "+ 0.7 energy\" (default: ${DEFAULT-VALUE}).")
        String value;

        /** The prompt; one not known fails naming {@code --prompt} and the value. */
        Prompt parse() {
            try {
                return Prompt.parse(value);
            } catch (IllegalArgumentException e) {
                throw new InputException("--prompt", "", e.getMessage());
            }
        }
    }

    /** {@code --no-progress}: no progress bar on stderr, for a log (a command that reports as it goes says each). */
    static final class NoProgress {
        @Option(names = "--no-progress", description = "No progress bar on stderr (for logs).")
        boolean value;
    }

    /**
     * How the AED's engine runs in this process ({@code train}, {@code finetune}): PyTorch's threads and the native
     * memory one encoder pass may take.
     */
    static final class AedEngine {
        @Option(
                names = "--threads",
                paramLabel = "T",
                description = "PyTorch intra-op threads (default: the number of cores).")
        Integer threads;

        @Option(
                names = "--memory-mb",
                defaultValue = "4096",
                paramLabel = "MB",
                description = "Native memory one encoder pass may take (a training batch, or one slot when "
                        + "fine-tuning); a scenario whose estimate is over it is refused (default: ${DEFAULT-VALUE}).")
        long memoryMb;
    }

    /** How long a UE waits for the orchestrator and for a server: a trial's and a joining container's. */
    static final class UeWaits {
        @Option(
                names = "--decision-ms",
                defaultValue = "60000",
                paramLabel = "MS",
                description = "A UE waits this long for its decision; give a joining container the trial's value "
                        + "(default: ${DEFAULT-VALUE}).")
        long decisionMs;

        @Option(
                names = "--server-ms",
                defaultValue = "5000",
                paramLabel = "MS",
                description = "How long the orchestrator and the UEs wait for an edge server; give a joining container "
                        + "the trial's value (default: ${DEFAULT-VALUE}).")
        long serverMs;
    }
}
