package org.lambo.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.lambo.agents.bridge.DeviceMap;
import org.lambo.agents.bridge.DeviceOptions;
import org.lambo.agents.SlotSource;
import org.lambo.agents.trial.ExpertComparison;
import org.lambo.agents.trial.TrialOutputs;
import org.lambo.agents.orchestrator.OnlineAlef;
import org.lambo.agents.trial.TrialResult;
import org.lambo.agents.trial.TrialRunner;
import org.lambo.agents.trial.TrialSettings;
import org.lambo.io.InputException;
import org.lambo.mec.Prompt;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.Policies;
import org.lambo.policy.PolicySettings;
import org.lambo.rng.Seeds;
import org.lambo.run.RunDirectory;
import org.lambo.scenario.Scenario;
import org.lambo.scenario.ScenarioLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "trial", mixinStandardHelpOptions = true,
        description = {"Runs a scenario's slots as a multi-agent system on a JADE platform booted in this JVM: UE, edge-server and "
                + "orchestrator agents exchanging FIPA ACL messages, with mobility and the scenario's drift events.",
                "Writes DIR/slots.csv, DIR/summary.md, DIR/latency.png, DIR/energy.png, DIR/split.png, DIR/scenario.yaml and DIR/run.json; "
                        + "with --compare, also DIR/gap.csv and DIR/gap.png."})
