package org.lambo.agents.trial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jade.core.AID;
import jade.core.Agent;
import jade.core.behaviours.CyclicBehaviour;
import jade.domain.DFService;
import jade.domain.FIPAAgentManagement.DFAgentDescription;
import jade.domain.FIPAAgentManagement.ServiceDescription;
import jade.domain.FIPAException;
import jade.lang.acl.ACLMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.agents.LeaveAfterSetupFailure;
import org.lambo.agents.ServiceTypes;
import org.lambo.agents.SlotSource;
import org.lambo.agents.platform.JadePlatform;
import org.lambo.agents.testing.CapturedLog;
import org.lambo.agents.testing.Probes;
import org.lambo.agents.ue.UeAgent;
import org.lambo.agents.ue.UeTimeouts;
import org.lambo.ontology.TaskReport;
import org.lambo.ontology.jade.LamboAcl;
import org.lambo.scenario.ScenarioLoader;

/**
 * An agent whose DF registration fails ends, and its work ends with the reason, at once: the DF refusing it (another
 * registration under its name), or the DF not there (killed) so that JADE's platform answers "Agent not found" for
 * every attempt. The clock is told and does not wait for its start-up deadline (ten minutes here).
 */
class SetupFailureTest {
    private static final long STARTUP_MS = 600_000;

    @TempDir
    Path dir;

    /** Registers a description under another agent's name (the DF checks no requester), then waits. */
    public static class Squatter extends Agent {
        @Override
        @SuppressWarnings("unchecked")
        protected void setup() {
            DFAgentDescription dfd = new DFAgentDescription();
            dfd.setName(new AID((String) getArguments()[0], AID.ISLOCALNAME));
            ServiceDescription sd = new ServiceDescription();
            sd.setType("squatter");
            sd.setName("squatter");
            dfd.addServices(sd);
            CompletableFuture<Void> done = (CompletableFuture<Void>) getArguments()[1];
            try {
                DFService.register(this, dfd);
                done.complete(null);
            } catch (FIPAException e) {
                done.completeExceptionally(e);
            }
        }
    }

    /** Stands in for the trial's clock: keeps every setup failure told to it and confirms it. */
    public static class ClockStandIn extends Agent {
        @Override
        @SuppressWarnings("unchecked")
        protected void setup() {
            BlockingQueue<ACLMessage> told = (BlockingQueue<ACLMessage>) getArguments()[0];
            addBehaviour(new CyclicBehaviour(this) {
                @Override
                public void action() {
                    ACLMessage m = myAgent.receive(TrialClockAgent.SETUP_FAILURES);
                    if (m == null) {
                        block();
                        return;
                    }
                    told.add(m);
                    myAgent.send(LamboAcl.replyWithReason(m, ACLMessage.CONFIRM, "noted"));
                }
            });
        }
    }

    /** The tiny world's trial of {@code slots} slots, its agents started in {@code platform}, the clock last. */
    private static ClockHeard runTrial(JadePlatform platform, SlotSource world, int slots) throws Exception {
        startOrchestratorAndServers(platform, world);
        Population.startUes(platform, world, world.scenario().ues(), new UeTimeouts(5_000, 2_000));
        return startClock(platform, world, slots);
    }

    private static void startOrchestratorAndServers(JadePlatform platform, SlotSource world) throws Exception {
        Probes.startOrchestrator(platform, world.scenario(), 2_000, 2_000);
        Population.startServers(platform, world);
    }

    private static ClockHeard startClock(JadePlatform platform, SlotSource world, int slots) throws Exception {
        ClockHeard heard = new ClockHeard();
        platform.startAgent(
                ServiceTypes.CLOCK_NAME, TrialClockAgent.class, new ClockPlan(slots, world, 30_000, STARTUP_MS), heard);
        return heard;
    }

    /**
     * Every task of the UE numbered {@code ue}, in every slot, failed with a reason {@code why} accepts; all others
     * completed.
     */
    private static void onlyTheTasksOfFailed(ClockHeard heard, int ue, java.util.function.Consumer<String> why) {
        for (SlotRecord rec : heard.slots) {
            for (TaskReport t : rec.reports()) {
                if (t.index() == ue) {
                    assertThat(t.completed()).isFalse();
                    why.accept(t.reason());
                } else {
                    assertThat(t.completed())
                            .as("%s: %s", t.taskId(), t.reason())
                            .isTrue();
                }
            }
        }
    }

