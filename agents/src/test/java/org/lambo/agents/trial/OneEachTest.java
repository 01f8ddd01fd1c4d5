package org.lambo.agents.trial;

import static org.assertj.core.api.Assertions.assertThat;

import jade.core.AID;
import jade.lang.acl.ACLMessage;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class OneEachTest {
    private static AID agent(String name) {
        return new AID(name + "@lambo", AID.ISGUID);
    }

    private static List<String> receivers(ACLMessage m) {
        List<String> out = new ArrayList<>();
        for (Iterator<?> it = m.getAllReceiver(); it.hasNext(); ) out.add(((AID) it.next()).getLocalName());
        return out;
    }

    @Test
    void eachReceiverGetsACopyAddressedToItAloneTheOtherContainersFirst() {
        ACLMessage m = new ACLMessage(ACLMessage.INFORM);
        m.setContent("slot 3");
        m.setProtocol("lambo-slot");
        m.addReceiver(agent("orchestrator"));
        List<AID> to = List.of(agent("orchestrator"), agent("server-1"), agent("ue-0"), agent("ue-1"), agent("ue-2"));
        // the orchestrator and server-1 live in the clock's container, the UEs in another
        List<ACLMessage> copies = OneEach.copies(
                m,
                to,
                a -> a.getLocalName().equals("orchestrator") || a.getLocalName().equals("server-1"));
        assertThat(copies).hasSize(5);
        assertThat(copies.stream().map(OneEachTest::receivers).toList())
                .containsExactly(
                        List.of("ue-0"),
                        List.of("ue-1"),
                        List.of("ue-2"),
                        List.of("orchestrator"),
                        List.of("server-1"));
        for (ACLMessage c : copies) {
            assertThat(c.getContent()).isEqualTo(m.getContent());
            assertThat(c.getProtocol()).isEqualTo("lambo-slot");
            assertThat(c.getPerformative()).isEqualTo(ACLMessage.INFORM);
            assertThat(c).isNotSameAs(m);
        }
        assertThat(receivers(m)).as("the message given is left as it was").containsExactly("orchestrator");
    }

    @Test
    void aReceiverListedTwiceGetsOneCopyAndNoneGetsNothing() {
        ACLMessage m = new ACLMessage(ACLMessage.INFORM);
        List<AID> to = List.of(agent("ue-0"), agent("ue-0"), agent("ue-1"));
        assertThat(OneEach.copies(m, to, a -> false)).hasSize(2);
        assertThat(OneEach.copies(m, List.of(), a -> false)).isEmpty();
    }
}
