package org.lambo.mqtt.client;

import java.time.Duration;
import org.lambo.mqtt.topic.Channel;
import org.lambo.mqtt.topic.Role;
import org.lambo.mqtt.topic.Topic;

/**
 * Child-process main for {@code MqttLinkIT}: connects a device link with its last will, prints {@code READY} and waits
 * to be killed (SIGKILL: the socket closes without a DISCONNECT). Arguments: broker URI, testbed, device id.
 */
public final class WillHolder {
    private WillHolder() {}

    public static void main(String[] args) throws Exception {
        Topic device = new Topic(args[1], Role.SERVER, args[2], Channel.STATUS);
        MqttLink link = MqttLink.create(
                Links.withPresence(Links.options(args[0], args[2], 1), device).build());
        link.connect(Duration.ofSeconds(10));
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(120_000); // killed long before
        link.close();
    }
}
