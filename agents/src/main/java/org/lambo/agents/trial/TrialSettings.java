package org.lambo.agents.trial;

import java.util.Map;
import java.util.TreeMap;
import org.lambo.agents.bridge.DeviceOptions;
import org.lambo.agents.platform.JadePlatform;
import org.lambo.mec.Prompt;
import org.lambo.scenario.Scenario;

/**
 * Everything a trial runs with. Build one with {@link #builder(Scenario)}; every field has a default.
 *
 * @param scenario the world (required)
 * @param seed the world's seed (default: the scenario's own)
 * @param slots how many slots (default 10)
 * @param policy the orchestrator's policy, by name (default {@value #DEFAULT_POLICY}, as {@code lambo trial}'s)
 * @param policyOptions the policy's {@code key=value} options (default none)
 * @param prompt what the policy minimises (default {@code min-latency})
 * @param gui whether to show JADE's GUI (default false)
 * @param collectMs the orchestrator decides a slot at most this long after it opens (default 5 000)
 * @param decisionMs a UE waits this long for its decision (default 60 000: a slow expert may decide)
 * @param serverMs the orchestrator and the UEs wait this long for a server (default 5 000)
 * @param startupMs the agents have this long to register (default 30 000)
 * @param host the address the main container listens on (default 127.0.0.1; another machine's containers need a
 *     reachable one)
 * @param port the main container's port (default 0: a free one)
 * @param remoteUes the UE agents join from other containers instead of starting here (default false)
 * @param remoteServers the edge-server agents join from other containers instead of starting here (default false)
 * @param devices which agents are device-backed and how to reach the devices (default null: all simulated)
 * @param onlineAlef online ALEF's options, or null (the default): off. On, the policy must have the capability
 *     {@code LearnsOnline} (the {@code aed} policy has it; the trial refuses one without it)
 * @param alefExpert the expert policy of the expert agent started for online ALEF (default {@code mip})
 * @param secretFile the trial's secret, which joining containers must hold (docs/SECURITY.md); created when missing
 *     (default null: a throwaway secret, no other JVM can join)
 * @param realtime slots are paced on the wall clock, one every {@link #paceMs()} (the scenario's slot length dt), and
 *     each slot that overran is recorded (default false: each slot starts when the one before closed)
 * @param dropoutMs how long the main container keeps a joined container whose connection broke (a WiFi dropout) before
 *     it removes it and its agents' tasks fail as gone (default {@link JadePlatform#DEFAULT_DROPOUT_MS}; at most
 *     {@value #MAX_DROPOUT_MS})
 */
