package com.agentbounty.infrastructure.eventstore;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanProperty;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.deser.ContextualDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;

import java.io.IOException;
import java.time.Instant;

/**
 * Jackson's {@code Instant} deserialiser with {@link UtcInstants} in front: the form every stored event has is read
 * directly, anything else (numbers, offsets, a property's own {@code @JsonFormat}) by Jackson's own, unchanged.
 */
final class UtcInstantDeserializer extends StdDeserializer<Instant> implements ContextualDeserializer {

    private final JsonDeserializer<Instant> standard;

    UtcInstantDeserializer(JsonDeserializer<Instant> standard) {
        super(Instant.class);
        this.standard = standard;
    }

    @Override
    public Instant deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        if (parser.hasToken(JsonToken.VALUE_STRING)) {
            Instant instant = UtcInstants.parseOrNull(parser.getText());
            if (instant != null) {
                return instant;
            }
        }
        return standard.deserialize(parser, context);
    }

    /** A property with a format of its own gets Jackson's deserialiser for that format, without the shortcut. */
    @Override
    public JsonDeserializer<?> createContextual(DeserializationContext context, BeanProperty property) throws JsonMappingException {
        JsonDeserializer<?> contextual = standard instanceof ContextualDeserializer standardContextual
                ? standardContextual.createContextual(context, property) : standard;
        return contextual == standard ? this : contextual;
    }
}
