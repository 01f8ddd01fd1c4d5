package org.lambo.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import org.lambo.agents.platform.JadePlatform;
import org.lambo.agents.trial.SlotRecord;
import org.lambo.agents.trial.TrialResult;
import org.lambo.agents.trial.TrialSettings;
import org.lambo.scenario.ScenarioLoader;

/**
 * The trial a cross-JVM integration test runs, with the settings these tests share written once: built with
 * {@link #on(ChildJvms)}, run in a child JVM ({@link #inChildJvm}, {@code lambo trial}) or in this one
 * ({@link #runHere}, {@link #startHere}, {@link #settings}), with the {@code lambo container}s its UEs and servers join
 * from ({@link #containers}), and read back: the slots its {@code slot-times.csv} lists as complete
 * ({@link #completeSlots}, {@link #awaitSlots}), {@code summary.md} ({@link #summary}), {@code slots.csv}
 * ({@link #slotsCsv}) and {@code trial.json} ({@link #trialJson}) in its run folder.
 *
 * <p>The defaults, each changed by the builder's method of that name:
 *
 * <ul>
 *   <li>scenario {@value #SCENARIO}, seed {@value #SEED} (the containers of {@link #containers} hold the same);
 *   <li>{@code slots} 5, {@code policy} {@code nearest};
 *   <li>{@code name} {@code run}: the run folder {@code dir/run} and the log {@code trial.log} of a child JVM (another
 *       name writes {@code dir/NAME} and {@code NAME.log});
 *   <li>{@code port}: a free loopback port, picked when the fixture is built ({@link #anyPort}: none given, the trial
 *       picks one itself; no container can join then);
 *   <li>the trial secret of the {@link ChildJvms} ({@link #noSecret}: none given);
 *   <li>UEs and servers in the trial's own JVM ({@link Builder#remote}: both join from containers, {@code --remote
 *       ues,servers});
 *   <li>the deadlines of a loaded machine: {@code collectMs} {@value #COLLECT_MS}, {@code decisionMs}
 *       {@value #DECISION_MS}, {@code serverMs} {@value #SERVER_MS}; {@code startupMs} and {@code dropoutMs} the
 *       trial's own ({@link TrialSettings#DEFAULT_STARTUP_MS}, {@link JadePlatform#DEFAULT_DROPOUT_MS}) unless set.
 * </ul>
 *
 * A test keeps what it checks and any deadline of its own; what starts the same everywhere is here.
 */
final class TrialFixture {
    static final String SCENARIO = "small";
    static final long SEED = 5;
    static final long COLLECT_MS = 10_000;
    static final long DECISION_MS = 20_000;
    static final long SERVER_MS = 5_000;

    /**
     * The start-up deadline of a trial in a child JVM whose containers start beside it ({@link ChildJvms#remoteTrial}):
     * three JVMs coming up on a loaded machine.
     */
    static final long LOADED_STARTUP_MS = 120_000;

    private final ChildJvms jvms;
    private final String name;
    private final int slots;
    private final String policy;
    private final int port;
    private final boolean secret;
    private final boolean remote;
    private final long collectMs;
    private final long decisionMs;
    private final long serverMs;
    private final long startupMs;
    private final long dropoutMs;

    private TrialFixture(Builder b, int port) {
        this.jvms = b.jvms;
        this.name = b.name;
        this.slots = b.slots;
        this.policy = b.policy;
        this.port = port;
        this.secret = b.secret;
        this.remote = b.remote;
        this.collectMs = b.collectMs;
        this.decisionMs = b.decisionMs;
        this.serverMs = b.serverMs;
        this.startupMs = b.startupMs;
        this.dropoutMs = b.dropoutMs;
    }

    /** A trial of these child JVMs (their folder, their secret), with the defaults of the class's comment. */
    static Builder on(ChildJvms jvms) {
        return new Builder(jvms);
    }

