package org.lambo.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.lambo.aed.alef.OnlineAlef;
import org.lambo.agents.SlotSource;
import org.lambo.agents.bridge.DeviceMap;
import org.lambo.agents.bridge.DeviceOptions;
import org.lambo.agents.platform.JadePlatform;
import org.lambo.agents.trial.ExpertComparison;
import org.lambo.agents.trial.SlotJournal;
import org.lambo.agents.trial.StopOnSignals;
import org.lambo.agents.trial.TrialOutputs;
import org.lambo.agents.trial.TrialResult;
import org.lambo.agents.trial.TrialRunner;
import org.lambo.agents.trial.TrialSettings;
import org.lambo.agents.trial.TrialState;
import org.lambo.agents.trial.TrialStop;
import org.lambo.io.InputException;
import org.lambo.mec.Prompt;
import org.lambo.policy.LearnsOnline;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.Policies;
import org.lambo.policy.PolicySettings;
import org.lambo.rng.Seeds;
import org.lambo.run.RunDirectory;
import org.lambo.scenario.Scenario;
import org.lambo.scenario.ScenarioLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "trial",
        mixinStandardHelpOptions = true,
        description = {
            "Runs a scenario's slots as a multi-agent system on a JADE platform booted in this JVM: UE, edge-server and "
                    + "orchestrator agents exchanging FIPA ACL messages, with mobility and the scenario's drift events.",
            "Writes DIR/slots.csv, DIR/summary.md, DIR/latency.png, DIR/energy.png, DIR/split.png, DIR/scenario.yaml and DIR/run.json; "
                    + "with --compare, also DIR/gap.csv and DIR/gap.png.",
            "Each slot's rows reach slots.csv (and slot-times.csv) as the slot ends; SIGINT or SIGTERM ends the running slot's tasks as failed, "
                    + "writes the summary and plots and exits 128 + the signal's number; --resume DIR continues an interrupted trial "
                    + "(SIGKILL included) from its last complete slot."
        })
public final class TrialCommand implements Callable<Integer> {
    @Mixin
    SharedOptions.PolicyOptions options = new SharedOptions.PolicyOptions();

    @Mixin
    SharedOptions.WorldSeed seed;

    @Mixin
    SharedOptions.UeWaits ueWaits;

    @Spec
    CommandSpec spec;

    @Mixin
    SharedOptions.ScenarioOrResume scenario;

    @Option(
            names = "--slots",
            defaultValue = "10",
            paramLabel = "S",
            description = "Number of slots (default: ${DEFAULT-VALUE}).")
    int slots;

    @Mixin
    SharedOptions.OutOrResume out;

    @Option(
            names = "--resume",
            paramLabel = "DIR",
            description =
                    "Continue the interrupted trial of run folder DIR from its last complete slot, with its recorded scenario, seed and flags "
                            + "(a flag given beside --resume must equal the recorded one; --no-progress and --gui, "
                            + "which change only what is shown, may differ).")
    Path resume;

    @Option(
            names = "--policy",
            defaultValue = TrialSettings.DEFAULT_POLICY,
            paramLabel = "P",
            description = "The orchestrator's policy (default: ${DEFAULT-VALUE}).")
    String policy;

    @Mixin
    SharedOptions.PromptOption prompt;

    @Mixin
    SharedOptions.NoProgress noProgress;

    @Option(names = "--gui", description = "Show JADE's management GUI (needs a display).")
    boolean gui;

    /**
     * Flags that change only what this process shows (the console's bar, JADE's window), not the trial: free to differ
     * on {@code --resume}, and taken from the resuming command line, never from the record.
     */
    static final java.util.Set<String> DISPLAY_FLAGS = java.util.Set.of("--no-progress", "--gui");

    @Option(
            names = "--collect-ms",
            defaultValue = "" + TrialSettings.DEFAULT_COLLECT_MS,
            paramLabel = "MS",
            description =
                    "The orchestrator decides a slot at most this long after it opens (default: ${DEFAULT-VALUE}).")
    long collectMs;

