package org.lambo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A UE whose setup fails in another JVM ({@link SetupFailingUes}: its arguments cannot be read) tells the trial's clock
 * across the link (protocol lambo-setup, {@code LeaveAfterSetupFailure}): the trial ({@code lambo trial --remote ues},
 * a child JVM with a ten-minute start-up deadline) starts without waiting for it, that UE's tasks fail with its reason
 * in words, every other task completes, and the trial and the container end.
 */
class RemoteSetupFailureIT {
    private static final int SLOTS = 3;
    private static final int BAD = 2;

    @RegisterExtension
    final ChildJvmsExtension jvms = new ChildJvmsExtension();

    @Test
    void aRemoteUeThatCannotStartFailsItsTasksWithItsReasonAndTheTrialEndsWithoutWaitingForIt() throws Exception {
        int port = ChildJvms.freePort();
        Path out = jvms.dir().resolve("run");
        Process trial = jvms.start(
                "trial.log",
                "org.lambo.cli.Lambo",
                "trial",
                "--scenario",
                "tiny",
                "--seed",
                "3",
                "--slots",
                Integer.toString(SLOTS),
                "--policy",
                "greedy",
                "--out",
                out.toString(),
                "--port",
                Integer.toString(port),
                "--remote",
                "ues",
                "--secret-file",
                jvms.secret().toString(),
                "--startup-ms",
                "600000",
                "--decision-ms",
                "20000",
                "--server-ms",
                "5000");
        ChildJvms.awaitListening("127.0.0.1", port);
        Process ues = jvms.start(
                "ues.log",
                "org.lambo.cli.SetupFailingUes",
                "127.0.0.1",
                Integer.toString(port),
                "tiny",
                "3",
                jvms.secret().toString(),
                Integer.toString(BAD));
        // far less than the start-up deadline (600 s): the trial did not wait for the UE that could not start
        int rc = ChildJvms.exit(trial, 300);
        String log = String.join("\n", jvms.lines("trial.log"));
        assertThat(rc).as(log).isZero();
        List<String> lines = Files.readAllLines(out.resolve("slots.csv"), StandardCharsets.UTF_8);
        List<String> header = List.of(lines.get(0).split(","));
        int ue = header.indexOf("ue");
        int outcome = header.indexOf("outcome");
        assertThat(header.indexOf("reason"))
                .as("the reason (which may hold commas) after the outcome")
                .isGreaterThan(outcome);
        // each row and its whole line (the reason may be quoted and hold commas: read as text)
        List<String[]> rows = lines.stream()
                .skip(1)
                .map(l -> {
                    String[] cells = l.split(",", -1);
                    return new String[] {cells[0], cells[ue], cells[outcome], l};
                })
                .toList();
        assertThat(rows).as(log).isNotEmpty();
        List<String[]> bad =
                rows.stream().filter(r -> r[1].equals(Integer.toString(BAD))).toList();
        assertThat(bad).as("ue-%d has a task in some slot", BAD).isNotEmpty();
        assertThat(bad).allSatisfy(r -> assertThat(r[2]).isEqualTo("failed")).allSatisfy(r -> assertThat(r[3])
                .as("the reason the UE gave in its own JVM, in words")
                .contains("ue-" + BAD + " could not start")
                .contains("decision ms must be an integer, got 'soon'"));
        assertThat(rows.stream().filter(r -> !r[1].equals(Integer.toString(BAD))))
                .as("every other UE's task completes")
                .allSatisfy(r -> assertThat(r[2]).as(r[3]).isEqualTo("completed"));
        assertThat(rows.stream().mapToInt(r -> Integer.parseInt(r[0])).max().orElseThrow())
                .isEqualTo(SLOTS - 1);
        assertThat(Files.readString(out.resolve("summary.md")))
                .contains("## Why tasks failed")
                .contains("ue-" + BAD + " could not start");
        assertThat(ChildJvms.exit(ues, 60))
                .as("the container ends with the platform")
                .isZero();
        assertThat(String.join("\n", jvms.lines("ues.log"))).contains("setup-failing container: the platform ended");
    }
}
