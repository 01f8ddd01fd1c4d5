package org.lambo.agents.testing;

import jade.core.AID;
import jade.domain.FIPANames;
import jade.lang.acl.ACLMessage;
import java.util.ArrayList;
import java.util.List;
import org.lambo.agents.ServiceTypes;
import org.lambo.agents.Vocabulary;
import org.lambo.mec.Instance;
import org.lambo.ontology.OffloadingRequest;
import org.lambo.ontology.ServerAllocation;
import org.lambo.ontology.ShareGrant;
import org.lambo.ontology.TaskReport;
import org.lambo.ontology.TaskSubmission;
import org.lambo.ontology.jade.LamboAcl;

/**
 * What a hostile peer sends a trial's agents: every message type they take, from the wrong agent, about the wrong
 * slots, with hostile values, plus large contents, made-up replies and stray answers.
 */
public final class HostileMessages {
    /** How many 1 MB messages with a made-up in-reply-to go to the orchestrator. */
    public static final int BIG = 60;

    private HostileMessages() {}

    private static AID aid(String name) {
        return new AID(name, AID.ISLOCALNAME);
    }

    private static ACLMessage raw(int performative, String protocol, String content, AID... to) {
        ACLMessage m = new ACLMessage(performative);
        for (AID a : to) m.addReceiver(a);
        m.setProtocol(protocol);
        m.setLanguage(LamboAcl.LANGUAGE);
        m.setOntology(LamboAcl.ONTOLOGY);
        m.setContent(content);
        return m;
    }

