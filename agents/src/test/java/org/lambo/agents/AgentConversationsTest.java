package org.lambo.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jade.content.ContentManager;
import jade.content.lang.sl.SLCodec;
import jade.content.onto.basic.Action;
import jade.core.AID;
import jade.domain.FIPANames;
import jade.lang.acl.ACLMessage;
import jade.wrapper.AgentController;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.agents.expert.ExpertAgent;
import org.lambo.agents.expert.Labeller;
import org.lambo.agents.orchestrator.CallForLabels;
import org.lambo.agents.orchestrator.OrchestratorAgent;
import org.lambo.agents.orchestrator.OrchestratorConfig;
import org.lambo.agents.orchestrator.SlotDecider;
import org.lambo.agents.orchestrator.SlotPlan;
import org.lambo.agents.platform.JadePlatform;
import org.lambo.agents.server.EdgeServerAgent;
import org.lambo.agents.testing.NearestFitPolicy;
import org.lambo.agents.testing.ProbeAgent;
import org.lambo.baseline.LocalPolicy;
import org.lambo.mec.CostModel;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.ontology.Label;
import org.lambo.ontology.LabelRequest;
import org.lambo.ontology.LamboMessage;
import org.lambo.ontology.OffloadingDecision;
import org.lambo.ontology.OffloadingRequest;
import org.lambo.ontology.ServerState;
import org.lambo.ontology.SlotStart;
import org.lambo.ontology.TaskDescription;
import org.lambo.ontology.TaskResult;
import org.lambo.ontology.TaskSubmission;
import org.lambo.ontology.jade.LamboAcl;
import org.lambo.ontology.jade.LamboAction;
import org.lambo.ontology.jade.LamboContent;
import org.lambo.ontology.jade.LamboOntology;
import org.lambo.scenario.Scenario;
import org.lambo.scenario.ScenarioLoader;