    @Option(
            names = "--startup-ms",
            defaultValue = "" + TrialSettings.DEFAULT_STARTUP_MS,
            paramLabel = "MS",
            description =
                    "The agents (here and in joining containers) have this long to register before the trial fails (default: ${DEFAULT-VALUE}).")
    long startupMs;

    @Option(
            names = "--dropout-ms",
            defaultValue = "" + JadePlatform.DEFAULT_DROPOUT_MS,
            paramLabel = "MS",
            description = "How long a joined container that cannot be reached (a WiFi dropout) is kept before it is "
                    + "removed and its UEs' tasks fail as gone; a killed or silent container is removed this long "
                    + "after its last answer to the main container's heartbeat; at most " + TrialSettings.MAX_DROPOUT_MS
                    + " (default: ${DEFAULT-VALUE}).")
    long dropoutMs;

    @Option(
            names = "--host",
            defaultValue = "127.0.0.1",
            paramLabel = "H",
            description =
                    "Address the main container listens on; use one the other machines reach when agents join from them (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(
            names = "--port",
            defaultValue = "0",
            paramLabel = "P",
            description = "Main container port; 0 picks a free one (default: ${DEFAULT-VALUE}); with --remote give a "
                    + "fixed one, the joining containers' --main-port.")
    int port;

    @Option(
            names = "--secret-file",
            paramLabel = "FILE",
            description =
                    "The trial's secret (docs/SECURITY.md), which every joining container must hold; used, or created when missing "
                            + "(default: a fresh one in DIR/trial.secret).")
    Path secretFile;

    @Option(
            names = "--remote",
            split = ",",
            paramLabel = "KIND",
            description =
                    "Agent kinds that join from other containers (`lambo container`) instead of starting here: ues, servers.")
    List<String> remote;

    @Option(
            names = "--devices",
            paramLabel = "FILE",
            description =
                    "Devices file (id role [ssh] per line): the n-th server device backs server n, the n-th ue device UE n-1; the others stay simulated.")
    Path devices;

    @Option(
            names = "--broker",
            paramLabel = "URL",
            description = "The devices' broker, tcp://host:1883 (default: an embedded broker on a free loopback port).")
    String broker;

    @Option(
            names = "--device-testbed",
            defaultValue = "lambo",
            paramLabel = "ID",
            description = "The devices' --testbed (default: ${DEFAULT-VALUE}).")
    String deviceTestbed;

    @Option(
            names = "--device-scale",
            defaultValue = "1",
            paramLabel = "F",
            description = "The devices' --scale, in (0, 1] (default: ${DEFAULT-VALUE}).")
    double deviceScale;

    @Option(
            names = "--broker-username",
            paramLabel = "USER",
            description = "The bridge's broker user name (the shipped ACL's lambo-bridge; default: anonymous).")
    String brokerUsername;

    @Option(
            names = "--broker-password-file",
            paramLabel = "FILE",
            description = "A file holding the bridge's broker password.")
    Path brokerPasswordFile;

    @Option(
            names = "--broker-tls-ca",
            paramLabel = "FILE",
            description = "CA certificate (PEM) to trust for an ssl:// broker.")
    Path brokerTlsCa;

    @Option(
            names = "--device-lost-grace-ms",
            defaultValue = "10000",
            paramLabel = "MS",
            description =
                    "How long a device whose last will (lost) came may take to be back before its tasks fail, in [0, 600000] (default: ${DEFAULT-VALUE}; covers a broker restart).")
    long deviceLostGraceMs;

    @Option(
            names = "--emulate-devices",
            description =
                    "Run the listed devices in this JVM (emulated, at --device-scale) instead of waiting for real ones.")
    boolean emulateDevices;

    @Option(
            names = "--compare",
            paramLabel = "P",
            description =
                    "Solve each slot's instance with policy P (e.g. mip) beside the trial's and plot the per-slot gap (gap.png, gap.csv, mean in summary.md).")
    String compare;

