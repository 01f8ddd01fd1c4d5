package org.lambo.agents;

import jade.core.AID;
import java.util.Optional;

/**
 * Who may say what, by name. A trial's agents have well-known local names ({@code trial-clock}, {@code orchestrator},
 * {@code ue-i}, {@code server-j}: {@link ServiceTypes}) and JADE's AMS keeps local names unique on the platform, so the
 * agent named {@code ue-3} is UE 3 and no other agent can take its name while it lives. The DF, which any agent may
 * write to, is not trusted to say who is who: an agent that registers as {@code lambo-trial-clock} does not become the
 * clock.
 *
 * <p>What a name cannot guard against: JADE lets a sending agent fill in the ACL sender field itself, so an agent
 * inside a container admitted to the platform can claim another's name. Keeping foreign containers out is the
 * platform's part (the per-trial secret a container needs to join).
 */
public final class Peers {
    private Peers() {}

    /** The trial's clock, the one agent that opens slots. */
    public static AID clock() {
        return new AID(ServiceTypes.CLOCK_NAME, AID.ISLOCALNAME);
    }

    /** The agent of UE i. */
    public static AID ue(int index) {
        return new AID(ServiceTypes.ueName(index), AID.ISLOCALNAME);
    }

    /** The agent of edge server j. */
    public static AID server(int number) {
        return new AID(ServiceTypes.serverName(number), AID.ISLOCALNAME);
    }

    /** Whether {@code sender} is {@code who} (by full name). */
    public static boolean is(AID sender, AID who) {
        return sender != null
                && who != null
                && sender.getName() != null
                && sender.getName().equalsIgnoreCase(who.getName());
    }

    /** Empty when the sender is the clock; otherwise the reason to refuse its slot-start. */
    public static Optional<String> notTheClock(AID sender) {
        if (is(sender, clock())) return Optional.empty();
        return Optional.of(
                "only the trial's clock (" + ServiceTypes.CLOCK_NAME + ") starts slots, not " + name(sender));
    }

    /**
     * Whether the sender bears the name of some UE ({@code ue-i}) or some edge server ({@code server-j}) of a trial.
     */
    public static boolean namedLike(AID sender, String role) {
        String n = name(sender);
        if (!n.startsWith(role + "-") || n.length() == role.length() + 1) return false;
        for (int k = role.length() + 1; k < n.length(); k++) if (!Character.isDigit(n.charAt(k))) return false;
        return true;
    }

    /** An agent's local name for messages and logs, whatever the AID holds. */
    public static String name(AID aid) {
        if (aid == null || aid.getName() == null || aid.getName().isEmpty()) return "an agent without a name";
        return aid.getLocalName();
    }
}
