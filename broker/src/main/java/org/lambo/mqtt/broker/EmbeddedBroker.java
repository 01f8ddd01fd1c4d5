package org.lambo.mqtt.broker;

import io.moquette.BrokerConstants;
import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An MQTT 3.1.1 broker inside this JVM (Moquette 0.17), the default of the main job so that nothing needs installing:
 * in-memory (no persistence), telemetry off, anonymous, listening on loopback only unless told otherwise. It is for one
 * machine and trusted clients; real deployments use Mosquitto with {@code configs/mosquitto/} (TLS, passwords,
 * per-device ACL).
 *
 * <p>The port is chosen by the caller or picked free before starting, and reported from our own configuration:
 * Moquette's {@code getPort()} sometimes answers 0.
 */
public final class EmbeddedBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
    /** The largest MQTT packet the broker takes, as {@code max_packet_size} of the shipped mosquitto.conf. */
    public static final int MAX_PACKET_BYTES = 131_072;

    private final String host;
    private final int port;
    private final Server server = new Server();
    private volatile boolean running;

    private EmbeddedBroker(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** Starts a broker on {@code 127.0.0.1} at a free port. */
    public static EmbeddedBroker start() {
        return start("127.0.0.1", 0);
    }

    /**
     * Starts a broker on {@code host} ({@code 127.0.0.1} for this machine only, {@code 0.0.0.0} to let devices in) at
     * {@code port} (0: a free one). Fails with the port in the message if it cannot listen.
     */
    public static EmbeddedBroker start(String host, int port) {
        if (port < 0 || port > 65_535) throw new IllegalArgumentException("port must be in [0, 65535], got " + port);
        int p = port == 0 ? FreePort.pick() : port;
        EmbeddedBroker b = new EmbeddedBroker(host, p);
        b.startServer();
        return b;
    }

    private void startServer() {
        long t0 = System.nanoTime();
        Properties props = new Properties();
        props.setProperty(BrokerConstants.HOST_PROPERTY_NAME, host);
        props.setProperty(BrokerConstants.PORT_PROPERTY_NAME, Integer.toString(port));
        props.setProperty(BrokerConstants.WEB_SOCKET_PORT_PROPERTY_NAME, BrokerConstants.DISABLED_PORT_BIND);
        props.setProperty(BrokerConstants.ALLOW_ANONYMOUS_PROPERTY_NAME, "true");
        props.setProperty(BrokerConstants.PERSISTENCE_ENABLED_PROPERTY_NAME, "false");
        props.setProperty(BrokerConstants.ENABLE_TELEMETRY_NAME, "false");
        props.setProperty(BrokerConstants.METRICS_ENABLE_PROPERTY_NAME, "false");
        props.setProperty(BrokerConstants.BUGSNAG_ENABLE_PROPERTY_NAME, "false");
        props.setProperty(BrokerConstants.NETTY_EPOLL_PROPERTY_NAME, "false");
        // Moquette's default frame limit is 8092 bytes; the envelopes go up to 64 KiB (a task's input of up to
        // 32 KiB, base64): the same packet limit as the shipped mosquitto.conf (max_packet_size)
        props.setProperty(BrokerConstants.NETTY_MAX_BYTES_PROPERTY_NAME, Integer.toString(MAX_PACKET_BYTES));
        // TCP_NODELAY on every client's socket (Moquette 0.17's default too, said here so that it stays): no Nagle
        // stall on the broker's side of a command and its result
        props.setProperty(BrokerConstants.NETTY_TCP_NODELAY_PROPERTY_NAME, "true");
        // flush each message at once: the testbed measures latencies through the broker
        props.setProperty(BrokerConstants.IMMEDIATE_BUFFER_FLUSH_PROPERTY_NAME, "true");
        try {
            server.startServer(new MemoryConfig(props));
        } catch (IOException | RuntimeException e) {
            server.stopServer();
            throw new UncheckedIOException(
                    "embedded MQTT broker could not listen on " + host + ":" + port + ": " + e.getMessage(),
                    e instanceof IOException io ? io : new IOException(e));
        }
        if (!FreePort.accepts(port, Duration.ofSeconds(2))) {
            server.stopServer();
            throw new UncheckedIOException(
                    new IOException("embedded MQTT broker started but does not accept on port " + port));
        }
        running = true;
        LOG.info(
                "embedded MQTT broker (Moquette) listening on {}:{} (started in {} ms)",
                host,
                port,
                (System.nanoTime() - t0) / 1_000_000);
    }

    public int port() {
        return port;
    }

    /** {@code tcp://127.0.0.1:port} (or the bound host when it is not a wildcard). */
    public String uri() {
        return "tcp://" + ("0.0.0.0".equals(host) ? "127.0.0.1" : host) + ":" + port;
    }

    public boolean isRunning() {
        return running;
    }

    /** Stops the broker; idempotent. */
    @Override
    public void close() {
        if (!running) return;
        running = false;
        long t0 = System.nanoTime();
        server.stopServer();
        LOG.info("embedded MQTT broker on port {} stopped in {} ms", port, (System.nanoTime() - t0) / 1_000_000);
    }
}