    @Option(
            names = "--online-alef",
            description =
                    "Online ALEF (policy aed only): send the slots whose decision entropy is above --alef-entropy "
                            + "to an expert agent (--alef-expert) for labels, and fine-tune the AED's decoder in the background every --alef-batch labels.")
    boolean onlineAlef;

    // online ALEF's defaults are its options record's (OnlineAlef.Options.DEFAULTS), its rules the record's checks
    @Option(
            names = "--alef-entropy",
            paramLabel = "H",
            description = "Online ALEF's entropy threshold, nats (default: ${DEFAULT-VALUE}).")
    double alefEntropy = OnlineAlef.Options.DEFAULTS.entropyThreshold();

    @Option(
            names = "--alef-batch",
            paramLabel = "K",
            description = "Online ALEF's labels per fine-tune (default: ${DEFAULT-VALUE}).")
    int alefBatch = OnlineAlef.Options.DEFAULTS.batch();

    @Option(
            names = "--alef-slot-features",
            negatable = true,
            defaultValue = "" + org.lambo.aed.alef.AlefOptions.DEFAULT_SLOT_FEATURES,
            fallbackValue = "true",
            description = "Online ALEF's fine-tunes train the decoder's slot term too, as finetune's --slot-features"
                    + " (docs/ALEF.md). On by default; --no-alef-slot-features leaves it as the checkpoint holds it.")
    boolean alefSlotFeatures;

    @Option(
            names = "--alef-expert",
            defaultValue = TrialSettings.DEFAULT_ALEF_EXPERT,
            paramLabel = "P",
            description = "Online ALEF's expert policy, as finetune's --expert (default: ${DEFAULT-VALUE}).")
    String alefExpert;

    @Option(
            names = "--realtime",
            description =
                    "Pace the slots on the wall clock, one every dt (the scenario's mobility slot), "
                            + "instead of each as soon as the one before closed; slot-times.csv then says how late each slot started and how far it "
                            + "overran its dt, and the summary how many slots overran and how many UEs the run held in real time.")
    boolean realtime;

    /** A trial's settings as the flags (or, on a resume, the recorded ones) resolve them. */
    private record Resolved(TrialSettings settings, Scenario scenario, long seed, Prompt prompt, Path secret) {}

    /** How the slots' run ended: its result, or the exit code of a trial interrupted or failed. */
    private record Ran(TrialResult result, int exitCode) {}

    @Override
    public Integer call() throws Exception {
        TrialState.Saved saved = resume == null ? null : adoptRecorded();
        Resolved r = resolveSettings(saved);
        Path dir = prepareRunFolder(r, saved);
        return runAndWrite(r, dir, saved);
    }

    /** Checks every flag (naming the bad one) and builds the trial's settings; runs nothing, writes nothing. */
    private Resolved resolveSettings(TrialState.Saved saved) throws java.io.IOException {
        scenario.require();
        out.require();
        Prompt q = prompt.parse();
        List<String> kinds = remote == null ? List.of() : remote;
        for (String k : kinds) {
            if (!k.equals("ues") && !k.equals("servers"))
                throw new InputException("--remote", "", "must list ues and/or servers, got '" + k + "'");
        }
        DeviceOptions deviceOptions = deviceOptions();
        OnlineAlef.Options alef = onlineAlefOptions();
        Scenario sc = saved == null ? ScenarioLoader.load(scenario.value()) : recordedScenario(resume);
        long s = seed.or(sc.seed());
        Path secret = secretFile != null ? secretFile : (saved != null ? resume : out.value()).resolve("trial.secret");
        warnOfHost();
        TrialSettings settings = SharedOptions.fromFlags("trial", SETTINGS_FLAGS, () -> TrialSettings.builder(sc)
                .seed(s)
                .slots(slots)
                .policy(policy)
                .policyOptions(options.pairs())
                .prompt(q)
                .gui(gui)
                .collectMs(collectMs)
                .decisionMs(ueWaits.decisionMs)
                .serverMs(ueWaits.serverMs)
                .startupMs(startupMs)
                .dropoutMs(dropoutMs)
                .host(host)
                .port(port)
                .remoteUes(kinds.contains("ues"))
                .remoteServers(kinds.contains("servers"))
                .devices(deviceOptions)
                .onlineAlef(alef)
                .alefExpert(alefExpert)
                .secretFile(secret)
                .realtime(realtime)
                .build());
        if (!kinds.isEmpty() && port == 0) {
            throw new InputException(
                    "--port",
                    "",
                    "must be a fixed port with --remote (containers join at --host and --port; 0 would pick one they "
                            + "are not told), got 0");
        }
        Policies.requireKnown("--policy", policy);
        if (compare != null) Policies.requireKnown("--compare", compare);
        return new Resolved(settings, sc, s, q, secret);
    }

