package org.lambo.agents.trial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jade.lang.acl.ACLMessage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.agents.Discipline;
import org.lambo.agents.Discipline.Kind;
import org.lambo.agents.SlotSource;
import org.lambo.agents.testing.HostileAgent;
import org.lambo.agents.testing.HostileMessages;
import org.lambo.ontology.TaskReport;
import org.lambo.scenario.Scenario;
import org.lambo.scenario.ScenarioLoader;

/**
 * A hostile agent on the trial's platform: after each of the first slots it sends every message type the agents take,
 * from the wrong agent and about the wrong slots (slot 500, slot 2,000,000,000, the next slot, a past one), forged
 * reports, allocations and submissions, sixty 1 MB messages with a made-up in-reply-to, unknown conversations and
 * answers to nothing ({@link HostileMessages}). The trial runs as an undisturbed one of the same seed: no agent dies,
 * every task completes, every row is the same, and each agent counts what it refused.
 */
class HostilePeerTest {
    /**
     * The hostile agents, one started as each of the first slots ends: a stranger, one named like a UE, one like a
     * server.
     */
    private static final List<String> HOSTILE = List.of("intruder-0", "ue-99", "server-9");
    /**
     * Each hostile agent's slot is followed by another, so that the trial still runs while the last one's messages are
     * answered (with the last hostile agent in the last slot, a fast trial could end before they arrived).
     */
    private static final int SLOTS = HOSTILE.size() + 2;

    @TempDir
    Path dir;

    private final Scenario tiny = ScenarioLoader.load("tiny");

    private TrialSettings settings() {
        return TrialSettings.builder(tiny)
                .slots(SLOTS)
                .policy("nearest-fit")
                .collectMs(3_000)
                .decisionMs(10_000)
                .serverMs(3_000)
                .build();
    }

    @Test
    void hostileMessagesMoveNoSlotKillNoAgentAndChangeNoRow() throws Exception {
        TrialResult calm = TrialRunner.run(settings(), dir.resolve("calm"), x -> {});

        BlockingQueue<ACLMessage> answers = new LinkedBlockingQueue<>();
        SlotSource world = new SlotSource(tiny, tiny.seed());
        int ues = SlotSource.maxActiveUes(tiny, SLOTS);
        int servers = tiny.servers().size();
        List<String> hostile = new ArrayList<>();
        TrialResult disturbed = TrialRunner.run(settings(), dir.resolve("hostile"), x -> {}, (record, platform) -> {
            // the previous hostile agent's messages are answered before the next one floods: the receivers share
            // one room among strangers, and two floods at once leave the second's refusals dropped (counted, not
            // answered), which this test would take for a missing refusal
            if (record.slot() >= 1 && record.slot() <= HOSTILE.size()) settle(answers, HOSTILE.get(record.slot() - 1));
            if (record.slot() >= HOSTILE.size()) return;
            int open = record.slot() + 1; // the clock starts it when this returns: the hostile messages race it
            try {
                // a stranger, then one named like a UE, then one named like a server: each gets past a different first
                // check
                String name = HOSTILE.get(record.slot());
                platform.startAgent(
                        name,
                        HostileAgent.class,
                        HostileMessages.during(open, world.slot(open), ues, servers),
                        answers);
                hostile.add(name);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        assertThat(hostile).containsExactly("intruder-0", "ue-99", "server-9");
        assertThat(disturbed.slots()).hasSize(SLOTS);
        for (SlotRecord r : disturbed.slots()) {
            for (TaskReport t : r.reports())
                assertThat(t.completed()).as("%s: %s", t.taskId(), t.reason()).isTrue();
        }
        for (int t = 0; t < SLOTS; t++) {
            assertThat(disturbed.slots().get(t).reports())
                    .as("slot %d: no forged report, no moved slot changes a row", t)
                    .containsExactlyElementsOf(calm.slots().get(t).reports());
        }

        // every agent refused with the reason, and counted it
        await().atMost(Duration.ofSeconds(20)).until(() -> answers.stream()
                .anyMatch(m -> m.getSender().getLocalName().equals("trial-clock")));
        List<ACLMessage> got = new ArrayList<>(answers);
        assertThat(got)
                .extracting(ACLMessage::getContent)
                .filteredOn(c -> c != null)
                .anyMatch(c -> c.equals("only the trial's clock (trial-clock) starts slots, not intruder-0"))
                .anyMatch(c -> c.equals("only the trial's clock (trial-clock) starts slots, not ue-99"))
                .anyMatch(c -> c.equals("offloading requests are taken only from the UEs (ue-i), not intruder-0"))
                .anyMatch(c -> c.equals("the request of UE 0 (ue-0) is taken only from ue-0, not ue-99"))
                .anyMatch(
                        c -> c.equals("server states are taken only from the edge servers (server-j), not intruder-0"))
                .anyMatch(c -> c.equals("the state of server 1 (server-1) is taken only from server-1, not server-9"))
                .anyMatch(c -> c.equals("task reports are taken only from the trial's UEs, not ue-99"))
                .anyMatch(
                        c -> c.equals(
                                "an edge server takes requests only from the orchestrator (allocations) and the UEs (their tasks), not intruder-0"))
                .anyMatch(c -> c.equals("only the orchestrator (orchestrator) allocates shares, not ue-99"))
                .anyMatch(c -> c.contains("of ue-0 is submitted only by its agent ue-0, not ue-99"))
                .anyMatch(c ->
                        c.contains("content of 1048") && c.contains("characters is over the limit of 65536 characters"))
                .noneMatch(c -> c.equals("null"));
        for (String agent : List.of("orchestrator", "trial-clock", "server-1", "server-2", "ue-0", "ue-" + (ues - 1))) {
            Discipline d = Discipline.of(agent);
            assertThat(d).as(agent).isNotNull();
            assertThat(d.count(Kind.WRONG_SENDER))
                    .as("%s refused the wrong senders: %s", agent, d)
                    .isPositive();
            assertThat(d.count(Kind.FAILED))
                    .as("%s never failed handling a message: %s", agent, d.lastReason(Kind.FAILED))
                    .isZero();
        }
        assertThat(Discipline.of("orchestrator").count(Kind.OVERSIZE))
                .as("the megabyte messages were dropped on arrival")
                .isGreaterThanOrEqualTo(HostileMessages.BIG);
    }

    /** Waits (at most 20 s) until answers to {@code name} have come and no more came for half a second. */
    private static void settle(BlockingQueue<ACLMessage> answers, String name) {
        long[] last = {-1, System.nanoTime()};
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    long n = answers.stream()
                            .filter(m ->
                                    m.getContent() != null && m.getContent().contains(name))
                            .count();
                    long now = System.nanoTime();
                    if (n != last[0]) {
                        last[0] = n;
                        last[1] = now;
                        return false;
                    }
                    return n > 0 && now - last[1] >= 500_000_000L;
                });
    }
}
