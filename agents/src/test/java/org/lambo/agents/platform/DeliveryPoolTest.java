package org.lambo.agents.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A container delivers to other containers with {@link JadePlatform#DELIVERY_THREADS} threads, not JADE's 5: each
 * delivery to another container is a synchronous round trip, so on a slow link the pool's size is how many UEs a
 * slot-start, a decision or a result reaches per round trip; and not more than JADE's IMTP pools and serves (50
 * connections per JVM), beyond which every delivery paid a TLS handshake of its own.
 */
class DeliveryPoolTest {
    @TempDir
    Path dir;

    @Test
    void aContainerDeliversToOtherContainersWithSixteenThreadsNotJadesFiveNorMoreThanItsConnectionsServe()
            throws Exception {
        try (JadePlatform platform = JadePlatform.start(dir.resolve("jade"), 0, false)) {
            long deliverers = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.isAlive() && t.getName().startsWith("Deliverer-"))
                    .count();
            // JADE's IMTP pools and serves at most 50 connections per JVM: three containers' deliveries into one fit
            assertThat(3 * JadePlatform.DELIVERY_THREADS).isLessThan(50);
            assertThat(JadePlatform.DELIVERY_THREADS).isGreaterThan(5);
            assertThat(deliverers).as("JADE's delivery threads").isEqualTo(JadePlatform.DELIVERY_THREADS);
        }
    }
}