public record TrialSettings(
        Scenario scenario,
        long seed,
        int slots,
        String policy,
        Map<String, String> policyOptions,
        Prompt prompt,
        boolean gui,
        long collectMs,
        long decisionMs,
        long serverMs,
        long startupMs,
        String host,
        int port,
        boolean remoteUes,
        boolean remoteServers,
        DeviceOptions devices,
        org.lambo.aed.alef.OnlineAlef.Options onlineAlef,
        String alefExpert,
        java.nio.file.Path secretFile,
        boolean realtime,
        long dropoutMs) {
    /** The longest dropout a trial may be told to tolerate (10 minutes). */
    public static final long MAX_DROPOUT_MS = 600_000;

    /** The policy a trial runs when none is named, here and on the command line ({@code lambo trial --policy}). */
    public static final String DEFAULT_POLICY = "aed";
    /** How long after a slot opens the orchestrator decides it at the latest, ms ({@code lambo trial --collect-ms}). */
    public static final long DEFAULT_COLLECT_MS = 5_000;
    /** How long the agents have to register before the trial fails, ms ({@code lambo trial --startup-ms}). */
    public static final long DEFAULT_STARTUP_MS = 30_000;
    /** The expert online ALEF asks for labels ({@code lambo trial --alef-expert}): ALEF's own default. */
    public static final String DEFAULT_ALEF_EXPERT = org.lambo.aed.alef.AlefOptions.DEFAULT_EXPERT;

    public TrialSettings {
        if (alefExpert == null || alefExpert.isBlank())
            throw new IllegalArgumentException("alefExpert must not be blank");
        if (scenario == null) throw new IllegalArgumentException("scenario is required");
        if (slots < 1) throw new IllegalArgumentException("slots must be >= 1, got " + slots);
        if (policy == null || policy.isBlank()) throw new IllegalArgumentException("policy is required");
        policyOptions = Map.copyOf(policyOptions == null ? Map.of() : policyOptions);
        if (prompt == null) throw new IllegalArgumentException("prompt is required");
        for (var e : Map.of(
                        "collectMs (--collect-ms)",
                        collectMs,
                        "decisionMs (--decision-ms)",
                        decisionMs,
                        "serverMs (--server-ms)",
                        serverMs,
                        "startupMs (--startup-ms)",
                        startupMs)
                .entrySet()) {
            if (e.getValue() <= 0) throw new IllegalArgumentException(e.getKey() + " must be > 0, got " + e.getValue());
        }
        if (dropoutMs <= 0 || dropoutMs > MAX_DROPOUT_MS)
            throw new IllegalArgumentException("dropoutMs must be in 1.." + MAX_DROPOUT_MS + ", got " + dropoutMs);
        if (host == null || host.isBlank()) throw new IllegalArgumentException("host must not be blank");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be in 0..65535, got " + port);
        // device-backed agents live beside the bridge, in this container: a remote UE (or server) could not be one
        if (devices != null && remoteUes && !devices.devices().ues().isEmpty()) {
            throw new IllegalArgumentException(
                    "UE devices need their UE agents in the main container, but the UEs are remote (drop ues from --remote or the ue lines from --devices)");
        }
        if (devices != null && remoteServers && !devices.devices().servers().isEmpty()) {
            throw new IllegalArgumentException(
                    "server devices need their server agents in the main container, but the servers are remote (drop servers from --remote or the server lines from --devices)");
        }
        if (decisionMs < collectMs + serverMs) {
            throw new IllegalArgumentException("decisionMs (" + decisionMs + ") must be at least collectMs + serverMs ("
                    + (collectMs + serverMs) + ")");
        }
    }

    /** A real-time trial's slot length on the wall clock: the scenario's dt, in ms (at least 1). */
    public long paceMs() {
        return Math.max(1, Math.round(scenario.mobility().slotS() * 1000));
    }

    /** A slot's deadline at the clock: a UE's whole task time and a margin for the reports. */
    public long slotMs() {
        return decisionMs + serverMs + org.lambo.agents.ue.UeTimeouts.REPORT_MARGIN_MS;
    }

    public static Builder builder(Scenario scenario) {
        return new Builder(scenario);
    }

    public static final class Builder {
        private final Scenario scenario;
        private long seed;
        private int slots = 10;
        private String policy = DEFAULT_POLICY;
        private Map<String, String> policyOptions = new TreeMap<>();
        private Prompt prompt = Prompt.MIN_LATENCY;
        private boolean gui;
        private long collectMs = DEFAULT_COLLECT_MS;
        private long decisionMs = 60_000;
        private long serverMs = 5_000;
        private long startupMs = DEFAULT_STARTUP_MS;
        private String host = "127.0.0.1";
        private int port;
        private boolean remoteUes;
        private boolean remoteServers;
        private DeviceOptions devices;
        private org.lambo.aed.alef.OnlineAlef.Options onlineAlef;
        private String alefExpert = DEFAULT_ALEF_EXPERT;
        private java.nio.file.Path secretFile;
        private boolean realtime;
        private long dropoutMs = JadePlatform.DEFAULT_DROPOUT_MS;

        private Builder(Scenario scenario) {
            this.scenario = scenario;
            this.seed = scenario == null ? 0 : scenario.seed();
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder slots(int v) {
            slots = v;
            return this;
        }

        public Builder policy(String v) {
            policy = v;
            return this;
        }

        public Builder policyOptions(Map<String, String> v) {
            policyOptions = new TreeMap<>(v);
            return this;
        }

        public Builder prompt(Prompt v) {
            prompt = v;
            return this;
        }

        public Builder gui(boolean v) {
            gui = v;
            return this;
        }

        public Builder collectMs(long v) {
            collectMs = v;
            return this;
        }

        public Builder decisionMs(long v) {
            decisionMs = v;
            return this;
        }

        public Builder serverMs(long v) {
            serverMs = v;
            return this;
        }

        public Builder startupMs(long v) {
            startupMs = v;
            return this;
        }

        public Builder host(String v) {
            host = v;
            return this;
        }

        public Builder port(int v) {
            port = v;
            return this;
        }

        public Builder remoteUes(boolean v) {
            remoteUes = v;
            return this;
        }

        public Builder remoteServers(boolean v) {
            remoteServers = v;
            return this;
        }

        public Builder devices(DeviceOptions v) {
            devices = v;
            return this;
        }

        public Builder onlineAlef(org.lambo.aed.alef.OnlineAlef.Options v) {
            onlineAlef = v;
            return this;
        }

        public Builder alefExpert(String v) {
            alefExpert = v;
            return this;
        }

        public Builder secretFile(java.nio.file.Path v) {
            secretFile = v;
            return this;
        }

        public Builder realtime(boolean v) {
            realtime = v;
            return this;
        }

        public Builder dropoutMs(long v) {
            dropoutMs = v;
            return this;
        }

        public TrialSettings build() {
            return new TrialSettings(
                    scenario,
                    seed,
                    slots,
                    policy,
                    policyOptions,
                    prompt,
                    gui,
                    collectMs,
                    decisionMs,
                    serverMs,
                    startupMs,
                    host,
                    port,
                    remoteUes,
                    remoteServers,
                    devices,
                    onlineAlef,
                    alefExpert,
                    secretFile,
                    realtime,
                    dropoutMs);
        }
    }
}
