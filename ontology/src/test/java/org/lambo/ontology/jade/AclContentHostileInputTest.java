package org.lambo.ontology.jade;

import static org.assertj.core.api.Assertions.assertThat;

import jade.core.AID;
import jade.lang.acl.ACLMessage;
import org.junit.jupiter.api.Test;
import org.lambo.ontology.MalformedMessageException;
import org.lambo.ontology.SlotStart;

/** Hostile ACL content, read as an agent reads it (LamboAcl.read): refused naming the field, never coerced. */
class AclContentHostileInputTest {
    private static final AID CLOCK = new AID("clock@lambo-test", AID.ISGUID);

    private static ACLMessage withContent(String language, String content) {
        ACLMessage msg = LamboAcl.build(ACLMessage.INFORM, "lambo-slot", new SlotStart(1, 10, 3), CLOCK);
        msg.setLanguage(language);
        msg.setContent(content);
        return msg;
    }

    private static MalformedMessageException refused(String language, String content) {
        try {
            SlotStart s = LamboAcl.read(withContent(language, content), SlotStart.class);
            throw new AssertionError("accepted " + s + " from " + content);
        } catch (MalformedMessageException e) {
            assertThat(e.getMessage()).doesNotContain("\n");
            return e;
        }
    }

    private static String json(String body) {
        return "{\"schema\":1,\"type\":\"slot-start\",\"body\":" + body + "}";
    }

    @Test
    void theWellFormedContentReads() {
        assertThat(LamboAcl.read(
                        withContent(LamboAcl.LANGUAGE, json("{\"slot\":1,\"ues\":10,\"servers\":3}")), SlotStart.class))
                .isEqualTo(new SlotStart(1, 10, 3));
    }

    @Test
    void jsonContentIsReadStrictly() {
        assertThat(refused(LamboAcl.LANGUAGE, json("{\"slot\":\"1\",\"ues\":10,\"servers\":3}")))
                .hasMessage("field 'body.slot' must be an integer, got '1'");
        assertThat(refused(LamboAcl.LANGUAGE, json("{\"slot\":1,\"slot\":2,\"ues\":10,\"servers\":3}"))
                        .field())
                .isEqualTo("body.slot");
        assertThat(refused(LamboAcl.LANGUAGE, json("{\"slot\":1,\"ues\":10,\"servers\":3}") + "garbage"))
                .hasMessageStartingWith("has content after its JSON value");
        assertThat(refused(LamboAcl.LANGUAGE, json("{\"slot\":1,\"ues\":NaN,\"servers\":3}")))
                .hasMessageStartingWith("field 'body.ues' must be a finite number, got NaN");
    }

    @Test
    void sizesBeyondTheLimitsAreRefusedInEitherLanguage() {
        assertThat(refused(LamboAcl.LANGUAGE, json("{\"slot\":1,\"ues\":1000000,\"servers\":3}")))
                .hasMessageContaining("ues must be <= 10000 (the limit), got 1000000");
        assertThat(refused(LamboAcl.SL, "((slot-start 1 1000000 3))"))
                .hasMessageContaining("ues must be <= 10000 (the limit), got 1000000");
    }
}