    /**
     * Says on the console (not only in the log) when {@code --host} is usable but probably not meant: a name resolving
     * to 127.0.1.1.
     */
    private void warnOfHost() {
        try {
            String warning =
                    org.lambo.agents.platform.HostAddress.local("--host", host).warning();
            if (warning != null) System.err.println("lambo trial: " + warning);
        } catch (java.io.IOException e) {
            throw new InputException("", "", e.getMessage());
        }
    }

    /**
     * The flags of the {@link TrialSettings} values whose refusal begins with them; the record owns the rules (a
     * refusal beginning with none, such as two values that do not fit together, names {@code trial}).
     */
    static final Map<String, String> SETTINGS_FLAGS = Map.of(
            "slots", "--slots",
            "policy", "--policy",
            "collectMs (--collect-ms)", "--collect-ms",
            "decisionMs (--decision-ms)", "--decision-ms",
            "serverMs (--server-ms)", "--server-ms",
            "startupMs (--startup-ms)", "--startup-ms",
            "dropoutMs", "--dropout-ms",
            "host", "--host",
            "port", "--port",
            "alefExpert", "--alef-expert");

    /** The flags of online ALEF's options, by the words its record's refusals begin with. */
    static final Map<String, String> ALEF_FLAGS =
            Map.of("alef entropy threshold", "--alef-entropy", "alef batch", "--alef-batch");

    /** The devices' options, or null without --devices. */
    private DeviceOptions deviceOptions() {
        if (devices == null && (broker != null || emulateDevices))
            throw new InputException("--devices", "", "is required with --broker or --emulate-devices");
        if (devices == null) return null;
        try {
            if (broker != null) org.lambo.mqtt.client.MqttLinkOptions.builder(broker, "lambo-bridge");
        } catch (org.lambo.mqtt.client.MqttLinkException.Config e) {
            throw new InputException("--broker", "", e.getMessage());
        }
        char[] password = brokerPassword();
        return SharedOptions.fromFlags("--devices", DEVICE_FLAGS, () -> DeviceOptions.builder(DeviceMap.read(devices))
                .broker(broker)
                .testbed(deviceTestbed)
                .scale(deviceScale)
                .emulate(emulateDevices)
                .waitOnline(java.time.Duration.ofMillis(startupMs))
                .credentials(brokerUsername, password)
                .tlsCa(brokerTlsCa)
                .lostGrace(java.time.Duration.ofMillis(deviceLostGraceMs))
                .build());
    }

    /**
     * The flags of the {@link DeviceOptions} values whose refusal begins with them; the record owns the rules (another
     * refusal names {@code --devices}).
     */
    static final Map<String, String> DEVICE_FLAGS =
            Map.of("device scale", "--device-scale", "the device lost grace", "--device-lost-grace-ms");

    /** The bridge's broker password from {@code --broker-password-file}, or null without one. */
    private char[] brokerPassword() {
        if (brokerPasswordFile == null) return null;
        try {
            return java.nio.file.Files.readString(brokerPasswordFile).strip().toCharArray();
        } catch (java.io.IOException e) {
            throw new InputException("--broker-password-file", "", "cannot be read: " + e.getMessage());
        }
    }

