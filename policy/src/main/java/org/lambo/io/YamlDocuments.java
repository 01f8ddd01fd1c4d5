package org.lambo.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;

/**
 * Reads one YAML document as strictly as {@link Documents} reads JSON: a key twice in one mapping,
 * a second document or anything after the first, {@code .nan} and {@code .inf}, and aliases
 * ({@code *name}, which Jackson would read as the text of the anchor's name) are refused, each as
 * an {@link InputException} naming the source, the field path, the value and the line. Numbers are
 * YAML's ({@code 1e9}, {@code 1.5e+10}, {@code 50} are numbers; {@code '5'} is text and refused
 * where a number is meant by {@link Fields}).
 */
public final class YamlDocuments {
    private static final YAMLFactory FACTORY = YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(Documents.constraints())
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build();
    private static final ObjectMapper YAML = Documents.strictMapper(FACTORY);

    private YamlDocuments() {}

    /** The strict YAML mapper; writing with it leaves out the document marker and needless quotes. */
    public static ObjectMapper mapper() {
        return YAML;
    }

    /**
     * The one document of {@code text}; a {@link com.fasterxml.jackson.databind.node.MissingNode} when it is empty.
     *
     * @throws InputException naming {@code source}, the field, the value and the line
     */
    public static JsonNode read(String source, String text) {
        try {
            return Documents.readTree(source, "YAML", YAML, new NoAliases(source, FACTORY.createParser(text)));
        } catch (InputException e) {
            throw e;
        } catch (IOException e) {
            throw new InputException(source, "", "is not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    /** Refuses an alias where it stands, naming the field. */
    private static final class NoAliases extends JsonParserDelegate {
        private final String source;

        NoAliases(String source, JsonParser yaml) {
            super(yaml);
            this.source = source;
        }

        @Override
        public JsonToken nextToken() throws IOException {
            JsonToken t = super.nextToken();
            if (t != null && delegate instanceof YAMLParser y && y.isCurrentAlias()) {
                throw new InputException(source, Documents.path(getParsingContext()), "is a YAML alias (*" + getText()
                        + "): aliases are not supported, write the value out (line " + currentTokenLocation().getLineNr() + ")");
            }
            return t;
        }
    }
}
