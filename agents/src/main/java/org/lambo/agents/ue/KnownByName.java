package org.lambo.agents.ue;

import org.lambo.agents.SlotSource;
import org.lambo.scenario.Scenario;

/**
 * Whether a trial's UEs are known by their well-known names alone, without the DF: in a scenario of more than
 * {@value #MOST_IN_DIRECTORY} UEs, a UE neither registers with the DF nor searches it for the orchestrator (it asks the
 * agent named {@value org.lambo.agents.ServiceTypes#ORCHESTRATOR_NAME}), and the clock knows which {@code ue-i} are up
 * from the AMS, whose platform events it already watches (the births of {@link org.lambo.agents.DeathWatch}). The DF's
 * one thread cannot take 10,000 registrations and searches before its answers time out (docs/BENCHMARKS.md, "Scale
 * out"); and it adds nothing to who is who: names are unique on the platform (the AMS), the DF is anyone's to write to,
 * and every message is checked against the sender's name as before ({@link org.lambo.agents.Peers}). The edge servers
 * of such a trial do not search the DF for the orchestrator either: they report to, and take allocations only from, the
 * agent of that name ({@link org.lambo.agents.server.EdgeServerAgent}).
 *
 * <p>The UE and the clock decide from the same number, the scenario's most UEs ever ({@link SlotSource#maxUesEver}), so
 * that they always agree.
 */
public final class KnownByName {
    /** The most UEs a scenario may have for its UEs to register with the DF and be found there. */
    public static final int MOST_IN_DIRECTORY = 100;

    private KnownByName() {}

    /** Whether the UEs of {@code scenario} are known by name (true) or through the DF (false). */
    public static boolean ues(Scenario scenario) {
        return ues(SlotSource.maxUesEver(scenario));
    }

    /** Whether a trial whose scenario has at most {@code mostUes} UEs at any time knows its UEs by name. */
    public static boolean ues(int mostUes) {
        if (mostUes < 0) throw new IllegalArgumentException("mostUes must be >= 0, got " + mostUes);
        return mostUes > MOST_IN_DIRECTORY;
    }
}