    /**
     * Online ALEF's options from the flags, or null without --online-alef: defaults and rules are the record's
     * ({@link OnlineAlef.Options}), a value it refuses names its flag ({@link #ALEF_FLAGS}). Refuses a policy that
     * cannot learn online and an unknown expert.
     */
    OnlineAlef.Options onlineAlefOptions() {
        if (!onlineAlef) return null;
        OnlineAlef.Options alef = SharedOptions.fromFlags("--online-alef", ALEF_FLAGS, () -> OnlineAlef.Options.DEFAULTS
                .withEntropyThreshold(alefEntropy)
                .withBatch(alefBatch)
                .withSlotFeatures(alefSlotFeatures));
        Policies.requireKnown("--alef-expert", alefExpert);
        // the policy is made (and closed) once here, so that one that cannot learn online is refused before
        // anything runs
        try (OffloadingPolicy p = Policies.create(policy, new PolicySettings(0, options.pairs()))) {
            if (p.capability(LearnsOnline.class).isEmpty()) {
                throw new InputException(
                        "--online-alef", "", "needs a policy that learns online (such as aed), got '" + policy + "'");
            }
        }
        return alef;
    }

    /**
     * The run folder: on a resume the recorded one; else {@code --out}, refused while a trial runs there, created with
     * the command and the resolved scenario. Writes (or reads) the trial's secret either way.
     */
    private Path prepareRunFolder(Resolved r, TrialState.Saved saved) throws java.io.IOException {
        if (saved != null) {
            writeSecret(r.secret(), r.scenario());
            return resume;
        }
        TrialState.refuseIfRunning(out.value(), "--out");
        TrialState.refuseIfRecorded(out.value(), "--out");
        RunDirectory run = RunDirectory.create(
                out.value(), "trial", spec.commandLine().getParseResult().originalArgs(), r.scenario(), r.seed());
        writeSecret(r.secret(), r.scenario());
        return run.path();
    }

    /**
     * Writes (or, given by --secret-file or on a resume, reads) the trial's secret and says how containers join with
     * it.
     */
    private void writeSecret(Path secret, Scenario sc) {
        try {
            if (secretFile == null && resume == null)
                org.lambo.agents.platform.TrialSecret.generate().write(secret);
            else org.lambo.agents.platform.TrialSecret.readOrCreate(secret);
        } catch (java.io.IOException e) {
            throw new InputException("--secret-file", "", e.getMessage());
        }
        if (remote != null && !remote.isEmpty()) {
            System.out.println("trial " + sc.name() + ": containers join with --secret-file " + secret.toAbsolutePath()
                    + " --main-host " + host + " --main-port " + port);
            System.out.flush();
        }
    }

    /**
     * Runs the trial into run folder {@code dir} (its rows to slots.csv as each slot ends), stopping on SIGINT or
     * SIGTERM, then writes the summary and plots; {@code saved}: the trial recorded there, to resume.
     */
    private Integer runAndWrite(Resolved r, Path dir, TrialState.Saved saved) throws Exception {
        TrialSettings settings = r.settings();
        Scenario sc = r.scenario();
        SlotJournal.Recorded before = saved == null ? new SlotJournal.Recorded(List.of(), 0, 0) : SlotJournal.read(dir);
        if (saved != null) checkRecordedSettings(settings, saved, before);
        DeviceMap deviceMap =
                settings.devices() == null ? null : settings.devices().devices();
        int first = before.next();
        Map<String, String> header = header(sc, r.seed(), first);
        TrialResult result;
        try (TrialState state = saved == null
                        ? TrialState.start(
                                dir,
                                spec.commandLine().getParseResult().originalArgs(),
                                Path.of("").toAbsolutePath(),
                                settings)
                        : TrialState.resume(dir, saved, first);
                SlotJournal journal = saved == null
                        ? SlotJournal.create(dir, deviceMap, settings.realtime())
                        : SlotJournal.reopen(dir, before, deviceMap, settings.realtime())) {
            if (first == settings.slots()) {
                System.err.println("lambo trial: all " + first + " slots of " + dir
                        + " were recorded already; writing its summary and plots");
                result = TrialResult.builder(settings.policy(), r.prompt())
                        .slots(before.slots())
                        .build();
            } else {
                Ran ran = runSlots(r, dir, before, state, journal, header);
                if (ran.result() == null) return ran.exitCode();
                result = ran.result();
            }
            writeOutputs(r, result, header, dir);
            state.end(TrialState.Status.FINISHED, "", result);
        }
        printResult(sc, result, dir);
        return 0;
    }

