package org.lambo.agents.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/** The agents' tests read what an agent logged through SLF4J: only its own logger's lines, at the levels asked for. */
class CapturedLogTest {
    private static final Logger AGENT = LoggerFactory.getLogger("org.lambo.agents.SomeAgent");
    private static final Logger OTHER = LoggerFactory.getLogger("org.lambo.agents.OtherAgent");

    @Test
    void slf4jIsServedByTheCaptureAlone() {
        assertThat(org.lambo.log.LineLoggingProvider.behind(LoggerFactory.getILoggerFactory()))
                .hasValueSatisfying(p -> assertThat(p).isInstanceOf(CapturedLogProvider.class));
    }

    @Test
    void aCaptureTakesItsLoggersLinesFromItsLevelUpWithTheirLevelsAndNothingOnceClosed() {
        RuntimeException boom = new RuntimeException("boom");
        try (CapturedLog info = CapturedLog.of("org.lambo.agents.SomeAgent", Level.INFO);
                CapturedLog debug = CapturedLog.of("org.lambo.agents.SomeAgent", Level.DEBUG)) {
            AGENT.atDebug().log(() -> "ue-3 asks in slot 0 (c1)");
            AGENT.info("slot {} decided", 0);
            AGENT.warn("the report of t0-ue1 could not be delivered", boom);
            AGENT.error("policy failed");
            OTHER.warn("not this agent's line");

            assertThat(info.lines())
                    .extracting(CapturedLog.Line::level)
                    .containsExactly(Level.INFO, Level.WARN, Level.ERROR);
            assertThat(info.messages())
                    .containsExactly("slot 0 decided", "the report of t0-ue1 could not be delivered", "policy failed");
            assertThat(info.lines().get(1).thrown()).isSameAs(boom);
            assertThat(info.count("ue-3 asks")).isZero();
            assertThat(debug.count("ue-3 asks in slot 0 (c1)")).isEqualTo(1);
            assertThat(debug.saw(Level.WARN, "could not be delivered")).isTrue();
            assertThat(debug.saw(Level.INFO, "could not be delivered")).isFalse();
            info.close();
            AGENT.warn("after the close");
            assertThat(info.count("after the close")).isZero();
            assertThat(debug.count("after the close")).isEqualTo(1);
        }
    }

    @Test
    void withNoCaptureOpenDebugLinesAreNotEvenMadeAndInfoAndAboveReachStderr() {
        PrintStream err = System.err;
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        System.setErr(new PrintStream(console, true, StandardCharsets.UTF_8));
        boolean[] made = {false};
        try {
            AGENT.atDebug().log(() -> {
                made[0] = true;
                return "a debug line";
            });
            AGENT.info("an info line");
        } finally {
            System.setErr(err);
        }
        assertThat(made[0]).isFalse();
        assertThat(console.toString(StandardCharsets.UTF_8))
                .contains("INFO org.lambo.agents.SomeAgent - an info line")
                .doesNotContain("a debug line");
    }
}
