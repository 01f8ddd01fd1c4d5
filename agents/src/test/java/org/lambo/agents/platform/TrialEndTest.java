package org.lambo.agents.platform;

import static org.assertj.core.api.Assertions.assertThat;

import jade.core.AID;
import jade.core.Agent;
import jade.lang.acl.ACLMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.scenario.ScenarioLoader;

/**
 * A peripheral container tells a trial that ended from a main container that died: the race of a trial's normal end,
 * where the main container's port closes before JADE's shutdown notice reaches the container (HostNamesIT's UE
 * container exited 3 so once), made deterministic. A real main container and a real peripheral container join over the
 * trial's TLS; the peripheral container reaches (and watches) the main's port through a forwarder that the test closes,
 * while JADE's platform lives on, so no shutdown notice ever comes.
 */
class TrialEndTest {
    @TempDir
    Path dir;

    @Test
    void aContainerToldThatTheTrialEndedTakesItsMainsPortClosingAsThatEnd() throws Exception {
        Path secret = dir.resolve("trial.secret");
        try (JadePlatform main = main(secret);
                Forwarder port = new Forwarder(main.port());
                JadePlatform container = join(port, secret)) {
            container.listenForTrialEnd().get(10, TimeUnit.SECONDS); // trial-info took the subscription

            assertThat(main.tellTrialEnded(5_000))
                    .as("containers that confirmed")
                    .isEqualTo(1);
            assertThat(container.trialEnded()).isTrue();
            port.close(); // the main's port closes; JADE's shutdown has not come (the platform still runs)

            awaitEnd(container);
            assertThat(container.mainLost())
                    .as("not a main container that is gone")
                    .isNull();
            assertThat(main.hasAgent(TrialInfoAgent.NAME))
                    .as("the platform still runs")
                    .isTrue();
        }
    }

    @Test
    void aContainerNotToldTakesItsMainsPortClosingAsItsDeathAndNoOtherAgentMaySayTheTrialEnded() throws Exception {
        Path secret = dir.resolve("trial.secret");
        try (JadePlatform main = main(secret);
                Forwarder port = new Forwarder(main.port());
                JadePlatform container = join(port, secret)) {
            container.listenForTrialEnd().get(10, TimeUnit.SECONDS);

            // an agent of the container itself says the trial has ended
            CompletableFuture<ACLMessage> answer = new CompletableFuture<>();
            container.startAgent("forger", Forger.class, TrialEndListener.nameIn("lambo-ues"), answer);
            ACLMessage refusal = answer.get(10, TimeUnit.SECONDS);
            assertThat(refusal.getPerformative()).isEqualTo(ACLMessage.NOT_UNDERSTOOD);
            assertThat(refusal.getContent()).isEqualTo("the trial's end is taken only from trial-info, not forger");
            assertThat(container.trialEnded()).isFalse();

            port.close(); // the main dies mid-trial, as far as the container can see

            awaitEnd(container);
            assertThat(container.trialEnded()).isFalse();
            assertThat(container.mainLost())
                    .isEqualTo("the trial's main container at 127.0.0.1:" + port.port()
                            + " is gone (nothing listens there any more)");
        }
    }

    @Test
    void onlyAContainersTrialEndListenerMaySubscribeToTheTrialsEnd() throws Exception {
        Path secret = dir.resolve("trial.secret");
        try (JadePlatform main = main(secret);
                Forwarder port = new Forwarder(main.port());
                JadePlatform container = join(port, secret)) {
            container.listenForTrialEnd().get(10, TimeUnit.SECONDS);

            // any other agent asks to hear of the trial's end: refused, so it takes no subscriber's room
            CompletableFuture<ACLMessage> answer = new CompletableFuture<>();
            container.startAgent("forger", Forger.class, TrialInfoAgent.NAME, answer, ACLMessage.SUBSCRIBE);
            ACLMessage refusal = answer.get(10, TimeUnit.SECONDS);
            assertThat(refusal.getPerformative()).isEqualTo(ACLMessage.REFUSE);
            assertThat(refusal.getContent())
                    .isEqualTo("the trial's end is told only to the containers' trial-end-* agents, not forger");

            assertThat(main.tellTrialEnded(5_000))
                    .as("containers that confirmed: the listener alone")
                    .isEqualTo(1);
            assertThat(container.trialEnded()).isTrue();
        }
    }

