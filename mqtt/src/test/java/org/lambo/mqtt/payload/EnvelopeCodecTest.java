package org.lambo.mqtt.payload;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lambo.io.StrictJson;

class EnvelopeCodecTest {
    /** A body with the shape of a task command, read by Jackson data binding as the ontology's records will be. */
    record TaskBody(String taskId, double cycles, long bytes) {
        TaskBody {
            if (cycles <= 0) throw new IllegalArgumentException("cycles must be > 0, got " + cycles);
        }
    }

    private final EnvelopeCodec codec = EnvelopeCodec.builder()
            .register(BodyType.jackson("task", TaskBody.class, StrictJson.mapper()))
            .register(BodyType.json("note"))
            .build();

    private static final String VALID = """
            {"schema":1,"type":"task","deviceId":"ue-1","seq":7,"sentAt":"2026-11-22T11:09:24.123456Z",
             "body":{"taskId":"t1","cycles":1.5e9,"bytes":4096}}""";

    private static PayloadException rejected(EnvelopeCodec codec, String json) {
        try {
            codec.decode(json.getBytes(UTF_8));
        } catch (PayloadException e) {
            return e;
        }
        throw new AssertionError("accepted: " + json);
    }

    @Test
    void readsAValidEnvelopeIntoItsTypedBody() {
        Envelope<?> e = codec.decode(VALID.getBytes(UTF_8));
        assertThat(e.schema()).isEqualTo(1);
        assertThat(e.type()).isEqualTo("task");
        assertThat(e.deviceId()).isEqualTo("ue-1");
        assertThat(e.seq()).isEqualTo(7);
        assertThat(e.sentAt()).isEqualTo(Instant.parse("2026-11-22T11:09:24.123456Z"));
        assertThat(e.body(TaskBody.class)).isEqualTo(new TaskBody("t1", 1.5e9, 4096));
    }

    @Test
    void encodeThenDecodeGivesTheSameEnvelope() {
        EnvelopeFactory f =
                new EnvelopeFactory("server-2", Clock.fixed(Instant.parse("2026-01-01T00:00:00.5Z"), ZoneOffset.UTC));
        Envelope<TaskBody> sent = f.next("task", new TaskBody("t9", 2e8, 10));
        Envelope<DeviceStatus> status = f.next(DeviceStatus.TYPE, DeviceStatus.lost());
        assertThat(codec.decode(codec.encode(sent))).isEqualTo(sent);
        assertThat(codec.decode(codec.encode(status))).isEqualTo(status);
        assertThat(status.seq()).isEqualTo(sent.seq() + 1);
    }

