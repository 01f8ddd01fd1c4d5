package org.lambo.mqtt.payload;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Turns the {@code body} object of an envelope into its typed form. The node it gets is already known to be a JSON
 * object with only finite numbers; anything else wrong (a missing field, a wrong type, a value out of range) is thrown
 * as a {@link PayloadException} whose field path starts at {@code body}. Pluggable: the ontology's JSON form supplies
 * one per message type (see {@link BodyType#jackson}).
 */
@FunctionalInterface
public interface BodyReader<B> {
    B read(JsonNode body) throws PayloadException;
}
