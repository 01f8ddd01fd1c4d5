package org.lambo.agents;

import java.util.OptionalInt;

/**
 * An agent that left the platform, as the AMS told: it died, alone or with its whole container.
 *
 * @param agent the agent's local name ({@code ue-3}, {@code server-2}, ...)
 * @param container the container it lived in (empty when the AMS did not say)
 * @param containerRemoved whether its container went with it (a JVM or machine that died, or was shut down)
 */
public record Departure(String agent, String container, boolean containerRemoved) {
    public Departure {
        if (agent == null || agent.isBlank())
            throw new IllegalArgumentException("agent must not be blank, got '" + agent + "'");
        container = container == null ? "" : container;
    }

    /** Why the agent is gone, for a task's reason: {@code "ue-3 is gone: its container lambo-ues was removed"}. */
    public String reason() {
        if (containerRemoved)
            return agent + " is gone: its container " + (container.isEmpty() ? "" : container + " ") + "was removed";
        return agent + " is gone: it died" + (container.isEmpty() ? "" : " in container " + container);
    }

    /** The UE index i when the agent is {@code ue-i}. */
    public OptionalInt ueIndex() {
        return indexAfter("ue-");
    }

    /** The server number j when the agent is {@code server-j}. */
    public OptionalInt serverNumber() {
        return indexAfter("server-");
    }

    private OptionalInt indexAfter(String prefix) {
        if (!agent.startsWith(prefix)) return OptionalInt.empty();
        String rest = agent.substring(prefix.length());
        if (rest.isEmpty() || rest.length() > 9 || !rest.chars().allMatch(Character::isDigit))
            return OptionalInt.empty();
        return OptionalInt.of(Integer.parseInt(rest));
    }
}
