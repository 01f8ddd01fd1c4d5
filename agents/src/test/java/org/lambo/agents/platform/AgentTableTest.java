package org.lambo.agents.platform;

import static org.assertj.core.api.Assertions.assertThat;

import jade.core.AID;
import jade.core.AgentDescriptor;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * JADE's own table of where agents live ({@code jade.core.GADT}, package-private, reached here as JADE reaches it: put,
 * acquire, release): one thread adds rows as agents are born while another looks up an agent that is there all along,
 * as every message delivery does.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class AgentTableTest {
    private static final int BIRTHS = 200_000;

    @Test
    void jadesOwnTableLosesAnAgentForAMomentWhileItGrows() throws Exception {
        // the fault AgentTable guards against: if a JADE version fixes it, this says so
        long misses = 0;
        for (int round = 0; round < 50 && misses == 0; round++) misses = misses(newTable());
        assertThat(misses)
                .as("lookups of an agent that is in the table all along that found none")
                .isPositive();
    }

    @Test
    void aGuardedTableNeverLosesAnAgentWhileItGrows() throws Exception {
        for (int round = 0; round < 10; round++) {
            Object table = newTable();
            AgentTable.guardTable(table);
            assertThat(misses(table)).as("round %d", round).isZero();
        }
    }

    @Test
    void guardingKeepsTheRowsAlreadyThere() throws Exception {
        Object table = newTable();
        AID df = new AID("df@lambo", AID.ISGUID);
        AgentDescriptor row = new AgentDescriptor();
        method("put", AID.class, AgentDescriptor.class).invoke(table, df, row);
        AgentTable.guardTable(table);
        AgentTable.guardTable(table); // twice is once
        assertThat(method("acquire", AID.class).invoke(table, df)).isSameAs(row);
        method("release", AID.class).invoke(table, df);
        assertThat(method("acquire", AID.class).invoke(table, new AID("ams@lambo", AID.ISGUID)))
                .isNull();
    }

    /** Lookups of {@code df@lambo} (put first) that found nothing while {@value #BIRTHS} other rows were put. */
    private static long misses(Object table) throws Exception {
        Method put = method("put", AID.class, AgentDescriptor.class);
        Method acquire = method("acquire", AID.class);
        Method release = method("release", AID.class);
        AID df = new AID("df@lambo", AID.ISGUID);
        put.invoke(table, df, new AgentDescriptor());
        AtomicBoolean born = new AtomicBoolean();
        AtomicLong misses = new AtomicLong();
        AtomicLong lookups = new AtomicLong();
        Thread deliveries = new Thread(() -> {
            try {
                while (!born.get()) {
                    lookups.incrementAndGet();
                    if (acquire.invoke(table, df) == null) misses.incrementAndGet();
                    else release.invoke(table, df);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        });
        deliveries.start();
        while (lookups.get() == 0) Thread.onSpinWait();
        for (int i = 0; i < BIRTHS; i++)
            put.invoke(table, new AID("ue-" + i + "@lambo", AID.ISGUID), new AgentDescriptor());
        born.set(true);
        deliveries.join();
        return misses.get();
    }

    private static Object newTable() throws ReflectiveOperationException {
        Constructor<?> c = Class.forName("jade.core.GADT").getDeclaredConstructor();
        c.setAccessible(true);
        return c.newInstance();
    }

    private static Method method(String name, Class<?>... params) throws ReflectiveOperationException {
        Method m = Class.forName("jade.core.GADT").getDeclaredMethod(name, params);
        m.setAccessible(true);
        return m;
    }
}
