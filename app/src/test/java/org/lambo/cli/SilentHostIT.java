package org.lambo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.lambo.cli.log.RunLog;

/**
 * A host that vanishes silently (power or cable cut: no connection is ever reset, so the main container's hanging ping
 * never breaks) is seen by the heartbeat. The trial's main container in this JVM, the edge servers' container in a
 * child JVM on this machine, the UEs' container in a child JVM on a namespace host ({@link NetnsHosts}),
 * {@code --dropout-ms 8000}. As slot 1 is decided the UEs' host's link goes down ({@link NetnsHosts#link}: every packet
 * dropped) for 4 s, longer than the heartbeat's silence (3 s), shorter than the tolerance: the container is kept and
 * every task of slots 0 to 2 completes. As slot 3 is decided (before its decisions go out) the link goes down for good:
 * the container is removed about 8 s after its last answer, every task of slots 3 and 4 fails with "ue-i is gone: its
 * container lambo-ues was removed" (not at the slot's deadline, 47 s), the trial completes, and summary.md and
 * trial.json list both dropouts.
 */
class SilentHostIT {
    static final int PORT = 1399;
    static final long BLACKOUT_MS = 4_000;

    @RegisterExtension
    static final NetnsHosts.PerClass hosts = new NetnsHosts.PerClass("sil", 59, List.of(), "ues");

    @RegisterExtension
    final ChildJvmsExtension jvms = new ChildJvmsExtension();

    @Test
    void aHostSilentForLessThanTheToleranceIsKeptAndOneThatStaysSilentIsRemovedAfterItWithItsTasksFailed()
            throws Exception {
        String main = "10.231.59.1";
        List<RunLog.Line> platform = Collections.synchronizedList(new ArrayList<>());
        List<String> trouble = Collections.synchronizedList(new ArrayList<>());
        Set<Integer> seen = Collections.synchronizedSet(new HashSet<>());
        long[] downForGoodAt = {0};
        Consumer<RunLog.Line> watch = r -> {
            if (r.logger().equals(NetnsTrial.PLATFORM_LOG)) platform.add(r);
            int slot = NetnsTrial.decided(r);
            if ((slot != 1 && slot != 3) || !seen.add(slot)) return;
            try {
                // here, in the orchestrator's thread, before it sends the slot's decisions
                hosts.get().link("ues", false);
            } catch (IOException e) {
                trouble.add(e.getMessage());
                return;
            }
            if (slot == 3) {
                downForGoodAt[0] = System.currentTimeMillis();
                return;
            }
            Thread up = new Thread(() -> {
                try {
                    Thread.sleep(BLACKOUT_MS);
                    hosts.get().link("ues", true);
                } catch (IOException | InterruptedException e) {
                    trouble.add("the link did not come back: " + e);
                }
            });
            up.setDaemon(true);
            up.start();
        };
        Path out = jvms.dir().resolve("trial");
        // it would give its main container up after --main-lost-ms; the test ends it at once after the trial: cut off
        // from its main container, it cannot be told to stop
        int rc = NetnsTrial.runWithDropouts(
                jvms, hosts.get(), main, PORT, out, watch, ues -> {}, 0, "--main-lost-ms", "120000");
        String summary = Files.readString(out.resolve("summary.md"));
        List<String> said = platform.stream().map(RunLog.Line::message).toList();
        System.err.println("SilentHostIT: the platform said\n" + String.join("\n", said) + "\n" + summary);
        assertThat(trouble).isEmpty();
        assertThat(seen).as("the link went down as slots 1 and 3 were decided").containsExactlyInAnyOrder(1, 3);
        assertThat(rc).as(summary).isZero();
        assertThat(said)
                .as("the main container lost the UEs' container in the blackout and kept it")
                .anyMatch(m -> m.matches("the container lambo-ues answers again after \\d+ ms; it was kept"));
        List<RunLog.Line> removals = platform.stream()
                .filter(r -> r.message().contains("it is removed from the platform"))
                .toList();
        assertThat(removals).as("removed once: " + said).hasSize(1);
        RunLog.Line removed = removals.get(0);
        Matcher m = Pattern.compile("the container lambo-ues has not answered for (\\d+) ms \\(--dropout-ms 8000\\).*")
                .matcher(removed.message());
        assertThat(m.matches()).as(removed.message()).isTrue();
        assertThat(Long.parseLong(m.group(1)))
                .as("no answer for the tolerance")
                .isGreaterThanOrEqualTo(NetnsTrial.DROPOUT_MS);
        assertThat(removed.millis() - downForGoodAt[0])
                .as("removed the tolerance after its last answer, at most a heartbeat before the link went down")
                .isGreaterThanOrEqualTo(NetnsTrial.DROPOUT_MS - 1_500);

        assertThat(summary).contains("tasks: 30, completed: 18, failed: 12").doesNotContain("NaN");
        List<String> rows = Files.readAllLines(out.resolve("slots.csv"));
        assertThat(rows.stream().filter(l -> l.matches("[0-2],.*")))
                .as("slots 0 to 2: every task completed through the blackout")
                .hasSize(18)
                .allMatch(l -> l.contains(",completed,"), "completed");
        NetnsTrial.assertGoneWithTheirContainer(
                rows, "[34]", 12, "slots 3 and 4: the silent host's tasks end as gone, not at the slot's deadline");
        assertThat(summary)
                .contains("## Containers that dropped out")
                .contains("- 2 dropouts: 1 kept (answered again within --dropout-ms), 1 removed");
        NetnsTrial.assertOneKeptAndOneRemovedListed(summary);
        assertThat(Files.readString(out.resolve("trial.json")))
                .contains("\"container\" : \"lambo-ues\"")
                .contains("\"end\" : \"kept\"")
                .contains("\"end\" : \"removed\"");
    }
}
