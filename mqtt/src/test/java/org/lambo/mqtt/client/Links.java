package org.lambo.mqtt.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Field;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.internal.ClientComms;
import org.eclipse.paho.client.mqttv3.internal.NetworkModule;
import org.eclipse.paho.client.mqttv3.internal.TCPNetworkModule;
import org.lambo.mqtt.payload.EnvelopeCodec;
import org.lambo.mqtt.payload.EnvelopeFactory;
import org.lambo.mqtt.topic.Channel;
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

    /**
     * The socket a connected link's Paho client talks on (Paho keeps it in its network module, out of reach of the API;
     * {@code ssl://} modules extend the TCP one). Fails if Paho's internals moved, rather than pass.
     */
    static Socket socketOf(MqttLink link) throws ReflectiveOperationException {
        return socketOf(link.pahoClient());
    }

    static Socket socketOf(MqttAsyncClient client) throws ReflectiveOperationException {
        Field comms = MqttAsyncClient.class.getDeclaredField("comms");
        comms.setAccessible(true);
        ClientComms c = (ClientComms) comms.get(client);
        NetworkModule module = c.getNetworkModules()[c.getNetworkModuleIndex()];
        Field socket = TCPNetworkModule.class.getDeclaredField("socket");
        socket.setAccessible(true);
        Socket s = (Socket) socket.get(module);
        if (s == null || !s.isConnected())
            throw new IllegalStateException("the link's Paho client has no connected socket");
        return s;
    }

    /**
     * A device command and its result, as the bridge and a device exchange them: {@code device} (connected, its client
     * id its device id) answers each message on its {@code commands} topic with one on its {@code results} topic;
     * {@code bridge} (connected) sends a command and waits for the result. QoS 1 both ways.
     */
    static void commandAndResult(MqttLink bridge, MqttLink device, String testbed) {
        Topic commands = new Topic(
                testbed, org.lambo.mqtt.topic.Role.UE, device.options().clientId(), Channel.COMMANDS);
        Topic results = commands.on(Channel.RESULTS);
        List<String> got = new CopyOnWriteArrayList<>();
        device.subscribe(
                commands.name(),
                1,
                m -> device.publish(
                        results.name(), ("result of " + new String(m.payload(), UTF_8)).getBytes(UTF_8), 1, false));
        bridge.subscribe(results.name(), 1, m -> got.add(new String(m.payload(), UTF_8)));
        bridge.publish(commands.name(), "c1".getBytes(UTF_8), 1, false);
        await().atMost(Duration.ofSeconds(20)).until(() -> got.contains("result of c1"));
    }

    /** Adds the device presence of {@code device}: will "lost", online "connected", offline "closed". */
    static MqttLinkOptions.Builder withPresence(MqttLinkOptions.Builder b, Topic device) {
        return Presence.announce(
                b, device, EnvelopeCodec.builder().build(), new EnvelopeFactory(device.deviceId(), Clock.systemUTC()));
    }
}
