package org.lambo.mqtt.payload;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Objects;
import java.util.function.Function;

/**
 * The reader and writer of a {@link BodyType#jackson} body. Besides the tree forms of {@link BodyReader} and the writer
 * function, it binds straight from a parser and writes straight to a generator with an {@link ObjectReader} and
 * {@link ObjectWriter} built once, which {@link EnvelopeCodec} uses so that no tree is built per message.
 */
final class JacksonBody<B> implements BodyReader<B>, Function<B, ObjectNode> {
    private final Class<B> javaType;
    private final ObjectMapper mapper;
    private final ObjectReader reader;
    private final ObjectWriter writer;

    JacksonBody(Class<B> javaType, ObjectMapper mapper) {
        this.javaType = Objects.requireNonNull(javaType, "javaType");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.reader = mapper.readerFor(javaType);
        this.writer = mapper.writerFor(javaType);
    }

    @Override
    public B read(JsonNode body) throws PayloadException {
        try {
            return mapper.treeToValue(body, javaType);
        } catch (JsonProcessingException e) {
            throw BodyType.translate(e);
        } catch (IllegalArgumentException e) {
            throw new PayloadException(RejectReason.BAD_VALUE, "body", String.valueOf(e.getMessage()));
        }
    }

    /** Binds the body object at the parser's next token (its {@code START_OBJECT}); errors as {@link #read}. */
    B read(JsonParser body) throws PayloadException {
        try {
            return reader.readValue(body);
        } catch (JsonProcessingException e) {
            throw BodyType.translate(e);
        } catch (IOException e) {
            throw new PayloadException(RejectReason.BAD_VALUE, "body", String.valueOf(e.getMessage()));
        } catch (IllegalArgumentException e) {
            throw new PayloadException(RejectReason.BAD_VALUE, "body", String.valueOf(e.getMessage()));
        }
    }

    @Override
    public ObjectNode apply(B value) {
        JsonNode n = mapper.valueToTree(value);
        if (!(n instanceof ObjectNode o)) {
            throw new IllegalArgumentException(javaType.getName() + " does not write as a JSON object: " + n);
        }
        return o;
    }

    /** Writes {@code value} as the generator's next value. */
    void write(JsonGenerator g, B value) throws IOException {
        writer.writeValue(g, value);
    }
}
