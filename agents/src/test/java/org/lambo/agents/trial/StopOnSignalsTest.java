package org.lambo.agents.trial;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import sun.misc.Signal;

class StopOnSignalsTest {
    /** Waits (polling, 20 s at most) until the stop was requested. */
    private static TrialStop.Request awaitRequest(TrialStop stop) throws InterruptedException {
        for (int k = 0; k < 400 && stop.requested().isEmpty(); k++) Thread.sleep(50);
        return stop.requested().orElseThrow(() -> new AssertionError("no stop was requested"));
    }

    @Test
    void aRealSigtermRequestsTheStopNamingTheSignalInsteadOfEndingTheJvm() throws Exception {
        TrialStop stop = new TrialStop();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (StopOnSignals s = StopOnSignals.install(stop, new PrintStream(err, true, StandardCharsets.UTF_8))) {
            Signal.raise(new Signal("TERM")); // this very JVM: without the handler it would end here
            TrialStop.Request r = awaitRequest(stop);
            assertThat(r.cause()).isEqualTo("SIGTERM");
            assertThat(r.exitCode()).isEqualTo(143);
        }
        for (int k = 0; k < 100 && err.size() == 0; k++) Thread.sleep(50);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("SIGTERM: ending the trial and writing what it recorded");
    }

    @Test
    void aSigintIsExitCode130() throws Exception {
        TrialStop stop = new TrialStop();
        try (StopOnSignals s = StopOnSignals.install(
                stop, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
            Signal.raise(new Signal("INT"));
            assertThat(awaitRequest(stop)).isEqualTo(new TrialStop.Request("SIGINT", 130));
        }
    }

    @Test
    void onlyTheFirstRequestCounts() {
        TrialStop stop = new TrialStop();
        java.util.List<String> seen = new java.util.ArrayList<>();
        stop.onRequest(r -> seen.add(r.cause()));
        assertThat(stop.request("SIGTERM", 143)).isTrue();
        assertThat(stop.request("SIGINT", 130)).isFalse();
        stop.onRequest(r -> seen.add("late " + r.cause()));
        assertThat(seen).containsExactly("SIGTERM", "late SIGTERM");
        assertThat(stop.requested()).contains(new TrialStop.Request("SIGTERM", 143));
    }
}
