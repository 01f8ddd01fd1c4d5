package org.lambo.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jade.core.Agent;
import jade.core.behaviours.CyclicBehaviour;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.agents.platform.JadePlatform;

/** {@link RegisterWithDirectory} against a real DF, and against an agent in the DF's place that never answers. */
class RegisterWithDirectoryTest {
    private static final RegistrationRetry QUICK = new RegistrationRetry(3, 50, 100, 300);

    @TempDir
    Path dir;

    /** Registers as {@code lambo-test} with {@link #QUICK} and completes its future with the outcome. */
    public static class Registrant extends Agent {
        @Override
        @SuppressWarnings("unchecked")
        protected void setup() {
            CompletableFuture<String> outcome = (CompletableFuture<String>) getArguments()[0];
            addBehaviour(new RegisterWithDirectory(
                    this,
                    "lambo-test",
                    getLocalName(),
                    QUICK,
                    () -> outcome.complete("registered"),
                    outcome::complete));
        }
    }

    /** Takes every message and answers none: a DF that hangs. */
    public static class SilentDf extends Agent {
        @Override
        protected void setup() {
            addBehaviour(new CyclicBehaviour(this) {
                @Override
                public void action() {
                    if (myAgent.receive() == null) block();
                }
            });
        }
    }

    /**
     * A DF too busy to answer the first request in time, which it takes all the same: every later request is answered
     * as the real DF answers a second registration of a name, FAILURE already-registered.
     */
    public static class LateDf extends Agent {
        @Override
        protected void setup() {
            addBehaviour(new CyclicBehaviour(this) {
                private int requests;

                @Override
                public void action() {
                    jade.lang.acl.ACLMessage m = myAgent.receive();
                    if (m == null) {
                        block();
                        return;
                    }
                    if (++requests == 1) return; // taken, never answered in time
                    jade.lang.acl.ACLMessage failure = m.createReply();
                    failure.setPerformative(jade.lang.acl.ACLMessage.FAILURE);
                    failure.setContent("((action (agent-identifier :name df@lambo) (register (df-agent-description"
                            + " :name (agent-identifier :name registrant@lambo)))) already-registered)");
                    myAgent.send(failure);
                }
            });
        }
    }

    @Test
    void alreadyRegisteredAfterAnAttemptTheDfLeftUnansweredCountsAsRegistered() throws Exception {
        try (JadePlatform platform = JadePlatform.start(dir.resolve("jade"), 0, false)) {
            assertThat(platform.killAgent("df")).isTrue();
            await().atMost(Duration.ofSeconds(60)).until(() -> !platform.hasAgent("df"));
            platform.startAgent("df", LateDf.class);
            CompletableFuture<String> outcome = new CompletableFuture<>();
            platform.startAgent("registrant", Registrant.class, outcome);
            assertThat(outcome.get(2, TimeUnit.MINUTES))
                    .as("the first, unanswered attempt was taken: the DF's already-registered says so")
                    .isEqualTo("registered");
        }
    }

    @Test
    void anAgentRegistersWithTheDfAndIsFoundThere() throws Exception {
        try (JadePlatform platform = JadePlatform.start(dir.resolve("jade"), 0, false)) {
            CompletableFuture<String> outcome = new CompletableFuture<>();
            platform.startAgent("registrant", Registrant.class, outcome);
            assertThat(outcome.get(2, TimeUnit.MINUTES)).isEqualTo("registered");
        }
    }

    @Test
    void aDfThatNeverAnswersIsAskedAgainAfterEachAnswerWindowThenGivenUpOnWithTheReason() throws Exception {
        try (JadePlatform platform = JadePlatform.start(dir.resolve("jade"), 0, false)) {
            assertThat(platform.killAgent("df")).isTrue();
            await().atMost(Duration.ofSeconds(60)).until(() -> !platform.hasAgent("df"));
            platform.startAgent("df", SilentDf.class);
            CompletableFuture<String> outcome = new CompletableFuture<>();
            platform.startAgent("registrant", Registrant.class, outcome);
            assertThat(outcome.get(2, TimeUnit.MINUTES))
                    .isEqualTo("registrant could not register with the DF: no answer from the DF within 300 ms"
                            + " (3 attempts)");
        }
    }
}