public final class TrialCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--scenario", required = true, paramLabel = "FILE",
            description = "Scenario YAML, or a built-in profile: paper, are, small, tiny, drift-half-capacity.")
    String scenario;

    @Option(names = "--slots", defaultValue = "10", paramLabel = "S", description = "Number of slots (default: ${DEFAULT-VALUE}).")
    int slots;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Run folder to write.")
    Path out;

    @Option(names = "--policy", defaultValue = "aed", paramLabel = "P", description = "The orchestrator's policy (default: ${DEFAULT-VALUE}).")
    String policy;

    @Option(names = "--option", paramLabel = "KEY=VALUE", description = "Policy option, repeatable.")
    List<String> options;

    @Option(names = "--prompt", defaultValue = "min-latency", paramLabel = "Q", description = "min-latency or min-energy (default: ${DEFAULT-VALUE}).")
    String prompt;

    @Option(names = "--seed", paramLabel = "S", description = "World seed (default: the scenario's own).")
    Long seed;

    @Option(names = "--gui", description = "Show JADE's management GUI (needs a display).")
    boolean gui;

    @Option(names = "--collect-ms", defaultValue = "5000", paramLabel = "MS",
            description = "The orchestrator decides a slot at most this long after it opens (default: ${DEFAULT-VALUE}).")
    long collectMs;

    @Option(names = "--decision-ms", defaultValue = "60000", paramLabel = "MS",
            description = "A UE waits this long for its decision (default: ${DEFAULT-VALUE}).")
    long decisionMs;

    @Option(names = "--server-ms", defaultValue = "5000", paramLabel = "MS",
            description = "How long the orchestrator and the UEs wait for an edge server (default: ${DEFAULT-VALUE}).")
    long serverMs;

    @Option(names = "--startup-ms", defaultValue = "30000", paramLabel = "MS",
            description = "The agents (here and in joining containers) have this long to register before the trial fails (default: ${DEFAULT-VALUE}).")
    long startupMs;

    @Option(names = "--host", defaultValue = "127.0.0.1", paramLabel = "H",
            description = "Address the main container listens on; use one the other machines reach when agents join from them (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "0", paramLabel = "P", description = "Main container port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--secret-file", paramLabel = "FILE",
            description = "The trial's secret (docs/SECURITY.md), which every joining container must hold; used, or created when missing "
                    + "(default: a fresh one in DIR/trial.secret).")
    Path secretFile;

    @Option(names = "--remote", split = ",", paramLabel = "KIND",
            description = "Agent kinds that join from other containers (`lambo container`) instead of starting here: ues, servers.")
    List<String> remote;

    @Option(names = "--devices", paramLabel = "FILE",
            description = "Devices file (id role [ssh] per line): the n-th server device backs server n, the n-th ue device UE n-1; the others stay simulated.")
    Path devices;

    @Option(names = "--broker", paramLabel = "URL",
            description = "The devices' broker, tcp://host:1883 (default: an embedded broker on a free loopback port).")
    String broker;

    @Option(names = "--device-testbed", defaultValue = "lambo", paramLabel = "ID", description = "The devices' --testbed (default: ${DEFAULT-VALUE}).")
    String deviceTestbed;

    @Option(names = "--device-scale", defaultValue = "1", paramLabel = "F", description = "The devices' --scale, in (0, 1] (default: ${DEFAULT-VALUE}).")
    double deviceScale;

    @Option(names = "--broker-username", paramLabel = "USER", description = "The bridge's broker user name (the shipped ACL's lambo-bridge; default: anonymous).")
    String brokerUsername;

    @Option(names = "--broker-password-file", paramLabel = "FILE", description = "A file holding the bridge's broker password.")
    Path brokerPasswordFile;

    @Option(names = "--broker-tls-ca", paramLabel = "FILE", description = "CA certificate (PEM) to trust for an ssl:// broker.")
    Path brokerTlsCa;

    @Option(names = "--device-lost-grace-ms", defaultValue = "10000", paramLabel = "MS",
            description = "How long a device whose last will (lost) came may take to be back before its tasks fail, in [0, 600000] (default: ${DEFAULT-VALUE}; covers a broker restart).")
    long deviceLostGraceMs;

    @Option(names = "--emulate-devices", description = "Run the listed devices in this JVM (emulated, at --device-scale) instead of waiting for real ones.")
    boolean emulateDevices;

    @Option(names = "--compare", paramLabel = "P",
            description = "Solve each slot's instance with policy P (e.g. mip) beside the trial's and plot the per-slot gap (gap.png, gap.csv, mean in summary.md).")
    String compare;

    @Option(names = "--online-alef", description = "Online ALEF (policy aed only): send the slots whose decision entropy is above --alef-entropy "
            + "to an expert agent (--alef-expert) for labels, and fine-tune the AED's decoder in the background every --alef-batch labels.")
    boolean onlineAlef;

    @Option(names = "--alef-entropy", defaultValue = "0.3", paramLabel = "H",
            description = "Online ALEF's entropy threshold, nats (default: ${DEFAULT-VALUE}).")
    double alefEntropy;

    @Option(names = "--alef-batch", defaultValue = "16", paramLabel = "K", description = "Online ALEF's labels per fine-tune (default: ${DEFAULT-VALUE}).")
    int alefBatch;

    @Option(names = "--alef-expert", defaultValue = "mip", paramLabel = "P", description = "Online ALEF's expert policy (default: ${DEFAULT-VALUE}).")
    String alefExpert;

    @Override
    public Integer call() throws Exception {
        if (slots < 1) throw new InputException("--slots", "", "must be >= 1, got " + slots);
        Prompt q;
        try {
            q = Prompt.parse(prompt);
        } catch (IllegalArgumentException e) {
            throw new InputException("--prompt", "", e.getMessage());
        }
        List<String> kinds = remote == null ? List.of() : remote;
        for (String k : kinds) {
            if (!k.equals("ues") && !k.equals("servers")) throw new InputException("--remote", "", "must list ues and/or servers, got '" + k + "'");
        }
        if (devices == null && (broker != null || emulateDevices)) throw new InputException("--devices", "", "is required with --broker or --emulate-devices");
        DeviceOptions deviceOptions = null;
        if (devices != null) {
            try {
                if (broker != null) org.lambo.mqtt.client.MqttLinkOptions.builder(broker, "lambo-bridge");
                try {
                    org.lambo.agents.bridge.DeviceHub.checkLostGrace(java.time.Duration.ofMillis(deviceLostGraceMs));
                } catch (IllegalArgumentException e) {
                    throw new InputException("--device-lost-grace-ms", "", "must be in [0, 600000], got " + deviceLostGraceMs);
                }
                char[] password = null;
                if (brokerPasswordFile != null) {
                    try {
                        password = java.nio.file.Files.readString(brokerPasswordFile).strip().toCharArray();
                    } catch (java.io.IOException e) {
                        throw new InputException("--broker-password-file", "", "cannot be read: " + e.getMessage());
                    }
                }
                deviceOptions = new DeviceOptions(DeviceMap.read(devices), broker, deviceTestbed, deviceScale, emulateDevices,
                        java.time.Duration.ofMillis(startupMs), brokerUsername, password, brokerTlsCa, java.time.Duration.ofMillis(deviceLostGraceMs));
            } catch (org.lambo.mqtt.client.MqttLinkException.Config e) {
                throw new InputException("--broker", "", e.getMessage());
            } catch (InputException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw new InputException("--devices", "", e.getMessage());
            }
        }
        OnlineAlef.Options alef = null;
        if (onlineAlef) {
            if (!policy.equals("aed")) throw new InputException("--online-alef", "", "needs --policy aed, got '" + policy + "'");
            if (!Policies.names().contains(alefExpert)) {
                throw new InputException("--alef-expert", "", "unknown policy '" + alefExpert + "' (known: " + String.join(", ", Policies.names()) + ")");
            }
            try {
                alef = OnlineAlef.Options.DEFAULTS.withEntropyThreshold(alefEntropy);
            } catch (IllegalArgumentException e) {
                throw new InputException("--alef-entropy", "", e.getMessage());
            }
            try {
                alef = alef.withBatch(alefBatch);
            } catch (IllegalArgumentException e) {
                throw new InputException("--alef-batch", "", e.getMessage());
            }
        }
        Scenario sc = ScenarioLoader.load(scenario);
        long s = seed != null ? seed : sc.seed();
        Path secret = secretFile != null ? secretFile : out.resolve("trial.secret");
        try {
            org.lambo.agents.platform.HostAddress.local("--host", host);
        } catch (java.io.IOException e) {
            throw new InputException("", "", e.getMessage());
        }
        TrialSettings settings;
        try {
            settings = TrialSettings.builder(sc).seed(s).slots(slots).policy(policy).policyOptions(PolicySettings.parsePairs(options))
                    .prompt(q).gui(gui).collectMs(collectMs).decisionMs(decisionMs).serverMs(serverMs).startupMs(startupMs)
                    .host(host).port(port).remoteUes(kinds.contains("ues")).remoteServers(kinds.contains("servers")).devices(deviceOptions)
                    .onlineAlef(alef).alefExpert(alefExpert).secretFile(secret).build();
        } catch (InputException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new InputException("trial", "", e.getMessage());
        }
        if (!Policies.names().contains(policy)) {
            throw new InputException("--policy", "", "unknown policy '" + policy + "' (known: " + String.join(", ", Policies.names()) + ")");
        }
        if (compare != null && !Policies.names().contains(compare)) {
            throw new InputException("--compare", "", "unknown policy '" + compare + "' (known: " + String.join(", ", Policies.names()) + ")");
        }
        RunDirectory run = RunDirectory.create(out, "trial", spec.commandLine().getParseResult().originalArgs(), sc, s);
        try {
            if (secretFile == null) org.lambo.agents.platform.TrialSecret.generate().write(secret);
            else org.lambo.agents.platform.TrialSecret.readOrCreate(secret);
        } catch (java.io.IOException e) {
            throw new InputException("--secret-file", "", e.getMessage());
        }
        System.out.println("trial " + sc.name() + ": containers join with --secret-file " + secret.toAbsolutePath());
        System.out.flush();
        TrialResult result;
        PrintStream err = System.err;
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("trial " + sc.name()).setInitialMax(slots)
                .setConsumer(new ConsoleProgressBarConsumer(err)).setUnit(" slots", 1).build()) {
            result = TrialRunner.run(settings, run.resolve("jade"), r -> {
                bar.step();
                bar.setExtraMessage(r.failed() == 0 ? "" : r.failed() + " failed in slot " + r.slot());
            });
        } catch (TrialRunner.TrialFailedException e) {
            err.println("lambo trial: the trial did not complete: " + e.getMessage());
            return 1;
        } catch (java.io.IOException e) {
            err.println("lambo trial: the trial did not start: " + e.getMessage());
            return 1;
        }
        Map<String, String> header = new LinkedHashMap<>();
        header.put("scenario", sc.name());
        header.put("seed", Long.toString(s));
        header.put("git revision", RunDirectory.gitRevision());
        TrialOutputs.write(result, sc.servers().size(), header, run.path());
        if (compare != null) {
            OffloadingPolicy expert = Policies.create(compare, new PolicySettings(Seeds.derive(s, compare), Map.of()));
            List<ExpertComparison.SlotGap> gaps = ExpertComparison.compare(result, new SlotSource(sc, s), expert, q);
            ExpertComparison.write(gaps, result.policy(), compare, q, run.path());
            System.out.printf(Locale.ROOT, "trial %s: mean gap of %s to %s %.3f %% over the slots with no failed task%n",
                    sc.name(), result.policy(), compare, 100 * ExpertComparison.meanGap(gaps));
        }
        if (result.alef() != null) {
            OnlineAlef.Summary a = result.alef();
            System.out.printf(Locale.ROOT, "trial %s: online ALEF queried %d of %d slots, %d labels received (%d unusable), %d failed, %d still pending, %d fine-tunes applied%s%s%n",
                    sc.name(), a.slotsQueried(), a.slotsSeen(), a.labelsReceived(), a.labelsUnusable(), a.labelsFailed(), a.labelsPending(), a.fineTunes().size(),
                    a.fineTunes().isEmpty() ? "" : " (after slots " + a.fineTunes().stream().map(f -> Integer.toString(f.afterSlot())).toList() + ")",
                    a.error() == null ? "" : "; " + a.error());
        }
        System.out.printf(Locale.ROOT, "trial %s: %d slots, %d tasks, %d completed, %d failed, largest prediction gap %.3g, in %.1f s; wrote %s%n",
                sc.name(), result.slots().size(), result.tasks(), result.completed(), result.tasks() - result.completed(),
                result.maxPredictionError(), result.wallS(), run.path());
        return 0;
    }
}
