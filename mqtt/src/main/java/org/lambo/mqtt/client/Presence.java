package org.lambo.mqtt.client;

import java.util.Objects;
import org.lambo.mqtt.payload.DeviceStatus;
import org.lambo.mqtt.payload.EnvelopeCodec;
import org.lambo.mqtt.payload.EnvelopeFactory;
import org.lambo.mqtt.topic.Channel;
import org.lambo.mqtt.topic.Topic;

/**
 * A device's presence on its retained {@code status} topic, as {@code status} envelopes ({@link DeviceStatus}): the
 * last will {@code offline/lost}, {@code online/connected} after every connection and {@code offline/closed} on a clean
 * close. Each is stamped when used, by the device's own {@link EnvelopeFactory}, so its {@code seq} continues the
 * device's sequence.
 */
public final class Presence {
    private Presence() {}

    /** Sets the will, online and offline announcements of {@code device}'s status topic on {@code options}. */
    public static MqttLinkOptions.Builder announce(
            MqttLinkOptions.Builder options, Topic device, EnvelopeCodec codec, EnvelopeFactory stamps) {
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(stamps, "stamps");
        if (!stamps.deviceId().equals(device.deviceId())) {
            throw new IllegalArgumentException("envelopes stamped for '" + stamps.deviceId()
                    + "' cannot announce device '" + device.deviceId() + "'");
        }
        String status = device.on(Channel.STATUS).name();
        return options.will(status, () -> codec.encode(stamps.next(DeviceStatus.TYPE, DeviceStatus.lost())))
                .online(status, () -> codec.encode(stamps.next(DeviceStatus.TYPE, DeviceStatus.connected())))
                .offline(status, () -> codec.encode(stamps.next(DeviceStatus.TYPE, DeviceStatus.closed())));
    }
}
