package org.lambo.agents;

import jade.lang.acl.ACLMessage;
import jade.lang.acl.MessageTemplate;
import java.lang.reflect.Field;

/**
 * What a {@link GuardedQueue} indexes its messages by, and what a {@link MessageTemplate} requires of a message in
 * those terms, so that a receive looks only at the messages that can match: the performative, the protocol, the
 * conversation-id and the in-reply-to (what the agents' {@link ReceiveContent} templates, JADE's protocol initiators
 * and its AMS subscriber match on).
 *
 * <p>A template's requirements are read from JADE's own expression ({@code MessageTemplate.MatchPerformative},
 * {@code MatchProtocol}, {@code MatchConversationId}, {@code MatchInReplyTo} and {@code and} of them; anything under an
 * {@code or}, a {@code not} or a custom expression requires nothing), through reflection on JADE 4.3's classes. Each is
 * a necessary condition of the template's match, never a sufficient one: the queue still evaluates the whole template
 * on every candidate, so a template read wrong, or not read at all (another JADE: {@link #readable} false), costs a
 * scan, never a wrong message. Strings are keyed as JADE compares them (ignoring case:
 * {@code jade.core.CaseInsensitiveString}).
 */
final class TemplateIndex {
    /** Every message. */
    static final int ALL = 0;

    static final int PERFORMATIVE = 1;
    static final int PROTOCOL = 2;
    static final int CONVERSATION = 3;
    static final int IN_REPLY_TO = 4;
    /** Dimensions 1 ... {@code KEYED_DIMS - 1} are keyed by a field of the message. */
    static final int KEYED_DIMS = 5;
    /** The messages no {@code handled} template matches ({@link GuardedQueue#unclaimed}), one dimension per set. */
    static final int UNCLAIMED = KEYED_DIMS;

    static final int UNCLAIMED_SETS = 2;
    static final int DIMS = UNCLAIMED + UNCLAIMED_SETS;

    private static final Object[] NOTHING = new Object[KEYED_DIMS];

    private static final Field TO_MATCH;
    private static final Field SLOT;
    private static final Field VALUE;
    private static final Field PERF;
    private static final Field OP1;
    private static final Field OP2;
    private static final Class<?> LITERAL;
    private static final Class<?> AND;
    /** JADE's slot numbers, by our dimension (-1: none). */
    private static final int[] SLOT_OF = new int[KEYED_DIMS];

    static {
        Field toMatch = null, slot = null, value = null, perf = null, op1 = null, op2 = null;
        Class<?> literal = null, and = null;
        try {
            toMatch = field(MessageTemplate.class, "toMatch");
            literal = Class.forName("jade.lang.acl.MessageTemplate$Literal");
            and = Class.forName("jade.lang.acl.MessageTemplate$AndExpression");
            slot = field(literal, "slotName");
            value = field(literal, "matchValue");
            perf = field(literal, "perfValue");
            op1 = field(and, "op1");
            op2 = field(and, "op2");
            SLOT_OF[ALL] = -1;
            SLOT_OF[PERFORMATIVE] = field(MessageTemplate.class, "PERFORMATIVE").getInt(null);
            SLOT_OF[PROTOCOL] = field(MessageTemplate.class, "PROTOCOL").getInt(null);
            SLOT_OF[CONVERSATION] =
                    field(MessageTemplate.class, "CONVERSATION_ID").getInt(null);
            SLOT_OF[IN_REPLY_TO] = field(MessageTemplate.class, "IN_REPLY_TO").getInt(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            toMatch = null; // another JADE: every template scans the whole queue, as JADE's own queue does
        }
        TO_MATCH = toMatch;
        SLOT = slot;
        VALUE = value;
        PERF = perf;
        OP1 = op1;
        OP2 = op2;
        LITERAL = literal;
        AND = and;
    }

    private TemplateIndex() {}

    private static Field field(Class<?> c, String name) throws NoSuchFieldException {
        Field f = c.getDeclaredField(name);
        f.setAccessible(true);
        return f;
    }

    /** Whether templates are read at all (JADE's classes as expected); false: every receive scans the queue. */
    static boolean readable() {
        return TO_MATCH != null;
    }

    /** The key of {@code msg} in dimension {@code dim} (1 ... {@link #KEYED_DIMS} - 1); null: the field is not set. */
    static Object keyOf(ACLMessage msg, int dim) {
        return switch (dim) {
            case PERFORMATIVE -> msg.getPerformative();
            case PROTOCOL -> fold(msg.getProtocol());
            case CONVERSATION -> fold(msg.getConversationId());
            case IN_REPLY_TO -> fold(msg.getInReplyTo());
            default -> throw new IllegalArgumentException("not a keyed dimension: " + dim);
        };
    }

    /**
     * What {@code template} requires, by dimension (index 1 ... {@link #KEYED_DIMS} - 1, null where it requires
     * nothing): a message it matches has exactly that key there.
     */
    static Object[] required(MessageTemplate template) {
        if (TO_MATCH == null || template == null || template.getClass() != MessageTemplate.class) return NOTHING;
        try {
            Object[] req = new Object[KEYED_DIMS];
            collect(TO_MATCH.get(template), req, 0);
            return req;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return NOTHING;
        }
    }

    private static void collect(Object expr, Object[] req, int depth) throws IllegalAccessException {
        if (expr == null || depth > 64) return;
        if (expr.getClass() == AND) {
            collect(OP1.get(expr), req, depth + 1);
            collect(OP2.get(expr), req, depth + 1);
            return;
        }
        if (expr.getClass() != LITERAL) return; // or, not, custom: nothing required
        int slot = SLOT.getInt(expr);
        for (int d = 1; d < KEYED_DIMS; d++) {
            if (slot != SLOT_OF[d]) continue;
            Object key = d == PERFORMATIVE ? (Object) PERF.getInt(expr) : keyOfValue(VALUE.get(expr));
            if (key != null) req[d] = key;
        }
    }

    private static Object keyOfValue(Object value) {
        return value instanceof String s ? fold(s) : null;
    }

    /**
     * A string's key such that two strings JADE takes as equal (String.regionMatches ignoring case, code point by code
     * point) have the same key: each code point to lower case of its upper case. Null for null.
     */
    static String fold(String s) {
        if (s == null) return null;
        boolean plain = true;
        for (int k = 0; k < s.length() && plain; k++) {
            char c = s.charAt(k);
            plain = c < 128 && (c < 'A' || c > 'Z');
        }
        if (plain) return s;
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> b.appendCodePoint(Character.toLowerCase(Character.toUpperCase(cp))));
        return b.toString();
    }
}
