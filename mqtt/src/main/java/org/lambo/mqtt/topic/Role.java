package org.lambo.mqtt.topic;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a device is in the testbed; its topic level is the lower-case {@link #level()}. */
public enum Role {
    /** A user equipment: produces tasks, runs local tasks, offloads others. */
    UE("ue"),
    /** An edge server: runs offloaded tasks. */
    SERVER("server"),
    /** The testbed side: the bridge between the agents and the devices. */
    BRIDGE("bridge");

    private final String level;

    Role(String level) {
        this.level = level;
    }

    /** The topic level, e.g. {@code ue}. */
    public String level() {
        return level;
    }

    /** The role whose topic level is {@code level}, ignoring case and surrounding blanks (for flags). */
    public static Role parse(String field, String level) {
        return ofLevel(field, level == null ? null : level.trim().toLowerCase(Locale.ROOT));
    }

    /** The role whose topic level is exactly {@code level} (for topic names). */
    public static Role ofLevel(String field, String level) {
        for (Role r : values()) if (r.level.equals(level)) return r;
        throw new TopicException(
                field,
                "must be one of "
                        + Arrays.stream(values()).map(Role::level).collect(Collectors.joining(", "))
                        + ", got '" + (level == null ? "null" : Ids.printable(level)) + "'");
    }

    @Override
    public String toString() {
        return level;
    }
}
