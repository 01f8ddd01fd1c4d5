package org.lambo.mqtt.topic;

import java.util.regex.Pattern;

/**
 * The one rule for the ids that become topic levels (testbed and device ids) and MQTT user names: 1 to 64 characters
 * from {@code [A-Za-z0-9_.-]}, starting with a letter or digit.
 *
 * <p>Why so strict: an id is spliced into topic names and into Mosquitto's ACL patterns ({@code %u}), so it must never
 * contain a level separator ({@code /}), a wildcard ({@code +}, {@code #}), a leading {@code $} (broker-internal
 * topics), white space or control characters, and it must be safe as a file and user name on the device.
 */
public final class Ids {
    /** Longest accepted id, in characters. */
    public static final int MAX_LENGTH = 64;

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

    private Ids() {}

    /** Returns {@code value} when it is a valid id, else throws naming {@code field} and the value. */
    public static String require(String field, String value) {
        if (value == null) throw new TopicException(field, "is missing");
        if (!ID.matcher(value).matches()) {
            throw new TopicException(
                    field,
                    "must be 1 to " + MAX_LENGTH
                            + " characters of [A-Za-z0-9_.-] starting with a letter or digit (no '/', '+', '#', '$' or spaces), got '"
                            + printable(value) + "'");
        }
        return value;
    }

    /** Whether {@code value} is a valid id. */
    public static boolean isValid(String value) {
        return value != null && ID.matcher(value).matches();
    }

    /** The value with control characters escaped and cut to a readable length, for error messages. */
    static String printable(String value) {
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < value.length() && b.length() < 80; k++) {
            char c = value.charAt(k);
            if (c < 0x20 || c == 0x7f) b.append(String.format("\\u%04x", (int) c));
            else b.append(c);
        }
        if (b.length() >= 80) b.append("...");
        return b.toString();
    }
}
