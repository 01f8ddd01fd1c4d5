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
 * Reads one YAML document as strictly as {@link Documents} reads JSON: a key twice in one mapping, a second document or
 * anything after the first, {@code .nan} and {@code .inf}, and aliases ({@code *name}, which Jackson would read as the
 * text of the anchor's name) are refused, each as an {@link InputException} naming the source, the field path, the
 * value and the line. Numbers are written in decimal ({@code 1e9}, {@code 1.5e+10}, {@code 50}, {@code -0.5}): YAML
 * 1.1's other spellings ({@code 010}, octal 8; {@code 0x10}; {@code 1_000}; {@code 1:30}, sexagesimal) are refused
 * rather than read as a surprise; {@code '5'} is text and refused where a number is meant by {@link Fields}.
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
            throw new InputException(
                    source,
                    "",
                    "is not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private static final java.util.regex.Pattern DECIMAL_INT = java.util.regex.Pattern.compile("[-+]?(0|[1-9][0-9]*)");
    private static final java.util.regex.Pattern DECIMAL_FLOAT =
            java.util.regex.Pattern.compile("[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?");

    /** Refuses an alias, and a number not written in decimal, where it stands, naming the field. */
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
                throw new InputException(
                        source,
                        Documents.path(getParsingContext()),
                        "is a YAML alias (*" + getText() + "): aliases are not supported, write the value out (line "
                                + currentTokenLocation().getLineNr() + ")");
            }
            if ((t == JsonToken.VALUE_NUMBER_INT
                            && !DECIMAL_INT.matcher(getText()).matches())
                    || (t == JsonToken.VALUE_NUMBER_FLOAT
                            && !DECIMAL_FLOAT.matcher(getText()).matches())) {
                throw new InputException(
                        source,
                        Documents.path(getParsingContext()),
                        "must be a number written in decimal, got " + getText() + " (YAML 1.1 would read it as "
                                + getNumberValue() + ") (line "
                                + currentTokenLocation().getLineNr() + ")");
            }
            return t;
        }
    }
}
