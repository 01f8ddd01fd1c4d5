package org.lambo.mqtt.client;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.lambo.mqtt.payload.Envelope;
import org.lambo.mqtt.payload.EnvelopeCodec;
import org.lambo.mqtt.payload.EnvelopeFactory;
import org.lambo.mqtt.topic.Topic;

/**
 * Publishes typed bodies as envelopes over a link: stamps them ({@link EnvelopeFactory}), encodes them
 * ({@link EnvelopeCodec}) and sends them at QoS 1, not retained. One per sender (device or bridge).
 */
public final class EnvelopeSender {
    private final MqttLink link;
    private final EnvelopeCodec codec;
    private final EnvelopeFactory stamps;

    public EnvelopeSender(MqttLink link, EnvelopeCodec codec, EnvelopeFactory stamps) {
        this.link = Objects.requireNonNull(link, "link");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.stamps = Objects.requireNonNull(stamps, "stamps");
    }

    /**
     * Sends {@code body} as an envelope of {@code type} to {@code topic}; the future completes on the broker's
     * acknowledgement (see {@link MqttLink#publish}). A body the codec cannot write throws at once.
     */
    public <B> CompletableFuture<Void> send(Topic topic, String type, B body) {
        Envelope<B> e = stamps.next(type, body);
        return link.publish(topic.name(), codec.encode(e), 1, false);
    }

    public MqttLink link() {
        return link;
    }
}