/**
 * The agents' conversations on a JADE platform in this JVM: a test probe plays the clock (under its name,
 * {@code trial-clock}) and stand-in probes the UEs (under theirs, {@code ue-i}) against a real orchestrator (deciding
 * with a real policy), real edge servers and real experts. Each test takes the next slots in turn ({@link #nextSlot()}:
 * the agents take only the slot after the open one), so that they can share one platform.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentConversationsTest {
    private static final String REQUEST = FIPANames.InteractionProtocol.FIPA_REQUEST;
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final Scenario scenario = ScenarioLoader.load("tiny");
    private final SlotSource world = new SlotSource(scenario, 5);
    private final BlockingQueue<ACLMessage> inbox = new LinkedBlockingQueue<>();
    private final List<ACLMessage> seen = new ArrayList<>();
    private JadePlatform platform;
    private AgentController probe;
    private AgentController[] ues;
    private int nextSlot;

    @BeforeAll
    void bootPlatform(@TempDir Path dir) throws Exception {
        platform = JadePlatform.start(dir.resolve("jade"), 0, false);
        platform.startAgent(
                "orchestrator",
                OrchestratorAgent.class,
                new OrchestratorConfig(
                        new NearestFitPolicy(),
                        Prompt.MIN_LATENCY,
                        scenario.channel().params(),
                        3_000,
                        3_000));
        for (int j = 1; j <= scenario.servers().size(); j++)
            platform.startAgent("server-" + j, EdgeServerAgent.class, world, j);
        platform.startAgent(
                "expert-nearest-fit",
                ExpertAgent.class,
                new Labeller("expert-nearest-fit", new NearestFitPolicy(), 0.5));
        platform.startAgent("expert-local", ExpertAgent.class, new Labeller("expert-local", new LocalPolicy(), 5.0));
        probe = platform.startAgent(ServiceTypes.CLOCK_NAME, ProbeAgent.class, inbox);
        // the servers report to the orchestrator they find in the DF; it registers once its AMS watch is live
        org.lambo.agents.testing.Probes.awaitRegistered(probe, ServiceTypes.ORCHESTRATOR, WAIT);
        ues = org.lambo.agents.testing.Probes.ueStandIns(platform, world.slot(0).n(), inbox, WAIT);
    }

    /** The next slot to start: the agents take a slot-start only for the slot after the open one. */
    private synchronized int nextSlot() {
        return nextSlot++;
    }

    /** Sends a message from UE i's stand-in. */
    private void sendAs(int ue, ACLMessage m) throws Exception {
        ues[ue].putO2AObject(m, AgentController.ASYNC);
    }

    @AfterAll
    void killPlatform() {
        if (platform != null) platform.close();
    }

    private static AID aid(String name) {
        return new AID(name, AID.ISLOCALNAME);
    }

    private void send(ACLMessage m) throws Exception {
        probe.putO2AObject(m, AgentController.ASYNC);
    }

    private void send(int performative, String protocol, String conversation, LamboMessage content, String... to)
            throws Exception {
        AID[] receivers =
                java.util.Arrays.stream(to).map(AgentConversationsTest::aid).toArray(AID[]::new);
        send(LamboAcl.build(performative, protocol, conversation, 10_000, content, receivers));
    }

    /** Waits until {@code count} messages matching {@code which} have come, and returns them. */
    private List<ACLMessage> awaitMessages(Predicate<ACLMessage> which, int count) {
        await().atMost(WAIT).until(() -> {
            inbox.drainTo(seen);
            return seen.stream().filter(which).count() >= count;
        });
        List<ACLMessage> out = seen.stream().filter(which).toList();
        seen.removeAll(out);
        return out;
    }

    private static Predicate<ACLMessage> is(int performative, String conversationPrefix) {
        return m -> m.getPerformative() == performative
                && m.getConversationId() != null
                && m.getConversationId().startsWith(conversationPrefix);
    }

    /** The clock's start of {@code slot}, to the orchestrator and both servers; the world's slot. */
    private Instance startSlot(int slot) throws Exception {
        Instance inst = world.slot(slot);
        send(
                ACLMessage.INFORM,
                ServiceTypes.SLOT_PROTOCOL,
                "slot-" + slot,
                new SlotStart(slot, inst.n(), inst.m()),
                "orchestrator",
                "server-1",
                "server-2");
        return inst;
    }

    private List<OffloadingRequest> startSlotAndAsk(int slot) throws Exception {
        Instance inst = startSlot(slot);
        List<OffloadingRequest> requests = new ArrayList<>();
        for (int i = 0; i < inst.n(); i++) {
            OffloadingRequest r =
                    new OffloadingRequest(slot, Vocabulary.ueState(inst, i, "ue-" + i), Vocabulary.task(inst, i, slot));
            requests.add(r);
            sendAs(
                    i,
                    LamboAcl.build(
                            ACLMessage.REQUEST,
                            REQUEST,
                            "offload-" + r.task().taskId(),
                            10_000,
                            r,
                            aid("orchestrator")));
        }
        return requests;
    }

    @Test
    void theOrchestratorAnswersEverySlotRequestWithThePolicysPlanAndNoAgreeBeforeIt() throws Exception {
        int slot = nextSlot();
        List<OffloadingRequest> requests = startSlotAndAsk(slot);
        Instance inst = world.slot(slot);
        List<OffloadingDecision> answers =
                awaitMessages(is(ACLMessage.INFORM, "offload-t" + slot + "-"), inst.n()).stream()
                        .map(m -> LamboAcl.read(m, OffloadingDecision.class))
                        .sorted(java.util.Comparator.comparing(OffloadingDecision::ue))
                        .toList();
        // FIPA-Request lets the responder answer at once: the decision is the only answer (no AGREE before it)
        inbox.drainTo(seen);
        assertThat(seen).noneMatch(is(ACLMessage.AGREE, "offload-t" + slot + "-"));
        List<ServerState> servers = List.of(
                Vocabulary.serverState(inst, 1, "server-1", slot), Vocabulary.serverState(inst, 2, "server-2", slot));
        SlotPlan expected = new SlotDecider(
                        new NearestFitPolicy(),
                        Prompt.MIN_LATENCY,
                        scenario.channel().params())
                .decide(slot, servers, requests);
        assertThat(answers).containsExactlyElementsOf(expected.answers());
        assertThat(answers).anyMatch(a -> !a.isLocal());

        // an offloaded task runs on its server under its share, exactly as predicted
        OffloadingDecision off =
                answers.stream().filter(a -> !a.isLocal()).findFirst().orElseThrow();
        int i = Integer.parseInt(off.ue().substring(3));
        sendAs(
                i,
                LamboAcl.build(
                        ACLMessage.REQUEST,
                        REQUEST,
                        "submit-" + off.taskId(),
                        10_000,
                        new TaskSubmission(
                                slot, requests.get(i).ue(), requests.get(i).task(), off.option(), off.share()),
                        aid(off.server())));
        TaskResult result = LamboAcl.read(
                awaitMessages(is(ACLMessage.INFORM, "submit-" + off.taskId()), 1)
                        .get(0),
                TaskResult.class);
        assertThat(result.latencyS())
                .isEqualTo(off.predictedLatencyS())
                .isEqualTo(CostModel.offloadLatency(inst, i, off.option(), off.share()));

        // the server refuses a task it holds no share for
        OffloadingDecision local =
                answers.stream().filter(OffloadingDecision::isLocal).findFirst().orElse(null);
        if (local != null) {
            int k = Integer.parseInt(local.ue().substring(3));
            sendAs(
                    k,
                    LamboAcl.build(
                            ACLMessage.REQUEST,
                            REQUEST,
                            "submit-" + local.taskId(),
                            10_000,
                            new TaskSubmission(
                                    slot, requests.get(k).ue(), requests.get(k).task(), 1, 0.5),
                            aid("server-1")));
            ACLMessage refuse = awaitMessages(is(ACLMessage.REFUSE, "submit-" + local.taskId()), 1)
                    .get(0);
            assertThat(LamboAcl.reason(refuse)).contains("no share for task " + local.taskId());
        }
    }

    @Test
    void malformedAndUnknownMessagesAreNotUnderstoodAndTheAgentsKeepWorking() throws Exception {
        ACLMessage notJson = new ACLMessage(ACLMessage.REQUEST);
        notJson.addReceiver(aid("orchestrator"));
        notJson.setProtocol(REQUEST);
        notJson.setLanguage(LamboAcl.LANGUAGE);
        notJson.setOntology(LamboAcl.ONTOLOGY);
        notJson.setConversationId("bad-1");
        notJson.setContent("where should I run?");
        sendAs(0, notJson); // from a UE: a stranger's request is refused on its sender before its content is read

        String missingTask = LamboAcl.build(
                        ACLMessage.REQUEST,
                        REQUEST,
                        new OffloadingRequest(
                                1, Vocabulary.ueState(world.slot(1), 0, "ue-0"), Vocabulary.task(world.slot(1), 0, 1)),
                        aid("orchestrator"))
                .getContent()
                .replaceFirst(",\"task\":\\{[^}]*}", "");
        ACLMessage bad = new ACLMessage(ACLMessage.REQUEST);
        bad.addReceiver(aid("orchestrator"));
        bad.setProtocol(REQUEST);
        bad.setLanguage(LamboAcl.LANGUAGE);
        bad.setOntology(LamboAcl.ONTOLOGY);
        bad.setConversationId("bad-2");
        bad.setContent(missingTask);
        sendAs(0, bad);

        ACLMessage sl = new ACLMessage(ACLMessage.QUERY_IF);
        sl.addReceiver(aid("server-1"));
        sl.setLanguage("fipa-sl");
        sl.setConversationId("bad-3");
        sl.setContent("((is-up server-1))");
        send(sl);

        ACLMessage badCfp = new ACLMessage(ACLMessage.CFP);
        badCfp.addReceiver(aid("expert-local"));
        badCfp.setProtocol(FIPANames.InteractionProtocol.FIPA_CONTRACT_NET);
        badCfp.setLanguage(LamboAcl.LANGUAGE);
        badCfp.setOntology(LamboAcl.ONTOLOGY);
        badCfp.setConversationId("bad-4");
        badCfp.setContent("{\"schema\":1,\"type\":\"label-request\",\"body\":{\"requestId\":\"r\"}}");
        send(badCfp);

        ACLMessage badShare = LamboAcl.build(
                ACLMessage.REQUEST,
                REQUEST,
                "bad-5",
                5_000,
                new TaskSubmission(
                        1,
                        Vocabulary.ueState(world.slot(1), 0, "ue-0"),
                        new TaskDescription("t1-ue0", 1, 1, 1),
                        1,
                        0.5),
                aid("server-1"));
        badShare.setContent(badShare.getContent().replace("\"share\":0.5", "\"share\":7.5"));
        sendAs(0, badShare);

        assertThat(LamboAcl.reason(
                        awaitMessages(is(ACLMessage.NOT_UNDERSTOOD, "bad-1"), 1).get(0)))
                .contains("is not valid JSON");
        assertThat(LamboAcl.reason(
                        awaitMessages(is(ACLMessage.NOT_UNDERSTOOD, "bad-2"), 1).get(0)))
                .contains("task");
        assertThat(LamboAcl.reason(
                        awaitMessages(is(ACLMessage.NOT_UNDERSTOOD, "bad-3"), 1).get(0)))
                .contains("fipa-sl");
        assertThat(awaitMessages(is(ACLMessage.NOT_UNDERSTOOD, "bad-4"), 1)).hasSize(1);
        assertThat(LamboAcl.reason(
                        awaitMessages(is(ACLMessage.NOT_UNDERSTOOD, "bad-5"), 1).get(0)))
                .contains("share must be in [0, 1], got 7.5");

        // and they keep working: the next slot is decided as usual
        int slot = nextSlot();
        startSlotAndAsk(slot);
        assertThat(awaitMessages(
                        is(ACLMessage.INFORM, "offload-t" + slot + "-"),
                        world.slot(slot).n()))
                .hasSize(world.slot(slot).n());
    }

    private LabelRequest labelRequest(int slot, String id) {
        Instance inst = world.slot(slot);
        List<ServerState> servers = List.of(
                Vocabulary.serverState(inst, 1, "server-1", slot), Vocabulary.serverState(inst, 2, "server-2", slot));
        List<OffloadingRequest> requests = new ArrayList<>();
        for (int i = 0; i < inst.n(); i++)
            requests.add(new OffloadingRequest(
                    slot, Vocabulary.ueState(inst, i, "ue-" + i), Vocabulary.task(inst, i, slot)));
        return new LabelRequest(
                id,
                slot,
                org.lambo.io.PromptId.MIN_LATENCY,
                Vocabulary.channel(scenario.channel().params()),
                servers,
                requests);
    }

    @Test
    void aCallForProposalsAcceptsTheExpertThatAnswersSoonestAndGetsItsLabel() throws Exception {
        LabelRequest r = labelRequest(2, "cn-1");
        AtomicReference<CallForLabels.Outcome> outcome = new AtomicReference<>();
        probe.putO2AObject(
                (java.util.function.Function<jade.core.Agent, jade.core.behaviours.Behaviour>) a -> new CallForLabels(
                        a, r, List.of(aid("expert-local"), aid("expert-nearest-fit")), 5_000, 10_000, outcome::set),
                AgentController.ASYNC);
        await().atMost(WAIT).until(() -> outcome.get() != null);
        CallForLabels.Outcome o = outcome.get();
        assertThat(o.failure()).isNull();
        assertThat(o.accepted().expert()).isEqualTo("expert-nearest-fit");
        Label label = o.label();
        Instance rebuilt = Vocabulary.instance(
                "x", r.servers(), r.requests(), scenario.channel().params());
        int[] expected =
                new NearestFitPolicy().decide(rebuilt, Prompt.MIN_LATENCY).options();
        assertThat(label.options())
                .containsExactlyElementsOf(
                        java.util.Arrays.stream(expected).boxed().toList());
    }

    @Test
    void aLabelRequestIsAnsweredDirectly() throws Exception {
        send(ACLMessage.REQUEST, REQUEST, "direct-1", labelRequest(3, "direct-1"), "expert-local");
        Label label = LamboAcl.read(
                awaitMessages(is(ACLMessage.INFORM, "direct-1"), 1).get(0), Label.class);
        assertThat(label.policy()).isEqualTo("local");
        assertThat(label.options()).containsOnly(0);
    }

    @Test
    void anOutsideJadeAgentAsksInFipaSlAndIsAnsweredInFipaSl() throws Exception {
        // what any JADE agent holding the ontology does: JADE's SL codec, no LamboAcl, no JSON
        ContentManager outside = new ContentManager();
        outside.registerLanguage(new SLCodec());
        outside.registerOntology(LamboOntology.getInstance());
        int slot = nextSlot();
        Instance inst = startSlot(slot);
        List<OffloadingRequest> requests = new ArrayList<>();
        for (int i = 0; i < inst.n(); i++) {
            OffloadingRequest r =
                    new OffloadingRequest(slot, Vocabulary.ueState(inst, i, "ue-" + i), Vocabulary.task(inst, i, slot));
            requests.add(r);
            ACLMessage m = new ACLMessage(ACLMessage.REQUEST);
            m.addReceiver(aid("orchestrator"));
            m.setProtocol(REQUEST);
            m.setConversationId("sl-" + r.task().taskId());
            m.setLanguage(FIPANames.ContentLanguage.FIPA_SL);
            m.setOntology(LamboOntology.NAME);
            outside.fillContent(m, new Action(aid("orchestrator"), new LamboAction(r)));
            assertThat(m.getContent()).startsWith("((action (agent-identifier :name orchestrator@");
            sendAs(i, m); // the outside agent is UE i: only UE i's agent may ask for UE i
        }
        List<ACLMessage> informs = awaitMessages(is(ACLMessage.INFORM, "sl-t" + slot + "-"), inst.n());
        inbox.drainTo(seen);
        assertThat(seen).noneMatch(is(ACLMessage.AGREE, "sl-t" + slot + "-"));
        assertThat(informs).allSatisfy(m -> assertThat(m.getLanguage()).isEqualTo(FIPANames.ContentLanguage.FIPA_SL));
        List<OffloadingDecision> answers = new ArrayList<>();
        for (ACLMessage m : informs)
            answers.add((OffloadingDecision) LamboContent.messageOf(outside.extractContent(m)));
        answers.sort(java.util.Comparator.comparing(OffloadingDecision::ue));
        List<ServerState> servers = List.of(
                Vocabulary.serverState(inst, 1, "server-1", slot), Vocabulary.serverState(inst, 2, "server-2", slot));
        SlotPlan expected = new SlotDecider(
                        new NearestFitPolicy(),
                        Prompt.MIN_LATENCY,
                        scenario.channel().params())
                .decide(slot, servers, requests);
        assertThat(answers).containsExactlyElementsOf(expected.answers());
    }
}
