package org.lambo.ontology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The one-pass writer and reader agree with the tree they replaced, and leave every refusal to the strict reader. */
class LamboJsonOnePassTest {
    @Test
    void everyTypeIsWrittenAsTheTreeWroteItAndReadBackInOnePass() {
        for (LamboMessage m : Samples.everyType()) {
            String text = LamboJson.write(m);
            assertThat(text).as(m.getClass().getSimpleName()).isEqualTo(LamboJson.writeViaTree(m));
            assertThat(LamboJson.readInOnePass(text, null)).as(text).isEqualTo(m);
            assertThat(LamboJson.readInOnePass(text, MessageType.of(m.getClass())))
                    .isEqualTo(m);
            assertThat(LamboJson.read(text)).isEqualTo(m);
        }
    }

    @Test
    void anotherOrderOfTheEnvelopeIsLeftToTheStrictReaderWhichStillReadsIt() {
        LamboMessage m = Samples.request();
        String text = LamboJson.write(m);
        String body = text.substring(text.indexOf("\"body\":") + 7, text.length() - 1);
        String reordered = "{\"body\":" + body + ",\"type\":\""
                + MessageType.of(m.getClass()).wireName() + "\",\"schema\":1}";
        assertThat(LamboJson.readInOnePass(reordered, null)).isNull();
        assertThat(LamboJson.read(reordered)).isEqualTo(m);
    }

    @Test
    void aTypeOtherThanTheOneAskedForIsNotReadInOnePassAndIsRefusedNamingIt() {
        String text = LamboJson.write(Samples.request());
        assertThat(LamboJson.readInOnePass(text, MessageType.TASK_RESULT)).isNull();
        assertThatThrownBy(() -> LamboJson.read(text, TaskResult.class))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageContaining("type")
                .hasMessageContaining("must be 'task-result'");
    }

    @Test
    void whatTheStrictReaderRefusesTheOnePassDoesNotAccept() {
        String text = LamboJson.write(Samples.request());
        String[] bad = {
            text.replace("\"schema\":1", "\"schema\":2"),
            text.replace("\"schema\":1", "\"schema\":1.0"),
            text.replace("\"body\":{", "\"body\":{\"extra\":1,"),
            text + " {}",
            text.substring(0, text.length() - 1) + ",\"schema\":1}",
            text.replace("\"type\":\"", "\"type\":\"x"),
            text.substring(0, text.length() - 2),
            text.replaceFirst(":(\\d+)\\.(\\d+)", ":NaN"),
            text.replaceFirst("\"cycles\":[0-9.E+-]+", "\"cycles\":1e999"),
            text.replaceFirst("\"cycles\":[0-9.E+-]+", "\"cycles\":\"1\""),
            text.replaceFirst("\"cycles\":[0-9.E+-]+", "\"cycles\":1,\"cycles\":2"),
        };
        for (String b : bad) assertThat(b).as("the mutation applied").isNotEqualTo(text);
        for (String b : bad) {
            assertThat(LamboJson.readInOnePass(b, null)).as(b).isNull();
            assertThatThrownBy(() -> LamboJson.read(b)).as(b).isInstanceOf(MalformedMessageException.class);
        }
    }
}