    /** The summary's header: the scenario, the seed, the revision, and where a resumed trial took up. */
    private static Map<String, String> header(Scenario sc, long s, int first) {
        Map<String, String> header = new LinkedHashMap<>();
        header.put("scenario", sc.name());
        header.put("seed", Long.toString(s));
        header.put("git revision", RunDirectory.gitRevision());
        if (first > 0)
            header.put(
                    "resumed",
                    "at slot " + first + " (slots 0.." + (first - 1) + " as the interrupted run recorded them)");
        return header;
    }

    /**
     * Runs the slots not yet recorded with a progress bar, each slot's rows to the journal as it ends; an interrupted
     * trial writes its partial reports and ends with the signal's exit code, a failed one with 1.
     */
    private Ran runSlots(
            Resolved r,
            Path dir,
            SlotJournal.Recorded before,
            TrialState state,
            SlotJournal journal,
            Map<String, String> header)
            throws Exception {
        PrintStream err = System.err;
        TrialSettings settings = r.settings();
        Scenario sc = r.scenario();
        int first = before.next();
        String resumeHint = "lambo trial --resume " + dir.toAbsolutePath();
        if (first > 0 && org.lambo.agents.trial.PolicyReplay.needed(settings)) {
            err.println("lambo trial: policy " + settings.policy()
                    + " keeps state from slot to slot: deciding slots 0.." + (first - 1)
                    + " again to restore it");
        }
        TrialStop stop = new TrialStop();
        java.util.concurrent.atomic.AtomicInteger recorded = new java.util.concurrent.atomic.AtomicInteger(first);
        try (StopOnSignals signals = StopOnSignals.install(stop, err)) {
            try (ConsoleProgress.Count bar = ConsoleProgress.count(
                    ConsoleProgress.of(noProgress), "trial " + sc.name(), "slots", slots, first)) {
                return new Ran(
                        TrialRunner.run(
                                settings,
                                dir.resolve("jade"),
                                before.slots(),
                                stop,
                                row -> {
                                    try {
                                        journal.append(row);
                                    } catch (java.io.IOException e) {
                                        throw new java.io.UncheckedIOException(
                                                "cannot write slot " + row.slot() + " to "
                                                        + dir.resolve(SlotJournal.ROWS) + ": " + e.getMessage(),
                                                e);
                                    }
                                    recorded.incrementAndGet();
                                    bar.step(row.failed() == 0 ? "" : row.failed() + " failed in slot " + row.slot());
                                },
                                (row, platform) -> {}),
                        0);
            } catch (TrialRunner.TrialInterruptedException e) {
                journal.appendUnfinished(e.running());
                header.put(
                        "interrupted",
                        e.getMessage() + ", after " + e.slot() + " of " + settings.slots() + " slots (slot "
                                + e.slot() + "'s tasks failed; a resume runs it again). Resume with: `"
                                + resumeHint + "`");
                TrialOutputs.writeReports(e.partial(), sc.servers().size(), sc.drift(), header, dir);
                state.end(TrialState.Status.INTERRUPTED, e.getMessage(), e.partial());
                err.println("lambo trial: " + e.getMessage() + ": " + e.slot() + " of " + settings.slots()
                        + " slots complete; wrote " + dir + "; resume with: " + resumeHint);
                return new Ran(null, e.request().exitCode());
            } catch (TrialRunner.TrialFailedException e) {
                state.end(TrialState.Status.FAILED, e.getMessage());
                err.println("lambo trial: the trial did not complete: " + e.getMessage()
                        + "; slots.csv holds its first " + recorded.get() + " slots; to run the rest: "
                        + resumeHint);
                return new Ran(null, 1);
            }
        }
    }

