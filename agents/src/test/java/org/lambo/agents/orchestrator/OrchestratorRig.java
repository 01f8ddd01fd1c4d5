package org.lambo.agents.orchestrator;

import jade.core.AID;
import jade.domain.FIPANames;
import jade.lang.acl.ACLMessage;
import jade.wrapper.AgentController;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.lambo.agents.ServiceTypes;
import org.lambo.agents.SlotSource;
import org.lambo.agents.Vocabulary;
import org.lambo.agents.platform.JadePlatform;
import org.lambo.agents.testing.CapturedLog;
import org.lambo.agents.testing.ProbeAgent;
import org.lambo.agents.testing.Probes;
import org.lambo.mec.Instance;
import org.lambo.ontology.OffloadingRequest;
import org.lambo.ontology.SlotStart;
import org.lambo.ontology.jade.LamboAcl;
import org.lambo.scenario.Scenario;
import org.lambo.scenario.ScenarioLoader;
import org.slf4j.event.Level;

/**
 * The orchestrator tests' set-up, for each test method: the world of {@code tiny}, what the probes hear
 * ({@link #heard}), what the orchestrator logs ({@link #log()}) and a JADE platform in a temporary folder
 * ({@link #platform()}, started when first asked for); after the test, passed or failed, the platform and the log are
 * closed and the folder deleted. Register it on an instance field: {@code @RegisterExtension final OrchestratorRig rig
 * = new OrchestratorRig();}.
 */
final class OrchestratorRig implements BeforeEachCallback, AfterEachCallback {
    private static final Scenario TINY = ScenarioLoader.load("tiny");

    /** The world of the scenario {@code tiny} with its own seed. */
    final SlotSource world = new SlotSource(TINY, TINY.seed());

    /** What the clock probe and the UE stand-ins heard. */
    final Heard heard = new Heard();

    private Path dir;
    private CapturedLog log;
    private JadePlatform platform;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("lambo-orchestrator-");
        log = CapturedLog.of(OrchestratorAgent.class, Level.DEBUG);
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        try {
            if (platform != null) platform.close();
        } finally {
            platform = null;
            log.close();
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    /**
     * What the orchestrator logs while this test runs, down to DEBUG: the orchestrator answers a request only once its
     * slot is decided (no AGREE), so a test that must know a request was taken before it does the next thing waits for
     * the orchestrator's own word ("ue-3 asks in slot 0 (conversation)").
     */
    CapturedLog log() {
        return log;
    }

    /** This test's platform, started in its temporary folder when first asked for. */
    JadePlatform platform() throws Exception {
        if (platform == null) platform = JadePlatform.start(dir.resolve("jade"), 0, false);
        return platform;
    }

    /**
     * Starts the orchestrator and the world's servers ({@link Heard#startOrchestratorAndServers}) and a probe as the
     * clock (what it hears in {@link #heard}); returns the clock once the orchestrator is registered (its AMS watch
     * live: from then on it sees every death).
     */
    AgentController startWithClock(long collectMs, long serverMs, Duration wait) throws Exception {
        Heard.startOrchestratorAndServers(platform(), world, collectMs, serverMs);
        return clock(wait);
    }

    /** Slot 0 of the world, started: the clock, slot 0's instance, a stand-in for each of its UEs, their requests. */
    record OpenSlot(AgentController clock, Instance slot, AgentController[] ues, List<OffloadingRequest> requests) {}

    /**
     * Starts the orchestrator (collecting for {@code collectMs}, waiting {@code serverMs} for the servers), the world's
     * servers, the clock and a stand-in for each UE of slot 0, then has the clock start slot 0.
     */
    OpenSlot openSlot0(long collectMs, long serverMs, Duration wait) throws Exception {
        AgentController clock = startWithClock(collectMs, serverMs, wait);
        Instance slot0 = world.slot(0);
        AgentController[] ues = ueStandIns(slot0.n(), wait);
        startSlot(clock, 0);
        return new OpenSlot(clock, slot0, ues, requests(0, slot0.n()));
    }

    /** A probe as the clock, what it hears in {@link #heard}; returned once the orchestrator is registered. */
    AgentController clock(Duration wait) throws Exception {
        AgentController clock = platform().startAgent(ServiceTypes.CLOCK_NAME, ProbeAgent.class, heard.inbox);
        Probes.awaitRegistered(clock, ServiceTypes.ORCHESTRATOR, wait);
        return clock;
    }

    /** Stand-ins under the names of the first {@code n} UEs, what they hear in {@link #heard}. */
    AgentController[] ueStandIns(int n, Duration wait) throws Exception {
        return Probes.ueStandIns(platform(), n, heard.inbox, wait);
    }

    /** The requests of the first {@code count} UEs (ue-i) in {@code slot} of the world, as they would ask. */
    List<OffloadingRequest> requests(int slot, int count) {
        Instance inst = world.slot(slot);
        List<OffloadingRequest> out = new ArrayList<>();
        for (int i = 0; i < count; i++)
            out.add(new OffloadingRequest(
                    slot, Vocabulary.ueState(inst, i, ServiceTypes.ueName(i)), Vocabulary.task(inst, i, slot)));
        return out;
    }

    /**
     * Has the stand-in {@code ues[i]} ask the orchestrator by its name for {@code requests.get(i)} (conversation
     * {@code offload-TASK}, a reply wanted within {@code replyMs}), each one.
     */
    static void askByName(AgentController[] ues, List<OffloadingRequest> requests, long replyMs) throws Exception {
        for (int i = 0; i < requests.size(); i++) {
            OffloadingRequest r = requests.get(i);
            ues[i].putO2AObject(
                    LamboAcl.build(
                            ACLMessage.REQUEST,
                            FIPANames.InteractionProtocol.FIPA_REQUEST,
                            "offload-" + r.task().taskId(),
                            replyMs,
                            r,
                            new AID(ServiceTypes.ORCHESTRATOR_NAME, AID.ISLOCALNAME)),
                    AgentController.ASYNC);
        }
    }

    /** Has the clock start {@code slot} of the world at the orchestrator and at every server. */
    void startSlot(AgentController clock, int slot) throws Exception {
        List<String> servers = new ArrayList<>();
        for (int j = 1; j <= world.scenario().servers().size(); j++) servers.add(ServiceTypes.serverName(j));
        startSlot(clock, slot, servers.toArray(String[]::new));
    }

    /**
     * Has the clock start {@code slot} of the world (conversation {@code slot-N}, reply by 10 s) at the orchestrator
     * and at the {@code servers} named.
     */
    void startSlot(AgentController clock, int slot, String... servers) throws Exception {
        Instance inst = world.slot(slot);
        List<AID> to = new ArrayList<>(List.of(new AID(ServiceTypes.ORCHESTRATOR_NAME, AID.ISLOCALNAME)));
        for (String s : servers) to.add(new AID(s, AID.ISLOCALNAME));
        clock.putO2AObject(
                LamboAcl.build(
                        ACLMessage.INFORM,
                        ServiceTypes.SLOT_PROTOCOL,
                        "slot-" + slot,
                        10_000,
                        new SlotStart(slot, inst.n(), inst.m()),
                        to.toArray(new AID[0])),
                AgentController.ASYNC);
    }
}
