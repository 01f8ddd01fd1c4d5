package org.lambo.mqtt.client;

import java.time.Clock;
import java.time.Duration;
import java.util.SplittableRandom;
import org.lambo.mqtt.payload.EnvelopeCodec;
import org.lambo.mqtt.payload.EnvelopeFactory;
import org.lambo.mqtt.topic.Topic;

/** Link options for tests: short timeouts and a fast backoff, so reconnection takes a fraction of a second. */
final class Links {
    static final Backoff FAST = new Backoff(Duration.ofMillis(50), Duration.ofMillis(400), 2.0, 0.5);

    private Links() {}

    static MqttLinkOptions.Builder options(String uri, String clientId, long seed) {
        return MqttLinkOptions.builder(uri, clientId)
                .random(new SplittableRandom(seed))
                .backoff(FAST)
                .keepAlive(Duration.ofSeconds(2))
                .connectTimeout(Duration.ofSeconds(2))
                .operationTimeout(Duration.ofSeconds(5));
    }

    /** Adds the device presence of {@code device}: will "lost", online "connected", offline "closed". */
    static MqttLinkOptions.Builder withPresence(MqttLinkOptions.Builder b, Topic device) {
        return Presence.announce(b, device, EnvelopeCodec.builder().build(), new EnvelopeFactory(device.deviceId(), Clock.systemUTC()));
    }
}
