package org.lambo.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.lambo.io.InputException;
import org.lambo.mec.Prompt;
import org.lambo.policy.Policies;
import org.lambo.scenario.Scenario;

/**
 * What a bench runs: a scenario, the seed, K instances per run, R seeded runs, the prompts, the policies and the
 * reference that gaps are measured against. Immutable and validated when built: an unknown policy or a bad count is an
 * {@link InputException} naming the flag and the value.
 *
 * @param scenario the scenario the instances are drawn from
 * @param seed the seed of run 0 (the instances are those of {@code lambo generate --seed S}); run r &gt; 0 uses
 *     {@link Bench#runSeed}
 * @param instances K, consecutive slots per run, &gt;= 1
 * @param runs R, independently seeded runs, &gt;= 1; with R &gt;= 2 the confidence interval is over run means
 * @param prompts the prompts, each once, in table order
 * @param policies the policies' names, each once, in table order
 * @param reference the policy gaps are measured against, or null for no gaps; run even when not in {@code policies}
 * @param options {@code key=value} options handed to every policy
 * @param warmup untimed decisions per policy and prompt on the first instance before the bench (JIT warm-up), &gt;= 0;
 *     made by throwaway policy objects, so they change no result
 * @param given instances from files instead of a scenario (then {@code scenario} is null, K is their count and R is 1),
 *     or null
 * @param labels decisions one already has, each label benched like a policy (it may be named in {@code policies} and as
 *     the {@code reference}); they need {@code given}
 */
