package org.lambo.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import jade.core.AID;
import jade.lang.acl.ACLMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.agents.platform.JadePlatform;

/**
 * JADE asks every sender for the security service's helper on each message; a trial's container has no such service,
 * and a {@link GuardedAgent} says so without making an exception and its stack trace again for each message.
 */
class SecurityHelperAskedOnceTest {
    /** A guarded agent that publishes itself. */
    public static final class Plain extends GuardedAgent {
        @Override
        @SuppressWarnings("unchecked")
        protected void setup() {
            ((Map<String, GuardedAgent>) getArguments()[0]).put(getLocalName(), this);
        }
    }

    @TempDir
    Path dir;

    @Test
    void theMissingSecurityServiceIsSaidMissingEveryTimeAndFoundMissingOnce() throws Exception {
        Map<String, GuardedAgent> agents = new ConcurrentHashMap<>();
        try (JadePlatform platform = JadePlatform.start(dir.resolve("jade"), 0, false)) {
            platform.startAgent("plain", Plain.class, agents);
            await().atMost(Duration.ofSeconds(30)).until(() -> agents.containsKey("plain"));
            GuardedAgent a = agents.get("plain");

            // what JADE's send does for each message: the helper is asked for, and its absence caught
            ACLMessage m = new ACLMessage(ACLMessage.INFORM);
            m.addReceiver(new AID("nobody", AID.ISLOCALNAME));
            a.send(LocalDelivery.signed(a, m));

            Throwable[] said = new Throwable[2];
            for (int k = 0; k < 2; k++) {
                int at = k;
                assertThatThrownBy(() -> a.getHelper(GuardedAgent.SECURITY))
                        .isInstanceOf(jade.core.ServiceNotActiveException.class)
                        .satisfies(e -> said[at] = e);
            }
            assertThat(said[1]).isSameAs(said[0]);
            assertThat(said[0].getStackTrace()).isEmpty();
            // the services a container does run are JADE's as before
            assertThat(a.getHelper(jade.core.mobility.AgentMobilityHelper.NAME)).isNotNull();
        }
    }
}
