package org.lambo.agents;

import jade.core.AID;
import jade.core.Agent;
import jade.domain.DFService;
import jade.domain.FIPAAgentManagement.DFAgentDescription;
import jade.domain.FIPAAgentManagement.SearchConstraints;
import jade.domain.FIPAAgentManagement.ServiceDescription;
import jade.domain.FIPAException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.lambo.ontology.jade.LamboAcl;
import org.slf4j.LoggerFactory;

/** Registration with and search of the JADE Directory Facilitator, for every agent the same way. */
public final class Directory {
    private Directory() {}

    /**
     * Registers the agent under one service type and name, speaking the LAMBO ontology in both its languages, in one
     * attempt; agents register through {@link RegisterWithDirectory}, which tries again when the request did not reach
     * the DF.
     *
     * @throws IllegalStateException naming the agent, the type and JADE's reason when the DF did not register it
     */
    public static void register(Agent agent, String type, String serviceName) {
        try {
            registerOnce(agent, type, serviceName, RegistrationRetry.DEFAULT.answerMs());
        } catch (FIPAException e) {
            throw new IllegalStateException(
                    agent.getLocalName() + " cannot register with the DF as " + type + ": " + e.getMessage(), e);
        }
    }

    /**
     * No answer from the DF in time. JADE's {@link FIPAException#getACLMessage()} is never null (it makes a message of
     * the text), so a missing answer is told by this type.
     */
    static final class NoAnswer extends FIPAException {
        NoAnswer(String message) {
            super(message);
        }
    }

    /**
     * One registration request to the DF, waiting at most {@code answerMs} for the answer: JADE's exception as it is
     * (its ACL message says who answered); no answer in time is a {@link NoAnswer}, saying so.
     */
    static void registerOnce(Agent agent, String type, String serviceName, long answerMs) throws FIPAException {
        jade.lang.acl.ACLMessage request = DFService.createRequestMessage(
                agent,
                agent.getDefaultDF(),
                jade.domain.FIPAAgentManagement.FIPAManagementVocabulary.REGISTER,
                description(agent, type, serviceName),
                null);
        if (jade.domain.FIPAService.doFipaRequestClient(agent, request, answerMs) == null)
            throw new NoAnswer("no answer from the DF within " + answerMs + " ms");
    }

    /** What an agent registers: its AID, one service of the type and name, the LAMBO ontology in both languages. */
    static DFAgentDescription description(Agent agent, String type, String serviceName) {
        DFAgentDescription dfd = new DFAgentDescription();
        dfd.setName(agent.getAID());
        ServiceDescription sd = new ServiceDescription();
        sd.setType(type);
        sd.setName(serviceName);
        sd.addOntologies(LamboAcl.ONTOLOGY);
        sd.addLanguages(LamboAcl.LANGUAGE);
        sd.addLanguages(LamboAcl.SL);
        dfd.addServices(sd);
        return dfd;
    }

    /** Deregisters the agent; a DF that is already gone (platform shutting down) is not an error. */
    public static void deregister(Agent agent) {
        try {
            DFService.deregister(agent);
        } catch (FIPAException | RuntimeException e) {
            // the platform is going down or the agent was never registered: nothing left to undo
        }
    }

    /** Every agent registered under the type (no limit on the number of results). */
    public static List<AID> search(Agent agent, String type) {
        DFAgentDescription template = new DFAgentDescription();
        ServiceDescription sd = new ServiceDescription();
        sd.setType(type);
        template.addServices(sd);
        SearchConstraints all = new SearchConstraints();
        all.setMaxResults(-1L);
        try {
            DFAgentDescription[] found = DFService.search(agent, template, all);
            List<AID> out = new ArrayList<>(found.length);
            for (DFAgentDescription d : found) out.add(d.getName());
            return out;
        } catch (FIPAException e) {
            throw new IllegalStateException(
                    agent.getLocalName() + " cannot search the DF for " + type + ": " + e.getMessage(), e);
        }
    }

    /** Every agent registered under the type, by the service name it registered (e.g. {@code ue-3}). */
    public static Map<String, AID> searchByServiceName(Agent agent, String type) {
        return searchByServiceName(agent, type, null);
    }

    /**
     * As {@link #searchByServiceName(Agent, String)}, only the agents registered under service name {@code serviceName}
     * (null: any): a small answer where the one for all agents of a type would not fit an agent's content limit.
     */
    public static Map<String, AID> searchByServiceName(Agent agent, String type, String serviceName) {
        DFAgentDescription template = new DFAgentDescription();
        ServiceDescription sd = new ServiceDescription();
        sd.setType(type);
        if (serviceName != null) sd.setName(serviceName);
        template.addServices(sd);
        SearchConstraints all = new SearchConstraints();
        all.setMaxResults(-1L);
        try {
            Map<String, AID> out = new TreeMap<>();
            for (DFAgentDescription d : DFService.search(agent, template, all)) {
                var services = d.getAllServices();
                while (services.hasNext()) {
                    ServiceDescription s = (ServiceDescription) services.next();
                    // anyone may register under any name: of two, the agent that also bears the name is the one
                    if (type.equals(s.getType()))
                        out.merge(
                                s.getName(), d.getName(), (a, b) -> s.getName().equals(a.getLocalName()) ? a : b);
                }
            }
            return out;
        } catch (FIPAException e) {
            throw new IllegalStateException(
                    agent.getLocalName() + " cannot search the DF for " + type + ": " + e.getMessage(), e);
        }
    }

    /**
     * The one agent registered under the type, or null when none is (yet). Anyone may register under any type: when
     * several are, the one with the role's well-known name ({@link ServiceTypes#wellKnownName}) is taken, and none when
     * none of them has it.
     */
    public static AID searchOne(Agent agent, String type) {
        return pick(search(agent, type), ServiceTypes.wellKnownName(type));
    }

    /** Of the agents registered under a role, the one: the only one, or the one named {@code wellKnown}; else null. */
    static AID pick(List<AID> registered, String wellKnown) {
        if (registered.size() == 1) return registered.get(0);
        for (AID a : registered) if (a.getLocalName().equals(wellKnown)) return a;
        if (registered.size() > 1) {
            LoggerFactory.getLogger(Directory.class)
                    .warn("several agents registered for one role and none is named '" + wellKnown + "': "
                            + registered.stream().map(AID::getLocalName).toList() + "; none is taken");
        }
        return null;
    }
}