    @Test
    void rawJsonBodiesAreCopiedOnRead() {
        Envelope<?> e = codec.decode("""
                {"schema":1,"type":"note","deviceId":"b","seq":0,"sentAt":"2026-01-01T00:00:00Z","body":{"a":[1,2]}}""".getBytes(UTF_8));
        assertThat(e.body(ObjectNode.class).get("a").size()).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            not JSON            | NOT_JSON      |          | hello
            truncated           | NOT_JSON      |          | {"schema":1,"type":
            trailing garbage    | NOT_JSON      |          | {"schema":1} x
            duplicate key       | NOT_JSON      |          | {"schema":1,"schema":1}
            an array            | NOT_AN_OBJECT |          | [1,2]
            NaN                 | NOT_FINITE    | body.cycles | {"schema":1,"type":"task","deviceId":"u","seq":0,"sentAt":"2026-01-01T00:00:00Z","body":{"taskId":"t","cycles":NaN,"bytes":1}}
            Infinity            | NOT_FINITE    | body.x[1]   | {"schema":1,"type":"note","deviceId":"u","seq":0,"sentAt":"2026-01-01T00:00:00Z","body":{"x":[1,-Infinity]}}
            overflow to inf     | NOT_FINITE    | body.cycles | {"schema":1,"type":"task","deviceId":"u","seq":0,"sentAt":"2026-01-01T00:00:00Z","body":{"taskId":"t","cycles":1e400,"bytes":1}}
            schema 2            | WRONG_SCHEMA  | schema   | {"schema":2,"type":"task","deviceId":"u","seq":0,"sentAt":"2026-01-01T00:00:00Z","body":{},"new":1}
            schema as string    | WRONG_TYPE    | schema   | {"schema":"1","type":"task","deviceId":"u","seq":0,"sentAt":"2026-01-01T00:00:00Z","body":{}}
            schema missing      | MISSING_FIELD | schema   | {"type":"task","deviceId":"u","seq":0,"sentAt":"2026-01-01T00:00:00Z","body":{}}
            seq as float        | WRONG_TYPE    | seq      | {"schema":1,"type":"task","deviceId":"u","seq":1.5,"sentAt":"2026-01-01T00:00:00Z","body":{}}
            seq negative        | BAD_VALUE     | seq      | {"schema":1,"type":"task","deviceId":"u","seq":-1,"sentAt":"2026-01-01T00:00:00Z","body":{}}
            type as number      | WRONG_TYPE    | type     | {"schema":1,"type":3,"deviceId":"u","seq":0,"sentAt":"2026-01-01T00:00:00Z","body":{}}
            device with slash   | BAD_VALUE     | deviceId | {"schema":1,"type":"task","deviceId":"u/2","seq":0,"sentAt":"2026-01-01T00:00:00Z","body":{}}
            bad timestamp       | BAD_VALUE     | sentAt   | {"schema":1,"type":"task","deviceId":"u","seq":0,"sentAt":"yesterday","body":{}}
            unknown envelope    | UNKNOWN_FIELD | extra    | {"schema":1,"type":"task","deviceId":"u","seq":0,"sentAt":"2026-01-01T00:00:00Z","body":{},"extra":0}
            body not object     | NOT_AN_OBJECT | body     | {"schema":1,"type":"task","deviceId":"u","seq":0,"sentAt":"2026-01-01T00:00:00Z","body":[]}
            unknown type        | UNKNOWN_TYPE  | type     | {"schema":1,"type":"launch","deviceId":"u","seq":0,"sentAt":"2026-01-01T00:00:00Z","body":{}}
            body field string   | WRONG_TYPE    | body.cycles | {"schema":1,"type":"task","deviceId":"u","seq":0,"sentAt":"2026-01-01T00:00:00Z","body":{"taskId":"t","cycles":"9","bytes":1}}
            body long as float  | WRONG_TYPE    | body.bytes  | {"schema":1,"type":"task","deviceId":"u","seq":0,"sentAt":"2026-01-01T00:00:00Z","body":{"taskId":"t","cycles":9,"bytes":1.5}}
            body field missing  | MISSING_FIELD | body.bytes  | {"schema":1,"type":"task","deviceId":"u","seq":0,"sentAt":"2026-01-01T00:00:00Z","body":{"taskId":"t","cycles":9}}
            body field unknown  | UNKNOWN_FIELD | body.color  | {"schema":1,"type":"task","deviceId":"u","seq":0,"sentAt":"2026-01-01T00:00:00Z","body":{"taskId":"t","cycles":9,"bytes":1,"color":2}}
            body rule broken    | BAD_VALUE     | body        | {"schema":1,"type":"task","deviceId":"u","seq":0,"sentAt":"2026-01-01T00:00:00Z","body":{"taskId":"t","cycles":-9,"bytes":1}}
            """)
    void rejectsEachBadPayloadKindWithItsReasonAndField(String what, RejectReason reason, String field, String json) {
        PayloadException e = rejected(codec, json);
        assertThat(e.reason()).as(what + ": " + e.getMessage()).isEqualTo(reason);
        if (field != null) {
            assertThat(e.field()).as(what + ": " + e.getMessage()).isEqualTo(field);
            assertThat(e.getMessage()).contains("field '" + field + "'");
        }
    }

    @Test
    void rejectsAPayloadOverTheLimitBeforeParsingIt() {
        EnvelopeCodec small = EnvelopeCodec.builder().maxBytes(1024).build();
        byte[] huge = new byte[1025];
        java.util.Arrays.fill(huge, (byte) '{');
        PayloadException e = rejected(small, new String(huge, UTF_8));
        assertThat(e.reason()).isEqualTo(RejectReason.TOO_LARGE);
        assertThat(e.getMessage()).contains("1025 bytes").contains("1024");
    }

    @Test
    void rejectsNestingDeeperThanTheLimitAsNotJson() {
        String deep = "{\"a\":".repeat(StrictJson.MAX_DEPTH + 5) + "1" + "}".repeat(StrictJson.MAX_DEPTH + 5);
        assertThat(rejected(codec, deep).reason()).isEqualTo(RejectReason.NOT_JSON);
    }

    @Test
    void refusesToEncodeWhatItCouldNotRead() {
        EnvelopeFactory f = new EnvelopeFactory("u", Clock.systemUTC());
        assertThatThrownBy(() -> codec.encode(f.next("launch", new TaskBody("t", 1, 1))))
                .hasMessageContaining("no body type 'launch'");
        assertThatThrownBy(() -> codec.encode(f.next("task", DeviceStatus.closed())))
                .hasMessageContaining("needs a");
        assertThatThrownBy(() -> codec.encode(f.next("task", new TaskBody("t", Double.POSITIVE_INFINITY, 1))))
                .hasMessageContaining("field 'body.cycles' must be a finite number");
        EnvelopeCodec small = EnvelopeCodec.builder()
                .register(BodyType.jackson("task", TaskBody.class, StrictJson.mapper()))
                .maxBytes(128)
                .build();
        assertThatThrownBy(() -> small.encode(f.next("task", new TaskBody("x".repeat(200), 1, 1))))
                .hasMessageContaining("over the limit of 128");
    }

    @Test
    void refusesToEncodeANonFiniteNumberInARawBodyNamingItsPath() {
        ObjectNode body = StrictJson.mapper().createObjectNode();
        body.putObject("a").putArray("x").add(1).add(Double.NaN);
        assertThatThrownBy(() -> codec.encode(new EnvelopeFactory("u", Clock.systemUTC()).next("note", body)))
                .hasMessageContaining("field 'body.a.x[1]' must be a finite number, got NaN");
    }

    @Test
    void writesTheSchemaFieldsInOrderAndTheBodyLast() {
        EnvelopeFactory f =
                new EnvelopeFactory("server-2", Clock.fixed(Instant.parse("2026-01-01T00:00:00.5Z"), ZoneOffset.UTC));
        assertThat(new String(codec.encode(f.next("task", new TaskBody("t9", 2e8, 10))), UTF_8))
                .isEqualTo("{\"schema\":1,\"type\":\"task\",\"deviceId\":\"server-2\",\"seq\":0,"
                        + "\"sentAt\":\"2026-01-01T00:00:00.500Z\","
                        + "\"body\":{\"taskId\":\"t9\",\"cycles\":2.0E8,\"bytes\":10}}");
    }

    /**
     * {@code decode} reads valid envelopes in one streaming pass and leaves every fault to the tree reader
     * ({@code decodeTree}, the checks in their documented order); here both read each single-character deletion and
     * replacement of two valid envelopes, and must agree on every one: the same envelope, or the same rejection; and
     * what the streaming pass accepts on its own ({@code decodeStreaming}, null where it leaves the payload to the
     * tree) must be what the tree reader reads.
     */
    @Test
    void theStreamingReaderAcceptsExactlyWhatTheTreeReaderAccepts() {
        String note = """
                {"schema":1,"type":"note","deviceId":"b","seq":0,"sentAt":"2026-01-01T00:00:00Z",\
                "body":{"a":[1,2.5,{"b":-3e2}],"c":"d"}}""";
        int accepted = 0, rejected = 0, streamed = 0;
        for (String valid : new String[] {VALID, note}) {
            for (int i = 0; i < valid.length(); i++) {
                for (String with : new String[] {
                    "", "1", "9", "\"", "{", "}", "[", ",", " ", "x", "-", "e", "N", "NaN", "1e400", "-Infinity"
                }) {
                    String json = valid.substring(0, i) + with + valid.substring(i + 1);
                    Object fast = outcome(() -> codec.decode(json.getBytes(UTF_8)));
                    Object tree = outcome(() -> codec.decodeTree(json.getBytes(UTF_8)));
                    assertThat(fast).as(json).isEqualTo(tree);
                    Envelope<?> stream = codec.decodeStreaming(json.getBytes(UTF_8));
                    if (stream != null) {
                        assertThat(stream).as(json).isEqualTo(tree);
                        streamed++;
                    }
                    if (fast instanceof Envelope<?>) accepted++;
                    else rejected++;
                }
            }
        }
        assertThat(accepted).as("mutations still valid").isGreaterThan(50);
        assertThat(streamed).as("valid mutations read by the streaming pass").isEqualTo(accepted);
        assertThat(rejected).as("mutations rejected").isGreaterThan(500);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(
            strings = {
                "2026-01-01T00:00:00Z",
                "2026-12-06T13:30:00.123456Z",
                "2026-12-06T13:30:00.5Z",
                "2026-12-06T13:30:00.123456789Z",
                "2024-02-29T23:59:59.9Z",
                "0001-01-01T00:00:00Z",
                "9999-12-31T23:59:59.999999999Z",
                "2026-02-29T00:00:00Z",
                "2026-04-31T00:00:00Z",
                "2026-13-01T00:00:00Z",
                "2026-12-31T23:59:60Z",
                "2026-12-31T24:00:00Z",
                "2026-12-31T23:60:00Z",
                "0000-01-01T00:00:00Z",
                "2026-01-01t00:00:00Z",
                "2026-01-01T00:00:00z",
                "2026-01-01T00:00:00.Z",
                "2026-01-01T00:00:00.1234567890Z",
                "2026-01-01T00:00:00+01:00",
                "+2026-01-01T00:00:00Z",
                "2026-1-01T00:00:00Z",
                "2026-01-01T00:00:0xZ",
                "2026-01-01 00:00:00Z",
                "yesterday",
                ""
            })
    void theQuickTimestampReaderReadsWhatInstantParseReadsOrLeavesItToIt(String text) {
        Instant quick = EnvelopeCodec.instant(text);
        Object reference;
        try {
            reference = Instant.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            reference = "rejected";
        }
        if (quick != null) assertThat(quick).isEqualTo(reference);
        if (text.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,9})?Z")
                && reference instanceof Instant
                && !text.startsWith("0000")
                && !text.contains(":60Z")
                && !text.contains("T24")) {
            assertThat(quick).as("the form the codec writes, read quickly").isEqualTo(reference);
        }
    }

    @Test
    void theQuickTimestampWriterWritesWhatInstantToStringWrites() {
        java.util.Random random = new java.util.Random(12);
        java.util.List<Instant> instants = new java.util.ArrayList<>(java.util.List.of(
                Instant.EPOCH,
                Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-01-01T00:00:00.5Z"),
                Instant.parse("2026-12-06T13:30:00.123456Z"),
                Instant.parse("2026-12-06T13:30:00.000000001Z"),
                Instant.parse("9999-12-31T23:59:59.999999999Z"),
                Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.parse("1969-12-31T23:59:59.9Z"),
                Instant.now()));
        for (int k = 0; k < 2000; k++) {
            long seconds = random.nextLong(-100_000_000_000L, 300_000_000_000L);
            int nanos =
                    switch (k % 4) {
                        case 0 -> 0;
                        case 1 -> random.nextInt(1000) * 1_000_000;
                        case 2 -> random.nextInt(1_000_000) * 1000;
                        default -> random.nextInt(1_000_000_000);
                    };
            instants.add(Instant.ofEpochSecond(seconds, nanos));
        }
        for (Instant t : instants) assertThat(EnvelopeCodec.text(t)).isEqualTo(t.toString());
    }

    private static Object outcome(java.util.function.Supplier<Envelope<?>> read) {
        try {
            return read.get();
        } catch (PayloadException e) {
            return e.reason() + " " + e.field() + " " + e.getMessage();
        }
    }

    @Test
    void registeringATypeTwiceIsAnError() {
        assertThatThrownBy(() -> EnvelopeCodec.builder().register(BodyType.json("status")))
                .hasMessageContaining("'status' is registered twice");
    }
}