    /**
     * The messages, while slot {@code open} is open in a trial of {@code ues} UEs and {@code servers} servers;
     * {@code inst} is the world's slot {@code open}, whose UE 0 the messages impersonate.
     */
    public static List<ACLMessage> during(int open, Instance inst, int ues, int servers) {
        List<AID> everyone = new ArrayList<>();
        everyone.add(aid(ServiceTypes.ORCHESTRATOR_NAME));
        for (int j = 1; j <= servers; j++) everyone.add(aid(ServiceTypes.serverName(j)));
        for (int i = 0; i < ues; i++) everyone.add(aid(ServiceTypes.ueName(i)));
        AID[] all = everyone.toArray(new AID[0]);
        String request = FIPANames.InteractionProtocol.FIPA_REQUEST;
        List<ACLMessage> out = new ArrayList<>();
        // slot-starts from an agent that is not the clock: far ahead, absurdly far, the next slot, a past one
        for (int slot : new int[] {500, 2_000_000_000, open + 1, Math.max(0, open - 1)}) {
            out.add(raw(
                    ACLMessage.INFORM,
                    ServiceTypes.SLOT_PROTOCOL,
                    "{\"schema\":1,\"type\":\"slot-start\",\"body\":{\"slot\":" + slot + ",\"ues\":" + ues
                            + ",\"servers\":" + servers + "}}",
                    all));
        }
        // NaN-ish and huge values
        out.add(raw(
                ACLMessage.INFORM,
                ServiceTypes.SLOT_PROTOCOL,
                "{\"schema\":1,\"type\":\"slot-start\",\"body\":{\"slot\":\"NaN\",\"ues\":1e400,\"servers\":-1}}",
                all));
        out.add(raw(
                ACLMessage.INFORM,
                ServiceTypes.SLOT_PROTOCOL,
                "{\"schema\":1,\"type\":\"slot-start\",\"body\":{\"slot\":99999999999,\"ues\":1,\"servers\":1}}",
                all));
        // UE 0's request, for the open slot, a future one and a past one: not from UE 0
        for (int slot : new int[] {open, open + 1, open + 7}) {
            OffloadingRequest r = new OffloadingRequest(
                    slot, Vocabulary.ueState(inst, 0, ServiceTypes.ueName(0)), Vocabulary.task(inst, 0, slot));
            out.add(LamboAcl.build(
                    ACLMessage.REQUEST, request, "forged-" + slot, 5_000, r, aid(ServiceTypes.ORCHESTRATOR_NAME)));
        }
        // server 1's state for a future slot and for the next one, claiming to be down
        for (int slot : new int[] {open + 1, open + 9}) {
            var s = Vocabulary.serverState(inst, 1, ServiceTypes.serverName(1), slot);
            out.add(LamboAcl.build(
                    ACLMessage.INFORM,
                    ServiceTypes.STATE_PROTOCOL,
                    new org.lambo.ontology.ServerState(
                            s.server(), s.number(), slot, s.x(), s.y(), s.cpuHz(), false, 0, 0),
                    aid(ServiceTypes.ORCHESTRATOR_NAME)));
        }
        // forged reports of UE 0 for the open slot and the next: made-up costs
        for (int slot : new int[] {open, open + 1}) {
            out.add(LamboAcl.build(
                    ACLMessage.INFORM,
                    ServiceTypes.REPORT_PROTOCOL,
                    TaskReport.builder(slot, ServiceTypes.ueName(0), 0, Vocabulary.taskId(slot, 0))
                            .decision(1, 1.0, 1e-9, 1e-9)
                            .completed(1e9, 1e9)
                            .build(),
                    aid(ServiceTypes.CLOCK_NAME)));
            out.add(LamboAcl.build(
                    ACLMessage.INFORM,
                    ServiceTypes.REPORT_PROTOCOL,
                    TaskReport.failed(slot, ServiceTypes.ueName(1), 1, Vocabulary.taskId(slot, 1), null, "forged"),
                    aid(ServiceTypes.CLOCK_NAME)));
        }
        // an allocation to server 1 from someone else, and a submission of UE 0's task with all of the CPU
        for (int slot : new int[] {open, open + 1}) {
            out.add(LamboAcl.build(
                    ACLMessage.REQUEST,
                    request,
                    "alloc-" + slot,
                    5_000,
                    new ServerAllocation(
                            slot,
                            ServiceTypes.serverName(1),
                            1,
                            List.of(new ShareGrant(ServiceTypes.ueName(0), Vocabulary.taskId(slot, 0), 1.0))),
                    aid(ServiceTypes.serverName(1))));
            out.add(LamboAcl.build(
                    ACLMessage.REQUEST,
                    request,
                    "submit-" + slot,
                    5_000,
                    new TaskSubmission(
                            slot,
                            Vocabulary.ueState(inst, 0, ServiceTypes.ueName(0)),
                            Vocabulary.task(inst, 0, slot),
                            1,
                            1.0),
                    aid(ServiceTypes.serverName(1))));
        }
        // a megabyte of content with a made-up in-reply-to, many times, to the orchestrator; and once to everyone,
        // opening a conversation
        String mega = "{\"schema\":1,\"type\":\"server-state\",\"body\":{\"pad\":\"" + "x".repeat(1 << 20) + "\"}}";
        for (int k = 0; k < BIG; k++) {
            ACLMessage m = raw(ACLMessage.INFORM, request, mega, aid(ServiceTypes.ORCHESTRATOR_NAME));
            m.setInReplyTo("made-up-" + k);
            m.setConversationId("made-up-" + k);
            out.add(m);
        }
        out.add(raw(ACLMessage.REQUEST, request, mega, all));
        out.add(raw(ACLMessage.INFORM, ServiceTypes.STATE_PROTOCOL, mega, aid(ServiceTypes.ORCHESTRATOR_NAME)));
        out.add(raw(ACLMessage.INFORM, ServiceTypes.REPORT_PROTOCOL, mega, aid(ServiceTypes.CLOCK_NAME)));
        // unknown conversations and answers to nothing
        ACLMessage unknown = new ACLMessage(ACLMessage.QUERY_REF);
        for (AID a : all) unknown.addReceiver(a);
        unknown.setContent("(all ?x (slot ?x))");
        out.add(unknown);
        for (int p : new int[] {ACLMessage.FAILURE, ACLMessage.REFUSE, ACLMessage.NOT_UNDERSTOOD}) {
            ACLMessage answer = raw(p, request, "null", all);
            out.add(answer);
        }
        return out;
    }
}