public record BenchPlan(
        Scenario scenario,
        long seed,
        int instances,
        int runs,
        List<Prompt> prompts,
        List<String> policies,
        String reference,
        Map<String, String> options,
        int warmup,
        InstanceSet given,
        GivenDecisions labels) {
    public BenchPlan {
        if (scenario == null && given == null) throw new InputException("--scenario", "", "is missing");
        if (scenario != null && given != null)
            throw new InputException("--instances", "", "a file of instances cannot be benched with a --scenario too");
        labels = labels == null ? GivenDecisions.none() : labels;
        if (!labels.labels().isEmpty() && given == null)
            throw new InputException("--decisions", "", "needs instances from a file");
        if (given != null) {
            if (runs != 1) {
                throw new InputException(
                        "--runs",
                        "",
                        "must be 1 with instances from a file (they are benched once, as given), got " + runs);
            }
            instances = given.size();
        }
        if (instances < 1) throw new InputException("--instances", "", "must be >= 1, got " + instances);
        if (runs < 1) throw new InputException("--runs", "", "must be >= 1, got " + runs);
        if (warmup < 0) throw new InputException("--warmup", "", "must be >= 0, got " + warmup);
        if (prompts == null || prompts.isEmpty())
            throw new InputException("--prompts", "", "must name at least one prompt");
        if (policies == null || policies.isEmpty())
            throw new InputException("--policies", "", "must name at least one policy");
        prompts = List.copyOf(new LinkedHashSet<>(prompts));
        List<String> known = new ArrayList<>(Policies.names());
        for (String label : labels.labels()) {
            if (known.contains(label)) {
                throw new InputException(
                        "--decisions",
                        "",
                        "label '" + label + "' is also the name of a policy; give the decisions another label");
            }
        }
        known.addAll(labels.labels());
        for (String p : policies) {
            if (!known.contains(p)) throw new InputException("--policies", "", Policies.unknown(p, known));
        }
        if (new LinkedHashSet<>(policies).size() != policies.size()) {
            throw new InputException("--policies", "", "names a policy twice: " + String.join(",", policies));
        }
        policies = List.copyOf(policies);
        if (reference != null && !known.contains(reference)) {
            throw new InputException(
                    "--reference",
                    "",
                    known.isEmpty()
                            ? Policies.unknown(reference, known) + "; or none"
                            : "unknown policy '" + reference + "' (known: " + String.join(", ", known) + ", or none)");
        }
        options = options == null ? Map.of() : Map.copyOf(new TreeMap<>(options));
    }

    /** Whether the instances come from files (else from the scenario). */
    public boolean fromFiles() {
        return given != null;
    }

    /** What the tables and charts call the instances: the scenario's name, or the file's. */
    public String sourceName() {
        return given != null ? given.name() : scenario.name();
    }

    /** "N = 50, M = 4" of the scenario, or the sizes of the given instances. */
    public String sizes() {
        return given != null
                ? given.sizes()
                : "N = " + scenario.ues() + ", M = " + scenario.servers().size();
    }

    /** Whether {@code name} is a label of given decisions rather than a policy. */
    public boolean isLabel(String name) {
        return labels.has(name);
    }

    /** Whether gaps are measured against a reference. */
    public boolean hasReference() {
        return reference != null;
    }

    /** Decisions the bench takes: R K |prompts| (|policies| + 1 when the reference is not among them). */
    public long decisions() {
        int perPrompt = policies.size() + (reference != null && !policies.contains(reference) ? 1 : 0);
        return (long) runs * instances * prompts.size() * perPrompt;
    }

    /** Reads a comma-separated prompt list ({@code min-latency,min-energy}); a bad one names {@code --prompts}. */
    public static List<Prompt> parsePrompts(String csv) {
        List<Prompt> out = new ArrayList<>();
        for (String s : csv.split(",")) {
            if (s.isBlank()) continue;
            try {
                out.add(Prompt.parse(s));
            } catch (IllegalArgumentException e) {
                throw new InputException("--prompts", "", e.getMessage());
            }
        }
        if (out.isEmpty())
            throw new InputException("--prompts", "", "must name at least one prompt, got '" + csv + "'");
        return out;
    }

    /** Reads a comma-separated policy list, blanks dropped. */
    public static List<String> parseNames(String csv) {
        List<String> out = new ArrayList<>();
        for (String s : csv.split(",")) if (!s.isBlank()) out.add(s.trim());
        return out;
    }

    /**
     * Builder for instances from files (seed 1 unless set): {@code lambo bench --instances FILE}, {@code lambo
     * evaluate}.
     */
    public static Builder builder(InstanceSet given) {
        return new Builder(null).seed(1).given(given);
    }

    /** Builder with the defaults of {@code lambo bench}. */
    public static Builder builder(Scenario scenario) {
        return new Builder(scenario);
    }

    public static final class Builder {
        private final Scenario scenario;
        private long seed;
        private int instances = 5;
        private int runs = 1;
        private List<Prompt> prompts = List.of(Prompt.values());
        private List<String> policies = List.of("mip", "de", "greedy", "nearest", "random", "local");
        private String reference = "mip";
        private Map<String, String> options = Map.of();
        private int warmup;
        private InstanceSet given;
        private GivenDecisions labels = GivenDecisions.none();

        private Builder(Scenario scenario) {
            this.scenario = scenario;
            this.seed = scenario == null ? 0 : scenario.seed();
        }

        /** Default: the scenario's own seed. */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /** Default 5. */
        public Builder instances(int k) {
            this.instances = k;
            return this;
        }

        /** Default 1. */
        public Builder runs(int r) {
            this.runs = r;
            return this;
        }

        /** Default: both prompts. */
        public Builder prompts(List<Prompt> p) {
            this.prompts = p;
            return this;
        }

        /** Default: mip, de, greedy, nearest, random, local. */
        public Builder policies(List<String> p) {
            this.policies = p;
            return this;
        }

        /** Default {@code mip}; null or {@code none} for no gaps. */
        public Builder reference(String r) {
            this.reference = r == null || r.equals("none") ? null : r;
            return this;
        }

        /** Default: none. */
        public Builder options(Map<String, String> o) {
            this.options = o;
            return this;
        }

        /** Default 0. */
        public Builder warmup(int w) {
            this.warmup = w;
            return this;
        }

        /** Default: none (the scenario's instances). */
        public Builder given(InstanceSet g) {
            this.given = g;
            return this;
        }

        /** Default: none. */
        public Builder labels(GivenDecisions l) {
            this.labels = l;
            return this;
        }

        public BenchPlan build() {
            return new BenchPlan(
                    scenario, seed, instances, runs, prompts, policies, reference, options, warmup, given, labels);
        }
    }
}
