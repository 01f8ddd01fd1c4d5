package org.lambo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lambo.cli.log.RunLog;

/**
 * WiFi dropouts do not remove a container; a killed one is still removed. The trial's main container in this JVM, the
 * edge servers' container in a child JVM on this machine, the UEs' container in a child JVM on a host behind a slow,
 * lossy link ({@link NetnsHosts} {@code --behind-link}, {@link LossyLink}: 100 ms each way, a tenth of the chunks held
 * back 100-300 ms more), {@code --dropout-ms 8000}. As slot 1 is decided the link closes every connection three times,
 * 100 ms apart (within a round trip: JADE alone pinged once more at once and removed the container); as slot 2 is
 * decided the link goes down for 5 s (every connection closed, every new one reset). Every task of slots 0 to 3
 * completes, and the main container says it kept the container. As slot 4 is decided the UEs' JVM is killed: within the
 * tolerance the container is removed, and every task of slot 4 fails with "ue-i is gone: its container lambo-ues was
 * removed" (not at the slot's deadline, 47 s); the trial completes.
 */
class DropoutIT {
    static final int PORT = 1299;

    @RegisterExtension
    static final NetnsHosts.PerClass hosts = new NetnsHosts.PerClass("dro", 57, List.of("--behind-link", "ues"), "ues");

    @RegisterExtension
    final ChildJvmsExtension jvms = new ChildJvmsExtension();

    @Test
    void dropoutsShorterThanTheToleranceRemoveNoContainerAndAKilledOneIsStillRemoved() throws Exception {
        String main = "10.231.57.1";
        List<String> platform = Collections.synchronizedList(new ArrayList<>());
        List<String> decided = Collections.synchronizedList(new ArrayList<>());
        List<Process> uesJvm = Collections.synchronizedList(new ArrayList<>());
        try (NetnsTrial.Link link = NetnsTrial.link(
                hosts.get(),
                jvms.dir(),
                PORT,
                3,
                "--delay-ms",
                "100",
                "--loss",
                "0.1",
                "--loss-delay-ms",
                "100-300",
                "--seed",
                "5")) {
            Consumer<RunLog.Line> watch = r -> {
                if (r.logger().equals(NetnsTrial.PLATFORM_LOG)) platform.add(r.message());
                int slot = NetnsTrial.decided(r);
                if (slot != 1 && slot != 2 && slot != 4) return;
                decided.add(r.message());
                if (slot == 4) { // at once, in the orchestrator's thread: its decisions take 100 ms to cross
                    uesJvm.forEach(Process::destroyForcibly);
                    return;
                }
                // once the decisions are on their way (the servers confirm within ms, the link holds each chunk 100 ms)
                NetnsTrial.later(100, () -> {
                    if (slot == 1) {
                        for (int k = 0; k < 3; k++) {
                            link.tell("cut");
                            pause(100);
                        }
                    } else {
                        link.tell("down 5000");
                    }
                    link.tell("stats");
                });
            };
            Path out = jvms.dir().resolve("trial");
            int rc = NetnsTrial.runWithDropouts(jvms, hosts.get(), main, PORT, out, watch, uesJvm::add, 30);
            String summary = Files.readString(out.resolve("summary.md"));
            String said = String.join("\n", platform);
            System.err.println("DropoutIT: the platform said\n" + said + "\nthe orchestrator said " + decided);
            assertThat(rc)
                    .as(summary + "\n" + String.join("\n", jvms.lines("ues.log")))
                    .isZero();
            assertThat(decided)
                    .as("the link was cut, then down, then the UEs were killed")
                    .hasSize(3);
            assertThat(Files.readString(link.log())).contains("down for 5000 ms", "stats: ");
            assertThat(platform)
                    .as("the main container lost the UEs' container in the dropouts and kept it: " + said)
                    .anyMatch(m -> m.matches("the container .* answers again after \\d+ ms; it was kept"));
            assertThat(platform.stream().filter(m -> m.contains("it is removed from the platform")))
                    .as("removed once, after the kill, after the tolerance: " + said)
                    .singleElement()
                    .matches(m -> m.matches("the container .* has not answered for \\d+ ms \\(--dropout-ms 8000\\).*"));
            assertThat(summary).contains("tasks: 30, completed: 24, failed: 6").doesNotContain("NaN");
            assertThat(summary)
                    .as("the summary lists the dropouts the main container rode out and the one it removed")
                    .containsPattern(
                            "- \\d+ dropouts: [1-9]\\d* kept \\(answered again within --dropout-ms\\), 1 removed");
            NetnsTrial.assertOneKeptAndOneRemovedListed(summary);
            List<String> rows = Files.readAllLines(out.resolve("slots.csv"));
            assertThat(rows.stream().filter(l -> l.matches("[0-3],.*")))
                    .as("slots 0 to 3: every task completed through the dropouts")
                    .hasSize(24)
                    .noneMatch(l -> l.contains("gone"));
            NetnsTrial.assertGoneWithTheirContainer(
                    rows, "4", 6, "slot 4: the killed container's tasks end as gone, not at the slot's deadline");
        }
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
