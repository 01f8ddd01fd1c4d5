package org.lambo.cli;

import jade.core.AID;
import jade.core.behaviours.TickerBehaviour;
import jade.domain.FIPANames;
import jade.lang.acl.ACLMessage;
import java.util.ArrayList;
import java.util.List;
import org.lambo.agents.ServiceTypes;
import org.lambo.agents.SlotSource;
import org.lambo.agents.Vocabulary;
import org.lambo.mec.Instance;
import org.lambo.ontology.ChannelInfo;
import org.lambo.ontology.Label;
import org.lambo.ontology.LabelRequest;
import org.lambo.ontology.LamboMessage;
import org.lambo.ontology.OffloadingDecision;
import org.lambo.ontology.OffloadingRequest;
import org.lambo.ontology.Proposal;
import org.lambo.ontology.ServerAllocation;
import org.lambo.ontology.ServerState;
import org.lambo.ontology.ShareGrant;
import org.lambo.ontology.SlotStart;
import org.lambo.ontology.TaskReport;
import org.lambo.ontology.TaskResult;
import org.lambo.ontology.TaskSubmission;
import org.lambo.ontology.jade.LamboAcl;

/**
 * A hostile agent for {@link ChaosIT}: every {@value #PERIOD_MS} ms, for at most {@code rounds} rounds, it sends every
 * message type of the ontology to every agent type of a trial (orchestrator, clock, each edge server, each UE) with
 * hostile values: slot-starts for the next slot, slot 500 and slot 2,000,000,000, requests, states and reports for
 * past, open and future slots impersonating the UEs and servers, forged allocations and submissions, unsolicited
 * decisions, results, proposals and labels with made-up in-reply-tos, NaN and out-of-range numbers, answers to nothing;
 * in its first round sixty 1 MB messages with a made-up in-reply-to to the orchestrator, and a 1 MB request to
 * everyone. It counts the answers by performative and sender ({@link AnswerTally}) and prints them as it goes.
 *
 * <p>Arguments (strings): scenario, seed, rounds.
 */
public class ChaosAgent extends jade.core.Agent {
    static final long PERIOD_MS = 200;
    static final int BIG = 60;

    private final AnswerTally answers = new AnswerTally(this);
    private int sent;
    private SlotSource world;
    private int n;
    private int m;

    @Override
    protected void setup() {
        Object[] args = getArguments();
        var scenario = org.lambo.scenario.ScenarioLoader.load((String) args[0]);
        world = new SlotSource(scenario, Long.parseLong((String) args[1]));
        int rounds = Integer.parseInt((String) args[2]);
        n = SlotSource.maxUesEver(scenario);
        m = scenario.servers().size();
        addBehaviour(new TickerBehaviour(this, PERIOD_MS) {
            @Override
            protected void onTick() {
                int r = getTickCount() - 1;
                if (r >= rounds) {
                    stop();
                    System.out.println("chaos: done after " + rounds + " rounds; answers " + answers);
                    return;
                }
                try {
                    for (ACLMessage msg : round(r)) send(msg);
                    sent = r + 1;
                } catch (RuntimeException e) {
                    System.out.println("chaos: round " + r + " could not be sent: " + e);
                    e.printStackTrace(System.out);
                }
                if (r % 10 == 0) System.out.println("chaos: round " + r + " sent; answers so far " + answers);
            }
        });
        addBehaviour(answers);
    }

    /** When the platform ends (the trial is over): how many rounds went out and every answer they got. */
    @Override
    protected void takeDown() {
        System.out.println("chaos: ended after " + sent + " rounds; answers " + answers);
    }

    private static AID aid(String name) {
        return new AID(name, AID.ISLOCALNAME);
    }

    private AID[] everyone() {
        List<AID> all = new ArrayList<>();
        all.add(aid(ServiceTypes.ORCHESTRATOR_NAME));
        all.add(aid(ServiceTypes.CLOCK_NAME));
        for (int j = 1; j <= m; j++) all.add(aid(ServiceTypes.serverName(j)));
        for (int i = 0; i < n; i++) all.add(aid(ServiceTypes.ueName(i)));
        return all.toArray(new AID[0]);
    }

