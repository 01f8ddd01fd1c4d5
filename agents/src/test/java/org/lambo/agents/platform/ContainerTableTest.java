package org.lambo.agents.platform;

import static org.assertj.core.api.Assertions.assertThat;

import jade.core.AID;
import jade.core.Agent;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * JADE's table of a container's own agents ({@code jade.core.LADT}, package-private, reached here as JADE reaches it:
 * put, as each agent is created) while {@value #CREATORS} threads create agents at once, as {@code Population.startUes}
 * does: a row lost so is a UE that the platform knows but its container does not, whose start says "Controlled agent
 * not found" and whose name no stand-in can take ({@link AgentTable#guardLocal}).
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ContainerTableTest {
    private static final int CREATORS = 16;
    private static final int EACH = 5_000;

    @TempDir
    Path dir;

    @Test
    void jadesOwnContainerTableLosesAgentsCreatedAtOnce() throws Exception {
        // the fault AgentTable.guardLocal guards against: if a JADE version fixes it, this says so
        int lost = 0;
        for (int round = 0; round < 50 && lost == 0; round++) lost = lost(newTable());
        assertThat(lost)
                .as("agents put into the table at once that it no longer holds")
                .isPositive();
    }

    @Test
    void aGuardedContainerTableKeepsEveryAgentCreatedAtOnce() throws Exception {
        for (int round = 0; round < 10; round++) {
            Object table = newTable();
            AgentTable.guardTable(table);
            assertThat(lost(table)).as("round %d", round).isZero();
        }
    }

    @Test
    void everyContainerOfThePlatformHasItsTableGuarded() throws Exception {
        try (JadePlatform platform = JadePlatform.start(dir.resolve("jade"), 0, false)) {
            assertThat(AgentTable.guardedLocal(platform.container())).isTrue();
            assertThat(platform.hasAgent("ams"))
                    .as("the rows already there are kept")
                    .isTrue();
        }
    }

    /** How many of {@value #CREATORS} x {@value #EACH} agents put at once the table does not hold afterwards. */
    private static int lost(Object table) throws Exception {
        Method put = method("put", AID.class, Agent.class);
        Method keys = method("keys");
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> creators = new ArrayList<>();
        List<Throwable> failed = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int t = 0; t < CREATORS; t++) {
            int creator = t;
            Thread c = new Thread(() -> {
                try {
                    go.await();
                    for (int i = 0; i < EACH; i++)
                        put.invoke(table, new AID("ue-" + creator + "-" + i + "@lambo", AID.ISGUID), new Agent());
                } catch (Exception | Error e) {
                    failed.add(e);
                }
            });
            c.start();
            creators.add(c);
        }
        go.countDown();
        for (Thread c : creators) c.join();
        // JADE's HashMap, written by several threads at once, may also break in ways other than losing a row
        if (!failed.isEmpty()) return CREATORS * EACH;
        return CREATORS * EACH - ((Object[]) keys.invoke(table)).length;
    }

    private static Object newTable() throws ReflectiveOperationException {
        Constructor<?> c = Class.forName("jade.core.LADT").getDeclaredConstructor(int.class);
        c.setAccessible(true);
        return c.newInstance(16);
    }

    private static Method method(String name, Class<?>... params) throws ReflectiveOperationException {
        Method m = Class.forName("jade.core.LADT").getDeclaredMethod(name, params);
        m.setAccessible(true);
        return m;
    }
}