    /** The port of the trial's main container; 0 with {@link Builder#anyPort} (the trial picks one). */
    int port() {
        return port;
    }

    /** The run folder, {@code dir/NAME}. */
    Path out() {
        return jvms.dir().resolve(name);
    }

    /** The log of the trial's child JVM, {@code trial.log} for the name {@code run}, else {@code NAME.log}. */
    String log() {
        return name.equals("run") ? "trial.log" : name + ".log";
    }

    /** The arguments of {@code lambo trial} with these settings, then {@code more}. */
    String[] args(String... more) {
        List<String> args = new ArrayList<>(List.of(
                "trial",
                "--scenario",
                SCENARIO,
                "--seed",
                Long.toString(SEED),
                "--slots",
                Integer.toString(slots),
                "--out",
                out().toString(),
                "--policy",
                policy));
        if (port != 0) args.addAll(List.of("--port", Integer.toString(port)));
        if (remote) args.addAll(List.of("--remote", "ues,servers"));
        if (secret) args.addAll(List.of("--secret-file", jvms.secret().toString()));
        args.addAll(List.of(
                "--collect-ms",
                Long.toString(collectMs),
                "--decision-ms",
                Long.toString(decisionMs),
                "--server-ms",
                Long.toString(serverMs)));
        if (startupMs != TrialSettings.DEFAULT_STARTUP_MS)
            args.addAll(List.of("--startup-ms", Long.toString(startupMs)));
        if (dropoutMs != JadePlatform.DEFAULT_DROPOUT_MS)
            args.addAll(List.of("--dropout-ms", Long.toString(dropoutMs)));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /** {@code lambo trial} with these settings (then {@code more}) in a child JVM, its output in {@link #log()}. */
    Process inChildJvm(String... more) throws IOException {
        return inChildJvm(List.of(), more);
    }

    /** As {@link #inChildJvm(String...)} with JVM options (e.g. {@code -Djdk.net.hosts.file=F}). */
    Process inChildJvm(List<String> jvmOptions, String... more) throws IOException {
        return jvms.start(jvmOptions, log(), "org.lambo.cli.Lambo", args(more));
    }

    /** {@code lambo trial --resume} of this trial's run folder in a child JVM, its output in {@code log}. */
    Process resumeInChildJvm(String log) throws IOException {
        return jvms.start(log, "org.lambo.cli.Lambo", "trial", "--resume", out().toString());
    }

    /** These settings for a trial in this JVM ({@link #runHere}, {@link #startHere}). */
    TrialSettings settings() {
        return TrialSettings.builder(ScenarioLoader.load(SCENARIO))
                .seed(SEED)
                .slots(slots)
                .policy(policy)
                .port(port)
                .remoteUes(remote)
                .remoteServers(remote)
                .secretFile(secret ? jvms.secret() : null)
                .collectMs(collectMs)
                .decisionMs(decisionMs)
                .serverMs(serverMs)
                .startupMs(startupMs)
                .dropoutMs(dropoutMs)
                .build();
    }

    /** Runs the trial in this JVM and returns its result; {@code afterSlot} runs after each slot. */
    TrialResult runHere(BiConsumer<SlotRecord, JadePlatform> afterSlot) throws IOException, InterruptedException {
        return org.lambo.agents.trial.TrialRunner.run(settings(), jvms.dir().resolve("jade"), x -> {}, afterSlot);
    }

    /** As {@link #runHere} on another thread (one trial per JVM: JADE keeps static state). */
    CompletableFuture<TrialResult> startHere(BiConsumer<SlotRecord, JadePlatform> afterSlot) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return runHere(afterSlot);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /**
     * The UEs' and the servers' {@code lambo container}, in child JVMs, logs {@code ues.log} and {@code servers.log}.
     */
    record Containers(Process ues, Process servers) {}

    /**
     * Starts the two {@code lambo container}s that hold the trial's UEs and servers ({@link Builder#remote}): scenario
     * {@value #SCENARIO}, seed {@value #SEED}, joining 127.0.0.1:{@link #port()} with the trial's secret.
     */
    Containers containers() throws IOException {
        if (port == 0) throw new IllegalStateException("containers need the trial's port: not with anyPort()");
        return new Containers(jvms.container(port, "ues"), jvms.container(port, "servers"));
    }

    /** The slots the run's {@code slot-times.csv} lists as complete (0 while it is not there). */
    int completeSlots() throws IOException {
        Path f = out().resolve("slot-times.csv");
        if (!Files.isRegularFile(f)) return 0;
        return (int) Math.max(0, Files.readAllLines(f).size() - 1);
    }

    /**
     * Waits until the trial in child JVM {@code trial} has completed {@code slots} slots, at most {@code seconds};
     * fails at once when the trial ends first, else at the deadline, naming the JVM and showing its log's tail.
     */
    void awaitSlots(Process trial, int slots, long seconds) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (completeSlots() < slots) {
            if (!trial.isAlive())
                throw new AssertionError(ChildJvms.describe(trial) + "\n... ended before slot " + slots + " ended");
            if (System.nanoTime() > deadline)
                throw new AssertionError(ChildJvms.describe(trial) + "\n... did not complete " + slots
                        + " slots within " + seconds + " s (" + ChildJvms.load() + ")");
            Thread.sleep(20);
        }
    }