    /** The summary and plots, and with --compare the gap to the expert; prints online ALEF's account. */
    private void writeOutputs(Resolved r, TrialResult result, Map<String, String> header, Path dir) throws Exception {
        Scenario sc = r.scenario();
        TrialOutputs.writeReports(result, sc.servers().size(), sc.drift(), header, dir);
        if (compare != null) {
            List<ExpertComparison.SlotGap> gaps;
            try (OffloadingPolicy expert =
                    Policies.create(compare, new PolicySettings(Seeds.derive(r.seed(), compare), Map.of()))) {
                gaps = ExpertComparison.compare(result, new SlotSource(sc, r.seed()), expert, r.prompt());
            }
            ExpertComparison.write(gaps, result.policy(), compare, r.prompt(), sc.drift(), dir);
            System.out.printf(
                    Locale.ROOT,
                    "trial %s: mean gap of %s to %s %.3f %% over the slots with no failed task%n",
                    sc.name(),
                    result.policy(),
                    compare,
                    100 * ExpertComparison.meanGap(gaps));
        }
        if (result.alef() != null) printAlef(sc, result.alef());
    }

    private static void printAlef(Scenario sc, OnlineAlef.Summary a) {
        System.out.printf(
                Locale.ROOT,
                "trial %s: online ALEF queried %d of %d slots (%d skipped while the expert was busy), %d labels received (%d unusable), %d failed, %d still pending, %d fine-tunes applied%s%s%n",
                sc.name(),
                a.slotsQueried(),
                a.slotsSeen(),
                a.slotsSkippedBusy(),
                a.labelsReceived(),
                a.labelsUnusable(),
                a.labelsFailed(),
                a.labelsPending(),
                a.fineTunes().size(),
                a.fineTunes().isEmpty()
                        ? ""
                        : " (after slots "
                                + a.fineTunes().stream()
                                        .map(f -> Integer.toString(f.afterSlot()))
                                        .toList() + ")",
                a.error() == null ? "" : "; " + a.error());
        if (a.labelsFailed() > 0)
            System.out.printf(Locale.ROOT, "trial %s: why labels failed: %s%n", sc.name(), a.failureReasons());
    }

    private static void printResult(Scenario sc, TrialResult result, Path dir) {
        System.out.printf(
                Locale.ROOT,
                "trial %s: %d slots, %d tasks, %d completed, %d failed, largest prediction gap %.3g, in %.1f s; wrote %s%n",
                sc.name(),
                result.slots().size(),
                result.tasks(),
                result.completed(),
                result.tasks() - result.completed(),
                result.maxPredictionError(),
                result.wallS(),
                dir);
    }