    private static void squat(JadePlatform platform, String name) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        platform.startAgent("squatter-" + name, Squatter.class, name, done);
        done.get(60, TimeUnit.SECONDS);
    }

    @Test
    void aUeTheDfRefusesEndsAndItsTasksFailWithTheDfsReasonWhileTheOthersRun() throws Exception {
        SlotSource world = new SlotSource(ScenarioLoader.load("tiny"), 1);
        try (JadePlatform platform = JadePlatform.start(dir.resolve("jade"), 0, false)) {
            squat(platform, "ue-1");
            ClockHeard heard = runTrial(platform, world, 2);
            assertThat(heard.end.get(3, TimeUnit.MINUTES))
                    .as("the clock did not wait for ue-1 until its start-up deadline")
                    .isEqualTo("finished");
            assertThat(heard.slots).hasSize(2);
            onlyTheTasksOfFailed(heard, 1, reason -> assertThat(reason)
                    .startsWith("ue-1 could not register with the DF: ")
                    .contains("already-registered")
                    .doesNotContain("attempts")); // the DF's own answer is final
            await().atMost(Duration.ofSeconds(60)).until(() -> !platform.hasAgent("ue-1"));
        }
    }

    @Test
    void aServerTheDfRefusesFailsTheTrialAtOnceSayingWhy() throws Exception {
        SlotSource world = new SlotSource(ScenarioLoader.load("tiny"), 1);
        try (JadePlatform platform = JadePlatform.start(dir.resolve("jade"), 0, false)) {
            squat(platform, "server-2");
            ClockHeard heard = runTrial(platform, world, 2);
            assertThat(heard.end.get(3, TimeUnit.MINUTES))
                    .startsWith("failed: server-2 could not register with the DF: ")
                    .contains("already-registered");
            assertThat(heard.slots).isEmpty();
        }
    }

    @Test
    void aUeThatCannotReachTheDfTriesAgainThenEndsAndTellsTheClockOnceItIsThere() throws Exception {
        SlotSource world = new SlotSource(ScenarioLoader.load("tiny"), 1);
        try (CapturedLog ended = CapturedLog.of(LeaveAfterSetupFailure.class);
                JadePlatform platform = JadePlatform.start(dir.resolve("jade"), 0, false)) {
            assertThat(platform.killAgent("df")).as("the DF killed").isTrue();
            await().atMost(Duration.ofSeconds(60)).until(() -> !platform.hasAgent("df"));
            platform.startAgent("ue-0", UeAgent.class, world, 0, new UeTimeouts(5_000, 2_000));
            // the UE has given up on the DF before any clock is there: its word is sent again until one confirms
            await().atMost(Duration.ofSeconds(120)).until(() -> ended.messages().stream()
                    .anyMatch(m -> m.startsWith("ue-0 could not register with the DF")));
            assertThat(platform.hasAgent("ue-0")).as("still telling the clock").isTrue();
            BlockingQueue<ACLMessage> told = new LinkedBlockingQueue<>();
            platform.startAgent(ServiceTypes.CLOCK_NAME, ClockStandIn.class, told);
            ACLMessage word = told.poll(2, TimeUnit.MINUTES);
            assertThat(word).as("the UE's word reached the clock").isNotNull();
            assertThat(word.getSender().getLocalName()).isEqualTo("ue-0");
            assertThat(LamboAcl.reason(word))
                    .startsWith("ue-0 could not register with the DF: ")
                    .contains("df@lambo") // JADE's reason: the platform found no agent df@lambo
                    .endsWith("(" + org.lambo.agents.RegistrationRetry.DEFAULT.attempts() + " attempts)");
            await().atMost(Duration.ofSeconds(60)).until(() -> !platform.hasAgent("ue-0"));
        }
    }

    @Test
    void theClockTakesASetupFailureOnlyFromOneOfTheTrialsParticipants() throws Exception {
        SlotSource world = new SlotSource(ScenarioLoader.load("tiny"), 1);
        try (JadePlatform platform = JadePlatform.start(dir.resolve("jade"), 0, false)) {
            ClockHeard heard = new ClockHeard();
            platform.startAgent(
                    ServiceTypes.CLOCK_NAME, TrialClockAgent.class, new ClockPlan(1, world, 30_000, STARTUP_MS), heard);
            for (String name : List.of("intruder", "ue-6", "server-3", "ue-2")) {
                BlockingQueue<ACLMessage> inbox = new LinkedBlockingQueue<>();
                jade.wrapper.AgentController probe =
                        platform.startAgent(name, org.lambo.agents.testing.ProbeAgent.class, inbox);
                ACLMessage word = LamboAcl.withReason(
                        ACLMessage.FAILURE,
                        ServiceTypes.SETUP_PROTOCOL,
                        name + " could not register with the DF: made up",
                        org.lambo.agents.Peers.clock());
                word.setConversationId("setup-" + name);
                word.setReplyWith("setup-" + name + "-1");
                // the probe takes objects once its setup has run: handed again until the clock answers
                ACLMessage answer = null;
                for (int tries = 0; tries < 24 && answer == null; tries++) {
                    probe.putO2AObject(word, jade.wrapper.AgentController.ASYNC);
                    answer = inbox.poll(5, TimeUnit.SECONDS);
                }
                assertThat(answer).as("the clock's answer to %s", name).isNotNull();
                if (name.equals("ue-2")) {
                    assertThat(answer.getPerformative())
                            .as("ue-2 is a participant")
                            .isEqualTo(ACLMessage.CONFIRM);
                } else {
                    assertThat(answer.getPerformative())
                            .as("%s is not a participant of a trial of 6 UEs and 2 servers", name)
                            .isEqualTo(ACLMessage.NOT_UNDERSTOOD);
                    assertThat(LamboAcl.reason(answer)).contains("not " + name);
                }
            }
            assertThat(heard.end).as("nothing ended the trial").isNotDone();
        }
    }

    /** A main container on loopback holding a new trial secret in {@code dir/trial.secret}. */
    private JadePlatform mainContainer() throws Exception {
        return JadePlatform.start(
                dir.resolve("main"),
                "127.0.0.1",
                0,
                false,
                org.lambo.agents.platform.TrialSecret.readOrCreate(dir.resolve("trial.secret")),
                JadePlatform.DEFAULT_DROPOUT_MS);
    }

    /** A container {@code lambo-other} joining {@code main} with its secret. */
    private JadePlatform otherContainer(JadePlatform main) throws Exception {
        return JadePlatform.join(new JadePlatform.Join(
                dir.resolve("other"),
                "127.0.0.1",
                main.port(),
                "127.0.0.1",
                0,
                "lambo-other",
                30_000,
                dir.resolve("trial.secret"),
                60_000));
    }

    /**
     * Messenger {@code start-failure-UE} in {@code container} says that {@code ue} could not start; the clock's answer.
     */
    private static ACLMessage messengerSays(JadePlatform container, String ue) throws Exception {
        String messenger = UeStartWords.messengerOf(ue);
        BlockingQueue<ACLMessage> inbox = new LinkedBlockingQueue<>();
        jade.wrapper.AgentController probe =
                container.startAgent(messenger, org.lambo.agents.testing.ProbeAgent.class, inbox);
        ACLMessage word = LamboAcl.withReason(
                ACLMessage.FAILURE,
                ServiceTypes.SETUP_PROTOCOL,
                ue + " could not start in container " + container.container().getContainerName() + ": made up",
                org.lambo.agents.Peers.clock());
        word.setConversationId("setup-" + messenger);
        word.setReplyWith("setup-" + messenger + "-1");
        probe.putO2AObject(word, jade.wrapper.AgentController.ASYNC);
        ACLMessage answer = inbox.poll(60, TimeUnit.SECONDS);
        assertThat(answer).as("the clock's answer about %s", ue).isNotNull();
        return answer;
    }

    @Test
    void aContainersWordThatAUeCannotStartIsTakenOnlyWhenTheAmsPlacesTheUeInThatContainerOrNowhere() throws Exception {
        SlotSource world = new SlotSource(ScenarioLoader.load("tiny"), 1);
        try (CapturedLog clockLog = CapturedLog.of(TrialClockAgent.class);
                JadePlatform main = mainContainer();
                JadePlatform other = otherContainer(main)) {
            ClockHeard heard = new ClockHeard();
            main.startAgent(
                    ServiceTypes.CLOCK_NAME, TrialClockAgent.class, new ClockPlan(1, world, 30_000, STARTUP_MS), heard);
            // with overlapping --ue-range: ue-3 runs in the main container, ue-4 nowhere, ue-5 in the other container
            main.startAgent("ue-3", org.lambo.agents.testing.ProbeAgent.class, new LinkedBlockingQueue<ACLMessage>());
            other.startAgent("ue-5", org.lambo.agents.testing.ProbeAgent.class, new LinkedBlockingQueue<ACLMessage>());
            for (String ue : List.of("ue-3", "ue-4", "ue-5")) {
                // the other container's messenger says that its ue could not start
                String messenger = UeStartWords.messengerOf(ue);
                ACLMessage answer = messengerSays(other, ue);
                if (ue.equals("ue-3")) {
                    assertThat(answer.getPerformative())
                            .as("ue-3 runs in another container: the word is forged")
                            .isEqualTo(ACLMessage.NOT_UNDERSTOOD);
                    assertThat(LamboAcl.reason(answer))
                            .isEqualTo("ue-3 runs in container "
                                    + main.container().getContainerName() + ", not in "
                                    + messenger + "'s container lambo-other: its start failure is not taken from"
                                    + " there");
                } else {
                    assertThat(answer.getPerformative())
                            .as("%s is in the messenger's container or nowhere", ue)
                            .isEqualTo(ACLMessage.CONFIRM);
                    assertThat(LamboAcl.reason(answer)).isEqualTo("noted: " + ue + " is not waited for");
                }
            }
            // taken with ue-4 nowhere: the reason says where the AMS places the messenger, not only what it said
            assertThat(clockLog.messages())
                    .anyMatch(m -> m.equals(ServiceTypes.CLOCK_NAME
                            + ": ue-4 could not start in container lambo-other: made up (said by "
                            + "start-failure-ue-4 of container lambo-other, where the AMS places it; the AMS places ue-4"
                            + " in no container)"))
                    .anyMatch(m -> m.equals(
                            ServiceTypes.CLOCK_NAME + ": ue-5 could not start in container lambo-other: made up"));
            assertThat(heard.end).as("nothing ended the trial").isNotDone();
        }
    }

    @Test
    void whenTheTrialStartedItsUesInTheClocksContainerAWordThatOneCannotStartIsTakenFromThatContainerAlone()
            throws Exception {
        SlotSource world = new SlotSource(ScenarioLoader.load("tiny"), 1);
        try (JadePlatform main = mainContainer();
                JadePlatform other = otherContainer(main)) {
            ClockHeard heard = new ClockHeard();
            // the trial's UEs are not remote: every one was started in the main container
            main.startAgent(
                    ServiceTypes.CLOCK_NAME,
                    TrialClockAgent.class,
                    new ClockPlan(1, world, 30_000, STARTUP_MS, 0, 0, true),
                    heard);
            String mainName = main.container().getContainerName();
            // ue-4 is nowhere (merely slow to start, say): the other container's messenger is refused, naming both
            ACLMessage forged = messengerSays(other, "ue-4");
            assertThat(forged.getPerformative()).isEqualTo(ACLMessage.NOT_UNDERSTOOD);
            assertThat(LamboAcl.reason(forged))
                    .isEqualTo("ue-4 was started in container " + mainName
                            + " (the trial's UEs are not remote), not in start-failure-ue-4's container lambo-other:"
                            + " its start failure is not taken from there");
            // the main container's own messenger for ue-1 (nowhere too) is taken
            ACLMessage own = messengerSays(main, "ue-1");
            assertThat(own.getPerformative()).isEqualTo(ACLMessage.CONFIRM);
            assertThat(LamboAcl.reason(own)).isEqualTo("noted: ue-1 is not waited for");
            assertThat(heard.end).as("nothing ended the trial").isNotDone();
        }
    }

    /**
     * An agent that does not die when killed: its setup says it has begun (its second argument), then waits for its
     * first and lets no interrupt end the wait.
     */
    public static class Wedged extends Agent {
        @Override
        protected void setup() {
            java.util.concurrent.CountDownLatch release = (java.util.concurrent.CountDownLatch) getArguments()[0];
            ((java.util.concurrent.CountDownLatch) getArguments()[1]).countDown();
            while (true) {
                try {
                    release.await();
                    return;
                } catch (InterruptedException e) {
                    // wedged: a kill does not end it
                }
            }
        }
    }

    @Test
    void aUeWhoseStandInCannotStartIsToldToTheClockByItsContainersMessengerAndItsTasksFailWithTheReason()
            throws Exception {
        SlotSource world = new SlotSource(ScenarioLoader.load("tiny"), 1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        try (CapturedLog populationLog = CapturedLog.of(Population.class);
                JadePlatform main = mainContainer();
                JadePlatform other = otherContainer(main)) {
            try {
                startOrchestratorAndServers(main, world);
                List<String> refused = new CopyOnWriteArrayList<>();
                // in the UEs' container, an agent named ue-2 that was killed and does not die holds the name: JADE
                // refuses to start ue-2, and every stand-in of its name after it
                Population.Starter wedged = (name, type, args) -> {
                    if (name.equals("ue-2")) {
                        java.util.concurrent.CountDownLatch inSetup = new java.util.concurrent.CountDownLatch(1);
                        other.startAgent(name, Wedged.class, release, inSetup);
                        // killed once in its setup: a kill before it runs would end it at once
                        try {
                            if (!inSetup.await(60, TimeUnit.SECONDS)) throw new IllegalStateException("not wedged");
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                        other.killAgent(name);
                        try {
                            other.startAgent(name, type, args);
                        } catch (jade.wrapper.StaleProxyException e) {
                            refused.add(String.valueOf(e.getMessage()));
                            throw e;
                        }
                        return;
                    }
                    other.startAgent(name, type, args);
                };
                int ues = world.scenario().ues();
                int running = Population.startUes(other, wedged, world, 0, ues - 1, new UeTimeouts(5_000, 2_000));
                assertThat(refused).as("JADE refused to start ue-2").hasSize(1);
                assertThat(running).as("every other UE started").isEqualTo(ues - 1);
                assertThat(populationLog.messages())
                        .as("the stand-in could not start: the messenger tells the clock")
                        .anyMatch(m -> m.startsWith("the stand-in for ue-2 could not start either")
                                && m.endsWith("start-failure-ue-2 tells the clock"));
                ClockHeard heard = startClock(main, world, 2);
                assertThat(heard.end.get(3, TimeUnit.MINUTES))
                        .as("the clock did not wait for ue-2 until its start-up deadline")
                        .isEqualTo("finished");
                assertThat(heard.slots).hasSize(2);
                onlyTheTasksOfFailed(heard, 2, reason -> assertThat(reason)
                        .isEqualTo("ue-2 could not start in container lambo-other: "
                                + refused.get(0).strip()));
                // the messenger ends once the clock has its word
                await().atMost(Duration.ofSeconds(60)).until(() -> !other.hasAgent("start-failure-ue-2"));
            } finally {
                release.countDown();
            }
        }
    }

    @Test
    void aUeStartedWithWrongArgumentsTellsTheClockWhyAndEnds() throws Exception {
        SlotSource world = new SlotSource(ScenarioLoader.load("tiny"), 1);
        try (JadePlatform platform = JadePlatform.start(dir.resolve("jade"), 0, false)) {
            BlockingQueue<ACLMessage> told = new LinkedBlockingQueue<>();
            platform.startAgent(ServiceTypes.CLOCK_NAME, ClockStandIn.class, told);
            platform.startAgent("ue-0", UeAgent.class, world, 1, new UeTimeouts(5_000, 2_000));
            ACLMessage word = told.poll(2, TimeUnit.MINUTES);
            assertThat(word).as("the UE's word reached the clock").isNotNull();
            assertThat(LamboAcl.reason(word))
                    .startsWith("ue-0 could not start: ")
                    .contains("must be named ue-1");
            await().atMost(Duration.ofSeconds(60)).until(() -> !platform.hasAgent("ue-0"));
        }
    }

    @Test
    void aUeItsContainerCannotStartFailsItsTasksWithTheReasonWhileTheContainerAndTheOthersGoOn() throws Exception {
        SlotSource world = new SlotSource(ScenarioLoader.load("tiny"), 1);
        try (JadePlatform platform = JadePlatform.start(dir.resolve("jade"), 0, false)) {
            startOrchestratorAndServers(platform, world);
            List<String> refused = new CopyOnWriteArrayList<>();
            // as at 10,000 UEs: the agent of ue-2's controller is gone when the controller starts it, and JADE's
            // start() throws "Controlled agent not found" (here it ran, was killed and left the platform first)
            Population.Starter broken = (name, type, args) -> {
                if (!name.equals("ue-2")) {
                    platform.startAgent(name, type, args);
                    return;
                }
                jade.wrapper.AgentController ue = platform.container().createNewAgent(name, type.getName(), args);
                ue.start();
                ue.kill();
                await().atMost(Duration.ofSeconds(60)).until(() -> !platform.hasAgent(name));
                try {
                    ue.start();
                } catch (jade.wrapper.StaleProxyException e) {
                    refused.add(String.valueOf(e.getMessage()));
                    throw e;
                }
            };
            int ues = world.scenario().ues();
            int running = Population.startUes(platform, broken, world, 0, ues - 1, new UeTimeouts(5_000, 2_000));
            assertThat(refused).as("JADE refused to start ue-2").containsExactly("Controlled agent not found");
            assertThat(running).as("every other UE started").isEqualTo(ues - 1);
            ClockHeard heard = startClock(platform, world, 2);
            assertThat(heard.end.get(3, TimeUnit.MINUTES))
                    .as("the clock did not wait for ue-2 until its start-up deadline")
                    .isEqualTo("finished");
            assertThat(heard.slots).hasSize(2);
            String container = platform.container().getContainerName();
            onlyTheTasksOfFailed(heard, 2, reason -> assertThat(reason)
                    .startsWith("ue-2 could not start in container " + container + ": ")
                    .contains(refused.get(0)));
            // the stand-in ends once the clock has its word
            await().atMost(Duration.ofSeconds(60)).until(() -> !platform.hasAgent("ue-2"));
        }
    }

    @Test
    void aUeItsContainerLostAfterThePlatformTookItsNameIsStoodInForAndTheClockIsTold() throws Exception {
        SlotSource world = new SlotSource(ScenarioLoader.load("tiny"), 1);
        try (JadePlatform platform = JadePlatform.start(dir.resolve("jade"), 0, false)) {
            startOrchestratorAndServers(platform, world);
            List<String> refused = new CopyOnWriteArrayList<>();
            // as under load: JADE's table of the container's agents lost ue-2's row while 16 UEs were created at once,
            // so the platform holds its name, the container has no such agent, start() says "Controlled agent not
            // found" and neither a kill nor a stand-in of its name could be done (the slots waited for ue-2)
            Population.Starter losing = (name, type, args) -> {
                if (!name.equals("ue-2")) {
                    platform.startAgent(name, type, args);
                    return;
                }
                jade.wrapper.AgentController ue = platform.container().createNewAgent(name, type.getName(), args);
                loseFromContainersTable(platform, name);
                try {
                    ue.start();
                } catch (jade.wrapper.StaleProxyException e) {
                    refused.add(String.valueOf(e.getMessage()));
                    throw e;
                }
            };
            int ues = world.scenario().ues();
            int running = Population.startUes(platform, losing, world, 0, ues - 1, new UeTimeouts(5_000, 2_000));
            assertThat(refused).as("JADE refused to start ue-2").containsExactly("Controlled agent not found");
            assertThat(running).as("every other UE started").isEqualTo(ues - 1);
            ClockHeard heard = startClock(platform, world, 2);
            assertThat(heard.end.get(3, TimeUnit.MINUTES))
                    .as("the clock did not wait for ue-2 until its start-up deadline")
                    .isEqualTo("finished");
            assertThat(heard.slots).hasSize(2);
            String container = platform.container().getContainerName();
            onlyTheTasksOfFailed(heard, 2, reason -> assertThat(reason)
                    .startsWith("ue-2 could not start in container " + container + ": ")
                    .contains("Controlled agent not found"));
            await().atMost(Duration.ofSeconds(60)).until(() -> !platform.hasAgent("ue-2"));
        }
    }

    /** Removes an agent from its container's table as JADE's lost row does: the platform still holds its name. */
    private static void loseFromContainersTable(JadePlatform platform, String name) {
        try {
            loseRow(platform, name);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("JADE's container table could not be reached", e);
        }
        assertThat(platform.hasAgent(name))
                .as("the container no longer has " + name)
                .isFalse();
    }

    private static void loseRow(JadePlatform platform, String name) throws ReflectiveOperationException {
        java.lang.reflect.Field myImpl = jade.wrapper.ContainerController.class.getDeclaredField("myImpl");
        myImpl.setAccessible(true);
        Object impl = myImpl.get(platform.container());
        java.lang.reflect.Method remove = impl.getClass().getMethod("removeLocalAgent", AID.class);
        remove.setAccessible(true);
        remove.invoke(impl, new AID(name + "@" + platform.container().getPlatformName(), AID.ISGUID));
    }
}