    /** The run's {@code summary.md}. */
    String summary() throws IOException {
        return Files.readString(out().resolve("summary.md"));
    }

    /** The run's {@code slots.csv}. */
    String slotsCsv() throws IOException {
        return Files.readString(out().resolve("slots.csv"));
    }

    /** The run's {@code trial.json}. */
    String trialJson() throws IOException {
        return Files.readString(out().resolve("trial.json"));
    }

    /** The settings of a {@link TrialFixture}, each defaulting as the class's comment says. */
    static final class Builder {
        private final ChildJvms jvms;
        private String name = "run";
        private int slots = 5;
        private String policy = "nearest";
        private Integer port; // null: a free one when built
        private boolean secret = true;
        private boolean remote;
        private long collectMs = COLLECT_MS;
        private long decisionMs = DECISION_MS;
        private long serverMs = SERVER_MS;
        private long startupMs = TrialSettings.DEFAULT_STARTUP_MS;
        private long dropoutMs = JadePlatform.DEFAULT_DROPOUT_MS;

        private Builder(ChildJvms jvms) {
            this.jvms = jvms;
        }

        /** The run folder {@code dir/NAME} and, in a child JVM, the log {@code NAME.log} (default {@code run}). */
        Builder name(String v) {
            name = v;
            return this;
        }

        Builder slots(int v) {
            slots = v;
            return this;
        }

        Builder policy(String v) {
            policy = v;
            return this;
        }

        /** The main container's port (default: a free one, picked when built). */
        Builder port(int v) {
            port = v;
            return this;
        }

        /** No port given: the trial picks one itself ({@code --port 0}); no container can join it. */
        Builder anyPort() {
            port = 0;
            return this;
        }

        /** No trial secret given (default: the secret of the {@link ChildJvms}). */
        Builder noSecret() {
            secret = false;
            return this;
        }

        /** The UEs and the servers join from containers ({@code --remote ues,servers}; {@link #containers()}). */
        Builder remote() {
            remote = true;
            return this;
        }

        Builder decisionMs(long v) {
            decisionMs = v;
            return this;
        }

        Builder serverMs(long v) {
            serverMs = v;
            return this;
        }

        Builder startupMs(long v) {
            startupMs = v;
            return this;
        }

        Builder dropoutMs(long v) {
            dropoutMs = v;
            return this;
        }

        TrialFixture build() throws IOException {
            return new TrialFixture(this, port != null ? port : ChildJvms.freePort());
        }
    }
}