    /**
     * For {@code --resume DIR}: reads the trial recorded in DIR, refuses a flag given here that differs from the
     * recorded one (naming the flag and both values), then takes every recorded flag as this command's (a relative path
     * relative to the folder the trial was started in), and DIR as {@code --out}.
     */
    private TrialState.Saved adoptRecorded() throws java.io.IOException {
        Path dir = resume;
        TrialState.Saved saved = TrialState.read(dir);
        if (saved.status() == TrialState.Status.FINISHED) {
            throw new InputException(
                    "--resume",
                    "",
                    dir + " holds a finished trial (all " + saved.slots() + " slots recorded): nothing to resume");
        }
        CommandLine.Model.CommandSpec recorded = recordedSpec(saved, dir);
        Path here = Path.of("").toAbsolutePath();
        for (CommandLine.Model.OptionSpec given :
                spec.commandLine().getParseResult().matchedOptions()) {
            String name = given.longestName();
            if (name.equals("--resume") || DISPLAY_FLAGS.contains(name)) continue;
            if (name.equals("--out")) {
                Path o = here.resolve(out.value()).normalize();
                if (!o.equals(here.resolve(dir).normalize())) {
                    throw new InputException(
                            "--out",
                            "",
                            "conflicts with --resume: the trial's run folder is " + dir + ", given " + out.value());
                }
                continue;
            }
            Object was = name.equals("--seed")
                    ? Long.valueOf(saved.seed())
                    : absolute(recorded.findOption(name).getValue(), saved.cwd());
            Object now = absolute(given.getValue(), here);
            if (!java.util.Objects.equals(was, now)) {
                throw new InputException(
                        name,
                        "",
                        "conflicts with the trial recorded in " + dir + ": recorded " + (was == null ? "none" : was)
                                + ", given " + (now == null ? "none" : now));
            }
        }
        for (CommandLine.Model.OptionSpec o : recorded.options()) {
            if (o.usageHelp() || o.versionHelp() || o.longestName().equals("--resume")) continue;
            if (DISPLAY_FLAGS.contains(o.longestName())) continue; // this command line's, not the record's
            CommandLine.Model.OptionSpec mine = spec.findOption(o.longestName());
            if (mine != null) mine.setValue(absolute(o.getValue(), saved.cwd()));
        }
        out.set(dir);
        return saved;
    }

    /** The trial command as the recorded arguments set it. */
    private static CommandLine.Model.CommandSpec recordedSpec(TrialState.Saved saved, Path dir) {
        List<String> args = saved.args();
        CommandLine cl = !args.isEmpty() && args.get(0).equals("trial")
                ? Lambo.commandLine()
                : new CommandLine(new TrialCommand());
        CommandLine.ParseResult pr;
        try {
            pr = cl.parseArgs(args.toArray(new String[0]));
        } catch (CommandLine.ParameterException e) {
            throw new InputException(
                    "--resume",
                    "",
                    dir.resolve(TrialState.FILE) + " records arguments this lambo does not take: " + e.getMessage());
        }
        while (pr.hasSubcommand()) pr = pr.subcommand();
        if (!(pr.commandSpec().userObject() instanceof TrialCommand)) {
            throw new InputException(
                    "--resume", "", dir.resolve(TrialState.FILE) + " records arguments of another command: " + args);
        }
        return pr.commandSpec();
    }

    /** A relative path made absolute against {@code base}; any other value as it is. */
    private static Object absolute(Object value, Path base) {
        return value instanceof Path p ? base.resolve(p).normalize() : value;
    }

    /** The resolved scenario a trial's run folder recorded (its seed included). */
    private static Scenario recordedScenario(Path dir) {
        Path file = dir.resolve("scenario.yaml");
        if (!java.nio.file.Files.isRegularFile(file))
            throw new InputException("--resume", "", dir + " has no scenario.yaml: cannot rebuild the trial's world");
        return ScenarioLoader.load(file);
    }

    /**
     * Refuses to resume when the settings rebuilt from the recorded flags are not those the trial ran with (a default
     * that changed, a devices file edited since), or when more slots are recorded than it has.
     */
    private static void checkRecordedSettings(
            TrialSettings settings, TrialState.Saved saved, SlotJournal.Recorded before) {
        Map<String, String> now = TrialState.describe(settings);
        for (var e : saved.settings().entrySet()) {
            String is = now.get(e.getKey());
            if (!e.getValue().equals(is)) {
                throw new InputException(
                        "--resume",
                        "",
                        "the trial ran with " + e.getKey() + " " + e.getValue() + ", but its recorded flags now give "
                                + (is == null ? "no " + e.getKey() : is) + ": it cannot be resumed as it was");
            }
        }
        if (before.next() > settings.slots()) {
            throw new InputException(
                    "--resume", "", "slots.csv records " + before.next() + " slots, the trial has " + settings.slots());
        }
    }
}