    private static ACLMessage raw(int performative, String protocol, String content, AID... to) {
        ACLMessage msg = new ACLMessage(performative);
        for (AID a : to) msg.addReceiver(a);
        msg.setProtocol(protocol);
        msg.setLanguage(LamboAcl.LANGUAGE);
        msg.setOntology(LamboAcl.ONTOLOGY);
        msg.setContent(content);
        return msg;
    }

    private static ACLMessage made(
            int performative, String protocol, LamboMessage content, String inReplyTo, AID... to) {
        ACLMessage msg = LamboAcl.build(performative, protocol, content, to);
        if (inReplyTo != null) {
            msg.setInReplyTo(inReplyTo);
            msg.setConversationId(inReplyTo);
        }
        return msg;
    }

    /** Round r's messages; its slots lie around r / 5 (the chaos does not know the open slot), and far beyond. */
    List<ACLMessage> round(int r) {
        String request = FIPANames.InteractionProtocol.FIPA_REQUEST;
        int g = r / 5;
        int i = r % n;
        int j = 1 + r % m;
        Instance inst = world.slot(Math.max(0, g));
        AID[] all = everyone();
        AID orchestrator = aid(ServiceTypes.ORCHESTRATOR_NAME);
        AID clock = aid(ServiceTypes.CLOCK_NAME);
        AID ue = aid(ServiceTypes.ueName(i));
        AID server = aid(ServiceTypes.serverName(j));
        List<ACLMessage> out = new ArrayList<>();
        for (int slot : new int[] {g, g + 1, 500, 2_000_000_000}) {
            out.add(LamboAcl.build(ACLMessage.INFORM, ServiceTypes.SLOT_PROTOCOL, new SlotStart(slot, 10, m), all));
        }
        out.add(LamboAcl.build(
                LamboAcl.Language.SL, ACLMessage.INFORM, ServiceTypes.SLOT_PROTOCOL, new SlotStart(g + 1, n, m), all));
        out.add(raw(
                ACLMessage.INFORM,
                ServiceTypes.SLOT_PROTOCOL,
                "{\"schema\":1,\"type\":\"slot-start\",\"body\":{\"slot\":\"NaN\",\"ues\":1e400,\"servers\":-1}}",
                all));
        out.add(raw(
                ACLMessage.INFORM,
                ServiceTypes.SLOT_PROTOCOL,
                "{\"schema\":1,\"type\":\"slot-start\",\"body\":{\"slot\":99999999999,\"ues\":NaN,\"servers\":1}}",
                all));
        for (int slot : new int[] {Math.max(0, g - 1), g, g + 1, g + 9, 2_000_000_000}) {
            OffloadingRequest req = new OffloadingRequest(
                    slot, Vocabulary.ueState(inst, i, ServiceTypes.ueName(i)), Vocabulary.task(inst, i, slot));
            out.add(LamboAcl.build(
                    ACLMessage.REQUEST, request, "offload-" + req.task().taskId(), 5_000, req, orchestrator));
            ServerState s = Vocabulary.serverState(inst, j, ServiceTypes.serverName(j), slot);
            out.add(LamboAcl.build(
                    ACLMessage.INFORM,
                    ServiceTypes.STATE_PROTOCOL,
                    new ServerState(s.server(), j, slot, s.x(), s.y(), 1e300, r % 2 == 0, 1.0, 999),
                    orchestrator));
            out.add(LamboAcl.build(
                    ACLMessage.INFORM,
                    ServiceTypes.REPORT_PROTOCOL,
                    TaskReport.builder(slot, ServiceTypes.ueName(i), i, Vocabulary.taskId(slot, i))
                            .decision(1, 1.0, 1e-300, 1e-300)
                            .completed(1e300, 1e300)
                            .build(),
                    clock));
            out.add(LamboAcl.build(
                    ACLMessage.INFORM,
                    ServiceTypes.REPORT_PROTOCOL,
                    TaskReport.failed(
                            slot, ServiceTypes.ueName(i), i, Vocabulary.taskId(slot, i), null, "forged by chaos"),
                    clock));
            out.add(LamboAcl.build(
                    ACLMessage.REQUEST,
                    request,
                    "allocate-" + slot + "-" + j,
                    5_000,
                    new ServerAllocation(
                            slot,
                            ServiceTypes.serverName(j),
                            j,
                            List.of(new ShareGrant(ServiceTypes.ueName(i), Vocabulary.taskId(slot, i), 1.0))),
                    server));
            out.add(LamboAcl.build(
                    ACLMessage.REQUEST,
                    request,
                    "submit-" + Vocabulary.taskId(slot, i),
                    5_000,
                    new TaskSubmission(
                            slot,
                            Vocabulary.ueState(inst, i, ServiceTypes.ueName(i)),
                            Vocabulary.task(inst, i, slot),
                            j,
                            1.0),
                    server));
        }
        String taskId = Vocabulary.taskId(g, i);
        out.add(made(
                ACLMessage.INFORM,
                request,
                new OffloadingDecision(
                        g, ServiceTypes.ueName(i), taskId, j, ServiceTypes.serverName(j), 1.0, 1e-9, 1e-9, "forged"),
                "offload-" + taskId,
                ue));
        out.add(made(
                ACLMessage.INFORM,
                request,
                new OffloadingDecision(g, ServiceTypes.ueName(i), taskId, 0, "", 0, 1, 1, ""),
                null,
                ue));
        out.add(made(
                ACLMessage.INFORM,
                request,
                new TaskResult(g, taskId, ServiceTypes.ueName(i), j, 1.0, 1e-9, 1e-9, 2e-9),
                "submit-" + taskId,
                ue));
        ChannelInfo channel = Vocabulary.channel(world.scenario().channel().params());
        List<ServerState> states = new ArrayList<>();
        for (int k = 1; k <= m; k++) states.add(Vocabulary.serverState(inst, k, ServiceTypes.serverName(k), g));
        LabelRequest label = new LabelRequest(
                "chaos-" + r,
                g,
                org.lambo.io.PromptId.MIN_LATENCY,
                channel,
                states,
                List.of(new OffloadingRequest(
                        g, Vocabulary.ueState(inst, i, ServiceTypes.ueName(i)), Vocabulary.task(inst, i, g))));
        out.add(made(
                ACLMessage.CFP,
                FIPANames.InteractionProtocol.FIPA_CONTRACT_NET,
                label,
                null,
                orchestrator,
                ue,
                server,
                clock));
        out.add(made(ACLMessage.REQUEST, request, label, null, orchestrator, server));
        out.add(made(
                ACLMessage.PROPOSE,
                FIPANames.InteractionProtocol.FIPA_CONTRACT_NET,
                new Proposal("chaos-" + r, "chaos", "mip", 1e-300, 0),
                "label-" + g,
                orchestrator));
        out.add(made(
                ACLMessage.INFORM,
                FIPANames.InteractionProtocol.FIPA_CONTRACT_NET,
                new Label("chaos-" + r, "chaos", "mip", List.of(j), List.of(1.0), 1, null, Label.Status.OPTIMAL, 0),
                "label-" + g,
                orchestrator));
        for (int p : new int[] {ACLMessage.FAILURE, ACLMessage.REFUSE, ACLMessage.NOT_UNDERSTOOD, ACLMessage.AGREE}) {
            ACLMessage a = raw(p, request, "null", all);
            if (p == ACLMessage.AGREE) a.setInReplyTo("offload-made-up-" + r);
            out.add(a);
        }
        if (r == 0) {
            String mega = "{\"schema\":1,\"type\":\"server-state\",\"body\":{\"pad\":\"" + "x".repeat(1 << 20) + "\"}}";
            for (int k = 0; k < BIG; k++) {
                ACLMessage big = raw(ACLMessage.INFORM, request, mega, orchestrator);
                big.setInReplyTo("made-up-" + k);
                big.setConversationId("allocate-made-up-" + k);
                out.add(big);
            }
            out.add(raw(ACLMessage.REQUEST, request, mega, all));
        }
        return out;
    }
}
