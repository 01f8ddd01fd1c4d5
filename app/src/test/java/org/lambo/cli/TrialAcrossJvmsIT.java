package org.lambo.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A trial over three JVMs on loopback: this JVM holds the main container (orchestrator and clock), one child JVM joins
 * with the UEs and another with the edge servers ({@code lambo container}). Its summary and trial.json give the round
 * trips per container: the UEs' as their reports carry them, the servers' as the orchestrator saw its allocations
 * confirmed.
 */
class TrialAcrossJvmsIT {
    @RegisterExtension
    final ChildJvmsExtension jvms = new ChildJvmsExtension();

    @Test
    void aTrialRunsWithItsUesAndServersInTwoOtherJvms() throws Exception {
        int port = ChildJvms.freePort();
        Process ues = jvms.container(port, "ues");
        Process servers = jvms.container(port, "servers");
        Path out = jvms.dir().resolve("run"); // where remoteTrialArgs writes
        int rc = Lambo.commandLine().execute(jvms.remoteTrialArgs(port, "greedy", 3));
        assertThat(rc).isZero();
        String summary = Files.readString(out.resolve("summary.md"));
        assertThat(summary).contains("tasks: 30, completed: 30, failed: 0").doesNotContain("NaN");
        // the round trips per container: every task's through the UEs' container, the allocations through the servers'
        String[] ueRow = row(summary, "| container lambo-ues |");
        assertThat(ueRow[1]).as(String.join("|", ueRow)).isEqualTo("30");
        assertThat(ueRow[2]).as("every task's decision measured").isEqualTo("30");
        assertThat(ueRow[3]).as("a median, not 'none measured'").matches("\\d+");
        assertThat(ueRow[11]).as("nothing decided late on loopback").isEqualTo("0");
        assertThat(ueRow[12])
                .as("the address the UEs' container joined from, as the main container saw it")
                .isEqualTo("127.0.0.1");
        String[] serverRow = row(summary, "| container lambo-servers |");
        int allocations = Integer.parseInt(serverRow[1]);
        assertThat(allocations)
                .as("greedy offloads: the servers confirm allocations: " + String.join("|", serverRow))
                .isPositive();
        assertThat(serverRow[2]).isEqualTo(serverRow[1]);
        assertThat(serverRow[3]).matches("\\d+");
        assertThat(serverRow[6]).as("all confirmed").isEqualTo("0");
        assertThat(serverRow[7]).as("where the servers' container joined from").isEqualTo("127.0.0.1");
        var roundTrips = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(Files.readString(out.resolve("trial.json")))
                .path("roundTrips");
        assertThat(roundTrips.path("ues").findValuesAsText("where")).contains("container lambo-ues");
        assertThat(roundTrips.path("ues").get(0).path("joinedFrom").asText()).isEqualTo("127.0.0.1");
        assertThat(roundTrips.path("servers").findValuesAsText("where"))
                .startsWith("container lambo-servers")
                .contains("server-1");
        assertThat(roundTrips.path("servers").get(0).path("allocations").asInt())
                .isEqualTo(allocations);
        // both containers end with the platform
        ChildJvms.assertExits(ues, 30, 0);
        ChildJvms.assertExits(servers, 30, 0);
        assertThat(jvms.log("ues.log")).contains("joined 127.0.0.1:" + port + " with 0 edge servers and 10 UEs");
        assertThat(jvms.log("servers.log")).contains("with 3 edge servers and 0 UEs");
    }

    /** The cells of the summary's row that starts with {@code start} (the first cell is its name). */
    static String[] row(String summary, String start) {
        for (String l : summary.split("\n")) {
            if (l.startsWith(start))
                return java.util.Arrays.stream(l.substring(1, l.length() - 1).split("\\|"))
                        .map(String::strip)
                        .toArray(String[]::new);
        }
        throw new AssertionError("no row '" + start + "' in " + summary);
    }
}
