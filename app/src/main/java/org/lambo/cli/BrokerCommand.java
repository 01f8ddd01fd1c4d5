package org.lambo.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.eclipse.paho.client.mqttv3.IMqttMessageListener;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.lambo.io.InputException;
import org.lambo.mqtt.broker.EmbeddedBroker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lambo broker}: the testbed's embedded MQTT broker ({@link EmbeddedBroker}, Moquette) on its own, for devices
 * and trials started by hand on one machine or a trusted lab network. It prints its URL and credentials mode, then one
 * line per device presence change it sees on {@code lambo/+/+/+/status} (so a user sees the devices come online), and
 * runs until SIGINT or SIGTERM. It is anonymous and plain TCP: {@code EmbeddedBroker} has no passwords or TLS; a
 * secured broker is {@code testbed-scripts/broker}.
 */
@Command(
        name = "broker",
        mixinStandardHelpOptions = true,
        description = {
            "Run the embedded MQTT broker (Moquette: anonymous, plain TCP, in memory) until SIGINT or SIGTERM, "
                    + "printing its URL and each device that comes online or goes offline.",
            "For passwords, TLS and per-device ACLs use testbed-scripts/broker (Mosquitto, docs/MQTT.md)."
        },
        footer = {
            "",
            "Example (three terminals):",
            "  lambo broker --port 1883",
            "  lambo device --role ue --id pi --broker tcp://127.0.0.1:1883 --emulate 2 \\",
            "      --scale 0.1",
            "  lambo trial --scenario small --slots 10 --devices devices.txt \\",
            "      --broker tcp://127.0.0.1:1883 --device-scale 0.1 --out runs/dev",
            "with devices.txt holding the lines `pi-1 ue` and `pi-2 ue`."
        })
public final class BrokerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--port",
            defaultValue = "1883",
            paramLabel = "N",
            description = "TCP port, in [0, 65535]; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(
            names = "--host",
            defaultValue = "127.0.0.1",
            paramLabel = "ADDR",
            description =
                    "Address to listen on: 127.0.0.1 for this machine only, 0.0.0.0 to let devices of the network in (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--quiet", description = "Do not print device presence lines.")
    boolean quiet;

    private final ObjectMapper json = new ObjectMapper();

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65_535)
            throw new InputException("--port", Integer.toString(port), "must be in [0, 65535]");
        if (host == null || host.isBlank())
            throw new InputException("--host", String.valueOf(host), "must be an address such as 127.0.0.1 or 0.0.0.0");
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch stop = new CountDownLatch(1);
        EmbeddedBroker broker;
        try {
            broker = EmbeddedBroker.start(host, port);
        } catch (RuntimeException e) {
            throw new InputException(
                    "--port",
                    Integer.toString(port),
                    "cannot listen on " + host + ":" + port + " (" + rootMessage(e) + ")");
        }
        Thread hook = new Thread(
                () -> {
                    stop.countDown();
                    broker.close();
                },
                "lambo-broker-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        MqttClient watcher = null;
        try {
            out.println("lambo broker: listening on " + broker.uri()
                    + (("0.0.0.0".equals(host)) ? " (all interfaces, port " + broker.port() + ")" : "")
                    + "; credentials: none (anonymous, plain TCP: trusted networks only)");
            out.println("lambo broker: devices and trials connect with --broker " + broker.uri()
                    + "; stop with Ctrl-C (SIGINT) or SIGTERM");
            out.flush();
            if (!quiet) watcher = watchPresence(broker.uri(), out);
            stop.await();
        } finally {
            if (watcher != null) closeQuietly(watcher);
            broker.close();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it stops the broker itself
            }
        }
        return 0;
    }

    /**
     * Subscribes to every device's retained presence and prints each change, e.g. {@code device pi-1 (ue, testbed
     * lambo): online (connected)}.
     */
    private MqttClient watchPresence(String uri, PrintWriter out) throws MqttException {
        MqttClient c = new MqttClient(
                uri, "lambo-broker-watch-" + ProcessHandle.current().pid(), new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        o.setAutomaticReconnect(true);
        c.connect(o);
        IMqttMessageListener onStatus = (topic, message) -> {
            String line = presenceLine(topic, new String(message.getPayload(), StandardCharsets.UTF_8));
            if (line != null) {
                synchronized (out) {
                    out.println(line);
                    out.flush();
                }
            }
        };
        c.subscribe("lambo/+/+/+/status", 1, onStatus);
        return c;
    }

    /**
     * One line for a presence message on {@code lambo/{testbed}/{role}/{id}/status}, or null for an empty (cleared)
     * one.
     */
    String presenceLine(String topic, String payload) {
        String[] t = topic.split("/");
        if (t.length != 5 || payload.isEmpty()) return null;
        String state;
        try {
            JsonNode body = json.readTree(payload).path("body");
            boolean online = body.path("online").asBoolean(false);
            String reason = body.path("reason").asText("");
            state = (online ? "online" : "offline") + (reason.isEmpty() ? "" : " (" + reason + ")");
        } catch (java.io.IOException e) {
            state = "unreadable status message (" + payload.length() + " bytes)";
        }
        return ("bridge".equals(t[2]) ? "bridge " : "device ") + t[3] + " (" + t[2] + ", testbed " + t[1] + "): "
                + state;
    }

    private static void closeQuietly(MqttClient c) {
        try {
            if (c.isConnected()) c.disconnect(1_000);
            c.close(true);
        } catch (MqttException e) {
            // shutting down: nothing left to do
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }
}
