package org.lambo.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jade.core.behaviours.WakerBehaviour;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.agents.platform.JadePlatform;

/**
 * The agents of a JVM add their timers to several dispatchers, each behind its own lock, not all to one (JADE locks an
 * agent's dispatcher for every timer the agent adds or removes); their timers still fire.
 */
class TimersSpreadTest {
    /** Publishes itself and the time its waker fired. */
    public static final class Sleeper extends GuardedAgent {
        @Override
        @SuppressWarnings("unchecked")
        protected void setup() {
            Map<String, GuardedAgent> agents = (Map<String, GuardedAgent>) getArguments()[0];
            Set<String> woke = (Set<String>) getArguments()[1];
            agents.put(getLocalName(), this);
            addBehaviour(new WakerBehaviour(this, 200) {
                @Override
                protected void onWake() {
                    woke.add(getLocalName());
                }
            });
        }
    }

    @TempDir
    Path dir;

    @Test
    void theAgentsOfAJvmShareTheirTimersOutOverSeveralDispatchersAndEveryTimerFires() throws Exception {
        Map<String, GuardedAgent> agents = new ConcurrentHashMap<>();
        Set<String> woke = ConcurrentHashMap.newKeySet();
        int n = jade.core.HeapTimerDispatcher.SHARDS * 2;
        try (JadePlatform platform = JadePlatform.start(dir.resolve("jade"), 0, false)) {
            for (int k = 0; k < n; k++) platform.startAgent("sleeper-" + k, Sleeper.class, agents, woke);
            await().atMost(Duration.ofSeconds(30)).until(() -> woke.size() == n);
            Set<Object> dispatchers = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
            for (GuardedAgent a : agents.values()) dispatchers.add(jade.core.TimersOfAgents.dispatcherOf(a));
            assertThat(dispatchers).hasSizeGreaterThan(1);
            assertThat(dispatchers).doesNotContain(jade.core.TimerDispatcher.getTimerDispatcher());
        }
    }
}
