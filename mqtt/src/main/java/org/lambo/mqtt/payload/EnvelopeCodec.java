package org.lambo.mqtt.payload;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.lambo.io.StrictJson;
import org.lambo.mqtt.topic.Ids;

/**
 * Writes and strictly reads {@link Envelope}s (see {@code docs/MQTT.md} for the schema). Reading checks, in this order,
 * and stops at the first failure with a {@link PayloadException} naming the reason and the field: size
 * ({@link RejectReason#TOO_LARGE}), JSON syntax, an object at the top, finite numbers everywhere, the {@code schema}
 * version, the envelope fields' presence, types and ranges, no unknown envelope fields, a registered {@code type}, and
 * finally the body through its {@link BodyType}'s reader. Immutable and thread-safe once built.
 */
public final class EnvelopeCodec {
    /** The envelope schema version this code writes. */
    public static final int SCHEMA = 1;
    /** Default largest accepted payload: 64 KiB ({@link StrictJson#MAX_MESSAGE}, ACL content's limit too). */
    public static final int DEFAULT_MAX_BYTES = StrictJson.MAX_MESSAGE;

    private static final Set<String> FIELDS = Set.of("schema", "type", "deviceId", "seq", "sentAt", "body");

    private final int maxBytes;
    private final Map<String, BodyType<?>> types;
    private final ObjectMapper mapper;

    private EnvelopeCodec(Builder b) {
        this.maxBytes = b.maxBytes;
        this.types = Map.copyOf(b.types);
        this.mapper = StrictJson.mapper(maxBytes);
    }

    /** A builder with the {@code status} body type registered and a {@value #DEFAULT_MAX_BYTES}-byte limit. */
    public static Builder builder() {
        return new Builder();
    }

    /** The largest payload accepted, in bytes. */
    public int maxBytes() {
        return maxBytes;
    }

    /** The registered body type names. */
    public Set<String> types() {
        return new TreeSet<>(types.keySet());
    }

    /**
     * The envelope as UTF-8 JSON bytes. Throws {@link IllegalArgumentException} for an unregistered type, a body of the
     * wrong class, a NaN or infinite number, or a result over the size limit: what this codec would reject on reading
     * is never sent.
     */
    public byte[] encode(Envelope<?> envelope) {
        BodyType<?> type = types.get(envelope.type());
        if (type == null)
            throw new IllegalArgumentException("no body type '" + envelope.type() + "' registered; known: " + types());
        if (!type.javaType().isInstance(envelope.body())) {
            throw new IllegalArgumentException(
                    "body type '" + type.name() + "' needs a " + type.javaType().getName() + ", got "
                            + envelope.body().getClass().getName());
        }
        // written straight to bytes, in the order of the schema; the guard notes the first NaN or infinity
        ByteArrayBuilder out = new ByteArrayBuilder(256);
        int bodyAt;
        FiniteGuard g;
        try {
            g = new FiniteGuard(mapper.getFactory().createGenerator(out));
            g.writeStartObject();
            g.writeNumberField("schema", envelope.schema());
            g.writeStringField("type", envelope.type());
            g.writeStringField("deviceId", envelope.deviceId());
            g.writeNumberField("seq", envelope.seq());
            g.writeStringField("sentAt", text(envelope.sentAt()));
            g.writeFieldName("body");
            bodyAt = out.size() + g.getOutputBuffered() + 1; // after the ':' the next value writes
            writeBody(g, type, envelope.body());
            g.writeEndObject();
            g.close();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write envelope of type " + envelope.type(), e);
        }
        byte[] bytes = out.toByteArray();
        if (bodyAt >= bytes.length || bytes[bodyAt] != '{') {
            throw new IllegalArgumentException(type.javaType().getName() + " does not write as a JSON object: "
                    + shorten(new String(bytes, bodyAt, Math.max(0, bytes.length - 1 - bodyAt), UTF_8)));
        }
        if (g.nonFinite != null) {
            PayloadException e = new PayloadException(
                    RejectReason.NOT_FINITE, g.nonFinitePath, "must be a finite number, got " + g.nonFinite);
            throw new IllegalArgumentException(
                    "cannot send envelope of type " + envelope.type() + ": " + e.getMessage(), e);
        }
        if (bytes.length > maxBytes) {
            throw new IllegalArgumentException("envelope of type " + envelope.type() + " is " + bytes.length
                    + " bytes, over the limit of " + maxBytes);
        }
        return bytes;
    }