    @Test
    void aContainerToldThatTheMainRemovedAnotherCutsItsOwnConnectionsToIt() throws Exception {
        Path secret = dir.resolve("trial.secret");
        String frozen = "127.0.0.1:" + freePort(); // the removed container's address (none listens there)
        try (JadePlatform main = main(secret);
                Forwarder port = new Forwarder(main.port());
                JadePlatform container = join(port, secret)) {
            container.listenForTrialEnd().get(10, TimeUnit.SECONDS); // trial-info took the subscription
            assertThat(TrialTlsPeer.isCutOff(frozen)).isFalse();

            main.tellRemoved("lambo-frozen", List.of(frozen)); // as the main container's monitor does on removal

            // the main itself cut nothing here (its monitor does): the mark is the joined container's doing
            long until = System.currentTimeMillis() + 20_000;
            while (!TrialTlsPeer.isCutOff(frozen) && System.currentTimeMillis() < until) Thread.sleep(20);
            assertThat(TrialTlsPeer.isCutOff(frozen))
                    .as("the container cut its connections to the removed one")
                    .isTrue();
        } finally {
            TrialTlsPeer.reopen(List.of(frozen));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private JadePlatform main(Path secret) throws Exception {
        JadePlatform main = JadePlatform.start(
                dir.resolve("main"),
                "127.0.0.1",
                0,
                false,
                TrialSecret.readOrCreate(secret),
                JadePlatform.DEFAULT_DROPOUT_MS);
        main.publish(TrialInfo.of(ScenarioLoader.load("tiny"), 1));
        return main;
    }

    private JadePlatform join(Forwarder port, Path secret) throws Exception {
        return JadePlatform.join(new JadePlatform.Join(
                dir.resolve("ues"), "127.0.0.1", port.port(), "127.0.0.1", 0, "lambo-ues", 30_000, secret, 60_000));
    }

    /** Waits (at most 20 s: the watchdog gives a closed port up after 3 refusals a second apart) for the end. */
    private static void awaitEnd(JadePlatform container) throws Exception {
        CompletableFuture.runAsync(() -> {
                    try {
                        container.awaitTermination();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                })
                .get(20, TimeUnit.SECONDS);
    }

    /**
     * Says "the trial has ended" in the trial-end protocol to the agent named by its first argument (an INFORM, or the
     * performative its optional third argument names) and completes its second (a
     * {@code CompletableFuture<ACLMessage>}) with the answer.
     */
    public static final class Forger extends Agent {
        @Override
        @SuppressWarnings("unchecked")
        protected void setup() {
            CompletableFuture<ACLMessage> answer = (CompletableFuture<ACLMessage>) getArguments()[1];
            int performative = getArguments().length > 2 ? (Integer) getArguments()[2] : ACLMessage.INFORM;
            ACLMessage notice = new ACLMessage(performative);
            notice.setSender(getAID());
            notice.addReceiver(new AID((String) getArguments()[0], AID.ISLOCALNAME));
            notice.setProtocol(TrialEnd.PROTOCOL);
            notice.setConversationId(TrialEnd.PROTOCOL);
            notice.setContent(TrialEnd.CONTENT);
            send(notice);
            addBehaviour(new jade.core.behaviours.CyclicBehaviour(this) {
                @Override
                public void action() {
                    ACLMessage m = receive();
                    if (m == null) block();
                    else answer.complete(m);
                }
            });
        }
    }

    /** A TCP forwarder to a local port; {@link #close()} closes its port and every connection through it. */
    private static final class Forwarder implements AutoCloseable {
        private final ServerSocket server;
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();

        Forwarder(int target) throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
            Thread accept = new Thread(
                    () -> {
                        while (!server.isClosed()) {
                            try {
                                Socket in = server.accept();
                                Socket out = new Socket("127.0.0.1", target);
                                sockets.add(in);
                                sockets.add(out);
                                pump(in, out);
                                pump(out, in);
                            } catch (IOException e) {
                                // closed
                            }
                        }
                    },
                    "forwarder");
            accept.setDaemon(true);
            accept.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private static void pump(Socket from, Socket to) {
            Thread t = new Thread(
                    () -> {
                        try (InputStream in = from.getInputStream();
                                OutputStream out = to.getOutputStream()) {
                            in.transferTo(out);
                        } catch (IOException e) {
                            // one side closed
                        }
                        try {
                            to.close();
                        } catch (IOException e) {
                            // closed
                        }
                    },
                    "forwarder-pump");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : sockets) s.close();
        }
    }
}
