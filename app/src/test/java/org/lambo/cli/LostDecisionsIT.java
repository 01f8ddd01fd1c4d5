package org.lambo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.cli.log.RunLog;

/**
 * Decisions lost on connections cut mid-slot are sent again: the trial's main container in this JVM, the edge servers'
 * container in a child JVM on this machine, and the UEs' container in a child JVM on a host behind a slow, lossy link
 * ({@link NetnsHosts} {@code --behind-link}, {@link LossyLink}: 250 ms each way, a fifth of the chunks held back
 * 200-600 ms). As the orchestrator decides slots 1 and 2, the link closes every connection ({@code cut}) while the
 * decisions are on their way. A decision lost that way is asked for again by its UE (silence) and answered again with
 * the same decision; every task completes, slots.csv is that of the same trial in one JVM (greedy is deterministic),
 * and the summary gives the round trips of the UEs' container (with its late decisions) and of the servers'.
 */
class LostDecisionsIT {
    static final int PORT = 1199;

    @RegisterExtension
    static final NetnsHosts.PerClass hosts = new NetnsHosts.PerClass("lsd", 43, List.of("--behind-link", "ues"), "ues");

    @TempDir
    Path dir;

    @Test
    void connectionsCutUnderTheDecisionsLoseNoTaskAndChangeNoRow() throws Exception {
        String main = "10.231.43.1";
        java.util.concurrent.atomic.AtomicInteger cuts = new java.util.concurrent.atomic.AtomicInteger();
        List<String> answeredAgain = Collections.synchronizedList(new ArrayList<>());
        List<String> decided = Collections.synchronizedList(new ArrayList<>());
        // a request lost on the link and asked again after its slot was decided is decided late (alone): that slot's
        // rows are not those of the trial in one JVM
        NetnsTrial.LateDecisions late = new NetnsTrial.LateDecisions();
        try (NetnsTrial.Link link = NetnsTrial.link(
                        hosts.get(),
                        dir,
                        PORT,
                        3,
                        "--delay-ms",
                        "250",
                        "--loss",
                        "0.2",
                        "--loss-delay-ms",
                        "200-600",
                        "--seed",
                        "11");
                ChildJvms jvms = new ChildJvms(dir)) {
            Consumer<RunLog.Line> cutter = r -> {
                if (r.message().contains("answered again")) answeredAgain.add(r.message());
                if (r.message().contains("decided")) decided.add(r.message());
                late.accept(r);
                // the orchestrator logs a slot's decision as it sends the answers: the link cuts them
                int slot = NetnsTrial.decided(r);
                if ((slot == 1 || slot == 2) && cuts.incrementAndGet() <= 2) {
                    // once the answers are on their way (the servers confirm within a few ms, the link holds every
                    // chunk 250 ms) (one cut: the main container keeps a container whose connections are cut for
                    // --dropout-ms, DropoutIT shows it; this test is about the decisions lost under a cut)
                    NetnsTrial.later(100, () -> {
                        link.tell("cut");
                        link.tell("stats");
                    });
                }
            };
            List<String> calmRows = NetnsTrial.calmRows(jvms, dir, 3);
            Process servers = NetnsTrial.servers(jvms, main, PORT);
            Process uesJvm = NetnsTrial.ues(hosts.get(), dir, main, PORT, jvms.secret(), PORT + 1);
            Path out = dir.resolve("lossy");
            int rc;
            try {
                rc = NetnsTrial.run(cutter, main, PORT, jvms.secret(), out, "--slots", "3", "--collect-ms", "3000");
            } finally {
                if (!uesJvm.waitFor(30, TimeUnit.SECONDS)) uesJvm.destroyForcibly();
                if (!servers.waitFor(30, TimeUnit.SECONDS)) servers.destroyForcibly();
            }
            String summary = Files.readString(out.resolve("summary.md"));
            assertThat(Files.readString(link.log())).contains("stats: ");
            assertThat(rc)
                    .as(summary + "\n" + String.join("\n", jvms.lines("ues.log")))
                    .isZero();
            // JADE delivers a message again once on a fresh connection when the first breaks under it, so a cut does
            // not
            // always lose a decision; those it lost were asked for again (UeAsksAgainTest shows it without a network)
            System.err.println(
                    "LostDecisionsIT: " + answeredAgain.size() + " decisions answered again: " + answeredAgain);
            assertThat(answeredAgain)
                    .as("only decisions of the slots whose answers were cut are asked for again")
                    .allMatch(m -> m.matches(".* asks again in slot [12], answered again.*"));
            assertThat(summary).contains("tasks: 18, completed: 18, failed: 0").doesNotContain("NaN");
            NetnsTrial.assertRowsAsInOneJvm(Files.readAllLines(out.resolve("slots.csv")), calmRows, late.slots());
            System.err.println("LostDecisionsIT: the orchestrator said " + decided);
            assertThat(cuts.get())
                    .as("the link cut the connections as slot 1 (and 2) were decided: " + decided)
                    .isPositive();
            String[] uesRow = TrialAcrossJvmsIT.row(summary, "| container lambo-ues |");
            assertThat(uesRow[1])
                    .as("18 tasks of the UEs' container, each with its decision's round trip")
                    .isEqualTo("18");
            assertThat(uesRow[2]).isEqualTo("18");
            // a copy of a first request that JADE delivered again on a fresh connection after the cut is answered again
            // too, though its UE sent it once (CI28: 7 answered again, 6 re-sends); the UEs' own asking again has a
            // conversation of its own (offload-T-again-k), and each of those is one of the row's re-sends
            // (a copy of one of those delivered twice is one re-send: distinct conversations)
            long askedAgainByTheUes = answeredAgain.stream()
                    .map(m -> m.replaceAll(".*conversation (\\S+)\\)$", "$1"))
                    .filter(c -> c.contains("-again-"))
                    .distinct()
                    .count();
            assertThat(Integer.parseInt(uesRow[10]))
                    .as("each decision the UEs asked for again is one of their re-sends: " + String.join("|", uesRow)
                            + "; " + answeredAgain)
                    .isGreaterThanOrEqualTo((int) askedAgainByTheUes);
            for (int k = 3; k <= 5; k++)
                assertThat(uesRow[k]).as("a figure, not 'none measured'").matches("\\d+");
            assertThat(uesRow[11])
                    .as("the late decisions the orchestrator logged, on the UEs' container's row")
                    .isEqualTo(Integer.toString(late.seen().size()));
            String[] serversRow = TrialAcrossJvmsIT.row(summary, "| container lambo-servers |");
            assertThat(Integer.parseInt(serversRow[1]))
                    .as("the servers' container's allocations, as the orchestrator saw them confirmed: "
                            + String.join("|", serversRow))
                    .isPositive();
            int results = Integer.parseInt(uesRow[6]);
            for (int k = 7; k <= 9; k++)
                assertThat(uesRow[k]).as("results: %d", results).matches(results > 0 ? "\\d+" : "none measured");
        }
    }
}