    private void writeBody(JsonGenerator g, BodyType<?> type, Object body) throws IOException {
        if (type.writer() instanceof JacksonBody<?> jackson) {
            writeJackson(g, jackson, body);
        } else {
            mapper.writeTree(g, apply(type, body));
        }
    }

    @SuppressWarnings("unchecked")
    private static <B> void writeJackson(JsonGenerator g, JacksonBody<B> body, Object value) throws IOException {
        body.write(g, (B) value);
    }

    private static <B> ObjectNode apply(BodyType<B> type, Object body) {
        return type.writer().apply(type.javaType().cast(body));
    }

    /**
     * A generator that notes the first NaN or infinite number written and its field path (in the form of
     * {@link PayloadException#field()}), so that encoding needs no tree to check them.
     */
    private static final class FiniteGuard extends JsonGeneratorDelegate {
        String nonFinite;
        String nonFinitePath;

        FiniteGuard(JsonGenerator g) {
            super(g, false);
        }

        @Override
        public void writeNumber(double v) throws IOException {
            super.writeNumber(v);
            if (!Double.isFinite(v) && nonFinite == null) note(Double.toString(v));
        }

        @Override
        public void writeNumber(float v) throws IOException {
            super.writeNumber(v);
            if (!Float.isFinite(v) && nonFinite == null) note(Float.toString(v));
        }

        private void note(String value) {
            nonFinite = value;
            nonFinitePath = path(getOutputContext());
        }
    }

