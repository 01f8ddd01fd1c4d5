package org.lambo.agents.bridge;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.lambo.device.cpu.Calibration;
import org.lambo.device.cpu.CpuCalibrator;
import org.lambo.device.runtime.DeviceConfig;
import org.lambo.device.runtime.DeviceFleet;
import org.lambo.mqtt.broker.EmbeddedBroker;
import org.lambo.mqtt.client.MqttLinkOptions;
import org.lambo.mqtt.client.TlsOptions;
import org.lambo.mqtt.topic.Role;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a trial with devices runs beside its agents: the embedded broker when no broker is given, the emulated devices
 * when asked ({@link DeviceOptions#emulate()}), and the {@link DeviceHub}. Closed in the reverse order: the hub, the
 * devices (cleanly: {@code offline/closed}), the broker.
 */
public final class DeviceSetup implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceSetup.class);

    private final EmbeddedBroker broker;
    private final List<DeviceFleet> fleets;
    private final DeviceHub hub;

    private DeviceSetup(EmbeddedBroker broker, List<DeviceFleet> fleets, DeviceHub hub) {
        this.broker = broker;
        this.fleets = fleets;
        this.hub = hub;
    }

    /**
     * Starts everything and waits (up to {@link DeviceOptions#waitOnline()}) for the devices to be online with their
     * telemetry.
     */
    public static DeviceSetup start(DeviceOptions o, long seed) throws InterruptedException {
        EmbeddedBroker broker = null;
        List<DeviceFleet> fleets = new ArrayList<>();
        DeviceHub hub = null;
        try {
            String uri = o.brokerUri();
            if (uri == null) {
                broker = EmbeddedBroker.start();
                uri = broker.uri();
            }
            // with a user name the client id is that name: the shipped broker replaces it so anyway
            // (use_username_as_clientid)
            MqttLinkOptions.Builder link =
                    MqttLinkOptions.builder(uri, o.username() != null ? o.username() : DeviceHub.clientId(o.testbed()));
            link.backoff(
                    org.lambo.device.runtime.DeviceRuntime
                            .RECONNECT); // back within seconds: the lost grace runs on the hub's connected time
            if (o.username() != null) link.credentials(o.username(), o.password());
            if (o.tlsCa() != null) link.tls(TlsOptions.caFile(o.tlsCa()));
            hub = new DeviceHub(link, o.testbed(), o.devices(), o.scale(), o.lostGrace(), seed)
                    .connect(Duration.ofSeconds(30));
            if (o.emulate()) {
                Calibration c = CpuCalibrator.builder().build().calibrate();
                LOG.info(String.format("emulated devices: this CPU runs %.3g task cycles/s", c.cyclesPerSecond()));
                for (Role role : List.of(Role.SERVER, Role.UE)) {
                    List<String> ids = role == Role.SERVER
                            ? o.devices().servers()
                            : o.devices().ues();
                    if (ids.isEmpty()) continue;
                    DeviceConfig template = DeviceConfig.builder(role, ids.get(0), uri)
                            .testbed(o.testbed())
                            .scale(o.scale())
                            .telemetryPeriod(Duration.ofSeconds(1))
                            .build();
                    fleets.add(DeviceFleet.start(template, ids, c, Duration.ofSeconds(30)));
                }
            }
            List<String> missing = hub.awaitReady(o.waitOnline());
            if (!missing.isEmpty()) LOG.warn("devices not ready (online, telemetry received) at the start: " + missing);
            return new DeviceSetup(broker, fleets, hub);
        } catch (RuntimeException | InterruptedException e) {
            new DeviceSetup(broker, fleets, hub).close();
            throw e;
        }
    }

    public DeviceHub hub() {
        return hub;
    }

    /** The emulated devices (empty unless {@link DeviceOptions#emulate()}). */
    public List<DeviceFleet> fleets() {
        return fleets;
    }

    @Override
    public void close() {
        if (hub != null) hub.close();
        fleets.forEach(DeviceFleet::close);
        if (broker != null) broker.close();
    }
}