    /** The path of a parser's or generator's current value: {@code body.task.bits}, {@code body.xs[2]}. */
    static String path(JsonStreamContext context) {
        java.util.ArrayDeque<JsonStreamContext> chain = new java.util.ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) chain.push(c);
        StringBuilder b = new StringBuilder();
        for (JsonStreamContext c : chain) {
            if (c.inArray()) b.append('[').append(c.getCurrentIndex()).append(']');
            else {
                if (b.length() > 0) b.append('.');
                b.append(c.getCurrentName());
            }
        }
        return b.toString();
    }

    /** Reads an envelope, or throws a {@link PayloadException} saying why not. */
    public Envelope<?> decode(byte[] payload) throws PayloadException {
        Objects.requireNonNull(payload, "payload");
        if (payload.length > maxBytes) {
            throw new PayloadException(
                    RejectReason.TOO_LARGE,
                    "",
                    "payload is " + payload.length + " bytes, over the limit of " + maxBytes);
        }
        Envelope<?> read = decodeStreaming(payload);
        // not a plain valid envelope: the tree reader finds the first fault in the documented order and words it
        return read != null ? read : decodeTree(payload);
    }

    /**
     * The fast path of {@link #decode}: one streaming pass over the envelope that checks the syntax, duplicate keys,
     * finite numbers and the envelope fields without building a tree, then the body bound straight from the bytes by
     * its {@link BodyType}. Returns {@code null} at the first fault of any kind, the body's included (the caller then
     * reads the payload again with {@link #decodeTree}, the reference, which words the fault). Accepts exactly what
     * {@link #decodeTree} accepts, with the same result ({@code EnvelopeCodecTest} compares the two).
     */
    Envelope<?> decodeStreaming(byte[] payload) {
        long schema = -1, seq = -1;
        String type = null, deviceId = null, sentAtText = null;
        int bodyAt = -1, bodyEnd = -1;
        try (JsonParser p = mapper.createParser(payload)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return null;
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken t = p.nextToken();
                switch (name) {
                    case "schema" -> schema = longValue(p, t);
                    case "seq" -> seq = longValue(p, t);
                    case "type" -> type = t == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "deviceId" -> deviceId = t == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "sentAt" -> sentAtText = t == JsonToken.VALUE_STRING ? p.getText() : null;
                    case "body" -> {
                        if (t != JsonToken.START_OBJECT) return null;
                        bodyAt = (int) p.currentTokenLocation().getByteOffset();
                        if (bodyAt < 0 || !finiteObject(p)) return null;
                        bodyEnd = (int) p.currentTokenLocation().getByteOffset() + 1; // after its '}'
                    }
                    default -> {
                        return null;
                    }
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) return null;
        } catch (IOException e) {
            return null;
        }
        if (schema != SCHEMA || seq < 0 || type == null || deviceId == null || sentAtText == null || bodyEnd <= bodyAt)
            return null;
        if (!Ids.isValid(deviceId)) return null;
        Instant sentAt = instant(sentAtText);
        if (sentAt == null) return null;
        BodyType<?> bodyType = types.get(type);
        if (bodyType == null) return null;
        Object value = readBody(bodyType, payload, bodyAt, bodyEnd);
        if (value == null) return null;
        return new Envelope<>(SCHEMA, type, deviceId, seq, sentAt, value);
    }

    /**
     * {@code text} as an instant if it has the form this codec writes, {@code yyyy-MM-ddTHH:mm:ss[.f]Z} with 1 to 9
     * fraction digits and a valid date and time (no leap second): the same instant {@link Instant#parse} gives, at a
     * tenth of its cost; {@code null} for any other text, which {@link #decodeTree} then reads with
     * {@link Instant#parse}.
     */
    static Instant instant(String text) {
        int n = text.length();
        if (n < 20 || n > 30 || n == 21 || text.charAt(n - 1) != 'Z') return null;
        if (text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(10) != 'T') return null;
        if (text.charAt(13) != ':' || text.charAt(16) != ':') return null;
        int year = digits(text, 0, 4), month = digits(text, 5, 7), day = digits(text, 8, 10);
        int hour = digits(text, 11, 13), minute = digits(text, 14, 16), second = digits(text, 17, 19);
        if ((year | month | day | hour | minute | second) < 0) return null;
        if (year < 1 || month < 1 || month > 12 || day < 1 || day > 28 && day > lengthOfMonth(year, month)) return null;
        if (hour > 23 || minute > 59 || second > 59) return null;
        int nanos = 0;
        if (n > 20) {
            if (text.charAt(19) != '.') return null;
            int fraction = digits(text, 20, n - 1);
            if (fraction < 0) return null;
            nanos = fraction;
            for (int k = n - 1 - 20; k < 9; k++) nanos *= 10;
        }
        long days = java.time.LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(days * 86_400 + hour * 3600L + minute * 60L + second, nanos);
    }

    /** The first instant of year 10000: from there {@link Instant#toString} writes a sign. */
    private static final long YEAR_10000 = 253_402_300_800L;

    /**
     * {@link Instant#toString} ({@code 2026-12-06T13:30:00.123456Z}: seconds always, fraction digits in groups of
     * three, none for a whole second) for instants from 1970 to 9999, at a fraction of its cost; others through it.
     */
    static String text(Instant t) {
        long seconds = t.getEpochSecond();
        if (seconds < 0 || seconds >= YEAR_10000) return t.toString();
        java.time.LocalDateTime d = java.time.LocalDateTime.ofEpochSecond(seconds, 0, java.time.ZoneOffset.UTC);
        int nanos = t.getNano();
        StringBuilder b = new StringBuilder(30);
        pad(b, d.getYear(), 4).append('-');
        pad(b, d.getMonthValue(), 2).append('-');
        pad(b, d.getDayOfMonth(), 2).append('T');
        pad(b, d.getHour(), 2).append(':');
        pad(b, d.getMinute(), 2).append(':');
        pad(b, d.getSecond(), 2);
        if (nanos > 0) {
            b.append('.');
            if (nanos % 1_000_000 == 0) pad(b, nanos / 1_000_000, 3);
            else if (nanos % 1000 == 0) pad(b, nanos / 1000, 6);
            else pad(b, nanos, 9);
        }
        return b.append('Z').toString();
    }

    private static StringBuilder pad(StringBuilder b, int value, int width) {
        for (int p = width - 1, v = value; p >= 0; p--) {
            int d = v;
            for (int k = 0; k < p; k++) d /= 10;
            b.append((char) ('0' + d % 10));
        }
        return b;
    }

    private static int lengthOfMonth(int year, int month) {
        return java.time.YearMonth.of(year, month).lengthOfMonth();
    }

    /** The decimal number in {@code text[from, to)}, or -1 if a character there is not a digit 0 to 9. */
    private static int digits(String text, int from, int to) {
        int v = 0;
        for (int k = from; k < to; k++) {
            char c = text.charAt(k);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** An integer in [0, Long.MAX_VALUE] at the current token, or -1 for anything else. */
    private static long longValue(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.VALUE_NUMBER_INT) return -1;
        JsonParser.NumberType n = p.getNumberType();
        if (n != JsonParser.NumberType.INT && n != JsonParser.NumberType.LONG) return -1;
        return Math.max(-1, p.getLongValue());
    }

    /**
     * Moves past the object whose {@code START_OBJECT} is the current token, to its {@code END_OBJECT}; false if a
     * number in it is NaN or infinite.
     */
    private static boolean finiteObject(JsonParser p) throws IOException {
        int depth = 1;
        boolean finite = true;
        while (depth > 0) {
            JsonToken t = p.nextToken();
            if (t == null) return false;
            switch (t) {
                case START_OBJECT, START_ARRAY -> depth++;
                case END_OBJECT, END_ARRAY -> depth--;
                case VALUE_NUMBER_FLOAT -> finite &= Double.isFinite(p.getDoubleValue());
                default -> {}
            }
        }
        return finite;
    }

    /** The body in bytes {@code [from, to)}, or null if its reader rejects it. */
    private Object readBody(BodyType<?> type, byte[] payload, int from, int to) {
        try (JsonParser body = mapper.createParser(payload, from, to - from)) {
            if (type.reader() instanceof JacksonBody<?> jackson) return jackson.read(body);
            JsonNode tree = mapper.readTree(body);
            return tree == null ? null : type.reader().read(tree);
        } catch (IOException | RuntimeException e) {
            return null; // PayloadException included: decodeTree words it
        }
    }

    /** The reference reader: the whole payload as a tree, then each check of the class comment in order. */
    Envelope<?> decodeTree(byte[] payload) throws PayloadException {
        Objects.requireNonNull(payload, "payload");
        if (payload.length > maxBytes) {
            throw new PayloadException(
                    RejectReason.TOO_LARGE,
                    "",
                    "payload is " + payload.length + " bytes, over the limit of " + maxBytes);
        }
        if (payload.length == 0) throw new PayloadException(RejectReason.NOT_JSON, "", "payload is empty");
        JsonNode root;
        try {
            root = mapper.readTree(payload);
        } catch (StreamConstraintsException e) {
            throw new PayloadException(RejectReason.NOT_JSON, "", "exceeds a JSON limit: " + e.getOriginalMessage());
        } catch (IOException e) {
            String msg = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new PayloadException(RejectReason.NOT_JSON, "", "is not JSON: " + firstLine(String.valueOf(msg)));
        }
        if (root == null || root.isMissingNode())
            throw new PayloadException(RejectReason.NOT_JSON, "", "payload is blank");
        if (!root.isObject()) {
            throw new PayloadException(RejectReason.NOT_AN_OBJECT, "", "must be a JSON object, got " + kind(root));
        }
        requireFinite(root, "");

        // the schema first: a newer sender may add fields this version does not know
        int schema = (int) integer(root, "schema", 1, Integer.MAX_VALUE);
        if (schema != SCHEMA) {
            throw new PayloadException(
                    RejectReason.WRONG_SCHEMA,
                    "schema",
                    "version " + schema + " is not supported; this reader understands version " + SCHEMA);
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!FIELDS.contains(name)) {
                throw new PayloadException(
                        RejectReason.UNKNOWN_FIELD,
                        name,
                        "is not an envelope field (known: " + new TreeSet<>(FIELDS) + ")");
            }
        }
        String type = text(root, "type");
        String deviceId = text(root, "deviceId");
        if (!Ids.isValid(deviceId)) {
            throw new PayloadException(
                    RejectReason.BAD_VALUE, "deviceId", "is not a valid device id: '" + shorten(deviceId) + "'");
        }
        long seq = integer(root, "seq", 0, Long.MAX_VALUE);
        String sentAtText = text(root, "sentAt");
        Instant sentAt;
        try {
            sentAt = Instant.parse(sentAtText);
        } catch (DateTimeParseException e) {
            throw new PayloadException(
                    RejectReason.BAD_VALUE,
                    "sentAt",
                    "must be an ISO-8601 UTC instant like " + "2026-11-22T11:09:24.123Z, got '" + shorten(sentAtText)
                            + "'");
        }
        JsonNode body = required(root, "body");
        if (!body.isObject()) {
            throw new PayloadException(RejectReason.NOT_AN_OBJECT, "body", "must be a JSON object, got " + kind(body));
        }
        BodyType<?> bodyType = types.get(type);
        if (bodyType == null) {
            throw new PayloadException(
                    RejectReason.UNKNOWN_TYPE,
                    "type",
                    "'" + shorten(type) + "' is not a known message type (known: " + types() + ")");
        }
        Object value = bodyType.reader().read(body);
        if (value == null) throw new PayloadException(RejectReason.BAD_VALUE, "body", "read as null");
        return new Envelope<>(schema, type, deviceId, seq, sentAt, value);
    }

    private static JsonNode required(JsonNode root, String field) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) throw new PayloadException(RejectReason.MISSING_FIELD, field, "is missing");
        return v;
    }

    private static String text(JsonNode root, String field) {
        JsonNode v = required(root, field);
        if (!v.isTextual())
            throw new PayloadException(RejectReason.WRONG_TYPE, field, "must be a string, got " + kind(v));
        return v.textValue();
    }

    private static long integer(JsonNode root, String field, long min, long max) {
        JsonNode v = required(root, field);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new PayloadException(RejectReason.WRONG_TYPE, field, "must be an integer, got " + kind(v));
        }
        long n = v.longValue();
        if (n < min || n > max) {
            throw new PayloadException(
                    RejectReason.BAD_VALUE, field, "must be in [" + min + ", " + max + "], got " + n);
        }
        return n;
    }

    /** Rejects any NaN or infinite number anywhere in the tree, naming its path ({@link StrictJson#firstNonFinite}). */
    private static void requireFinite(JsonNode node, String path) {
        Map.Entry<String, String> bad = StrictJson.firstNonFinite(node, path);
        if (bad != null) {
            throw new PayloadException(
                    RejectReason.NOT_FINITE, bad.getKey(), "must be a finite number, got " + bad.getValue());
        }
    }

    /** A short description of a node for messages: its JSON kind and a bounded rendering. */
    static String kind(JsonNode n) {
        String kind = n.isObject()
                ? "an object"
                : n.isArray()
                        ? "an array"
                        : n.isTextual()
                                ? "a string"
                                : n.isBoolean()
                                        ? "a boolean"
                                        : n.isNumber()
                                                ? "a number"
                                                : n.isNull()
                                                        ? "null"
                                                        : n.getNodeType().toString();
        return kind + " " + shorten(n.toString());
    }

    private static String shorten(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Builds an {@link EnvelopeCodec}. */
    public static final class Builder {
        private int maxBytes = DEFAULT_MAX_BYTES;
        private final Map<String, BodyType<?>> types = new LinkedHashMap<>();

        private Builder() {
            register(BodyType.jackson(DeviceStatus.TYPE, DeviceStatus.class, StrictJson.mapper()));
        }

        /** The largest payload read or written, in bytes (default {@value #DEFAULT_MAX_BYTES}). */
        public Builder maxBytes(int bytes) {
            if (bytes < 128) throw new IllegalArgumentException("maxBytes must be >= 128, got " + bytes);
            this.maxBytes = bytes;
            return this;
        }

        /** Adds a body type; its name must not be registered already. */
        public Builder register(BodyType<?> type) {
            if (types.putIfAbsent(type.name(), type) != null) {
                throw new IllegalArgumentException("body type '" + type.name() + "' is registered twice");
            }
            return this;
        }

        public EnvelopeCodec build() {
            return new EnvelopeCodec(this);
        }
    }
}
