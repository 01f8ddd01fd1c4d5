package org.lambo.mqtt.payload;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.lambo.mqtt.topic.Channel;
import org.lambo.mqtt.topic.Role;
import org.lambo.mqtt.topic.Topic;

class EnvelopeDispatcherTest {
    private final EnvelopeCodec codec = EnvelopeCodec.builder().build();
    private final List<Envelope<DeviceStatus>> received = new ArrayList<>();
    private final EnvelopeDispatcher dispatcher = EnvelopeDispatcher.builder(codec)
            .on(DeviceStatus.TYPE, DeviceStatus.class, (topic, e) -> {
                if (e.body().reason().equals("boom")) throw new IllegalStateException("handler bug");
                received.add(e);
            })
            .build();
    private final Topic status = new Topic("lab", Role.SERVER, "s1", Channel.STATUS);

    private byte[] statusFrom(String device, String reason) {
        return codec.encode(
                new EnvelopeFactory(device, Clock.systemUTC()).next(DeviceStatus.TYPE, new DeviceStatus(true, reason)));
    }

    @Test
    void deliversValidEnvelopesToTheirHandler() {
        assertThat(dispatcher.handle(status.name(), statusFrom("s1", "connected")))
                .isTrue();
        assertThat(received).singleElement().satisfies(e -> assertThat(e.body().online())
                .isTrue());
        assertThat(dispatcher.rejects().total()).isZero();
    }

    @Test
    void countsEveryRejectionByReasonAndNeverThrows() {
        assertThat(dispatcher.handle(status.name(), "not json".getBytes(UTF_8))).isFalse();
        assertThat(dispatcher.handle(status.name(), null)).isFalse();
        assertThat(dispatcher.handle("somewhere/else", statusFrom("s1", "connected")))
                .isFalse();
        assertThat(dispatcher.handle(status.name(), statusFrom("s2", "connected")))
                .isFalse(); // s2 speaking on s1's topic
        assertThat(dispatcher.handle(status.name(), statusFrom("s1", "boom"))).isFalse();
        assertThat(dispatcher.handle(status.name(), new byte[EnvelopeCodec.DEFAULT_MAX_BYTES + 1]))
                .isFalse();
        RejectCounter r = dispatcher.rejects();
        assertThat(r.get(RejectReason.NOT_JSON)).isEqualTo(2);
        assertThat(r.get(RejectReason.BAD_TOPIC)).isEqualTo(1);
        assertThat(r.get(RejectReason.DEVICE_MISMATCH)).isEqualTo(1);
        assertThat(r.get(RejectReason.HANDLER_FAILED)).isEqualTo(1);
        assertThat(r.get(RejectReason.TOO_LARGE)).isEqualTo(1);
        assertThat(r.total()).isEqualTo(6);
        assertThat(received).isEmpty();
        // and it keeps working afterwards
        assertThat(dispatcher.handle(status.name(), statusFrom("s1", "connected")))
                .isTrue();
    }

    @Test
    void aPeerMessageMustComeFromTheSenderItsTopicNames() {
        EnvelopeDispatcher d = EnvelopeDispatcher.builder(codec)
                .on(DeviceStatus.TYPE, DeviceStatus.class, (t, e) -> received.add(e))
                .build();
        Topic fromPi1 = status.peerFrom("pi-1");
        assertThat(d.handle(fromPi1.name(), statusFrom("pi-1", "connected"))).isTrue();
        // pi-2 may write only under its own name (the ACL); an envelope claiming pi-1 under pi-2's name is refused
        assertThat(d.handle(status.peerFrom("pi-2").name(), statusFrom("pi-1", "connected")))
                .isFalse();
        // a peer topic without its sender level is outside the scheme
        assertThat(d.handle("lambo/lab/server/s1/peer", statusFrom("pi-1", "connected")))
                .isFalse();
        assertThat(d.rejects().get(RejectReason.DEVICE_MISMATCH)).isEqualTo(1);
        assertThat(d.rejects().get(RejectReason.BAD_TOPIC)).isEqualTo(1);
        assertThat(received).hasSize(1);
    }

    @Test
    void theBridgeMayWriteADevicesCommandsTopic() {
        EnvelopeDispatcher d = EnvelopeDispatcher.builder(codec)
                .on(DeviceStatus.TYPE, DeviceStatus.class, (t, e) -> received.add(e))
                .build();
        assertThat(d.handle(status.on(Channel.COMMANDS).name(), statusFrom("bridge", "connected")))
                .isTrue();
    }

    @Test
    void reDeliveriesAreDroppedButARestartedSendersMessagesAreNot() {
        byte[] first = statusFrom("s1", "connected");
        assertThat(dispatcher.handle(status.name(), first)).isTrue();
        assertThat(dispatcher.handle(status.name(), first)).isFalse(); // the same bytes again: a QoS-1 re-delivery
        assertThat(dispatcher.rejects().get(RejectReason.DUPLICATE)).isEqualTo(1);
        // a restarted sender counts from seq 0 again, with a later sentAt: a new message
        byte[] afterRestart =
                codec.encode(new EnvelopeFactory("s1", Clock.offset(Clock.systemUTC(), java.time.Duration.ofSeconds(5)))
                        .next(DeviceStatus.TYPE, DeviceStatus.connected()));
        assertThat(dispatcher.handle(status.name(), afterRestart)).isTrue();
        assertThat(received).hasSize(2);
    }

    @Test
    void aZeroWindowLetsEveryDeliveryThrough() {
        EnvelopeDispatcher all = EnvelopeDispatcher.builder(codec)
                .duplicateWindow(0)
                .on(DeviceStatus.TYPE, DeviceStatus.class, (t, e) -> received.add(e))
                .build();
        byte[] m = statusFrom("s1", "connected");
        assertThat(all.handle(status.name(), m)).isTrue();
        assertThat(all.handle(status.name(), m)).isTrue();
    }

    @Test
    void theWindowForgetsTheOldestKeys() {
        DuplicateFilter f = new DuplicateFilter(2);
        EnvelopeFactory s = new EnvelopeFactory("s1", Clock.fixed(java.time.Instant.EPOCH, java.time.ZoneOffset.UTC));
        Envelope<DeviceStatus> a = s.next("status", DeviceStatus.connected());
        Envelope<DeviceStatus> b = s.next("status", DeviceStatus.connected());
        Envelope<DeviceStatus> c = s.next("status", DeviceStatus.connected());
        assertThat(f.firstTime(a)).isTrue();
        assertThat(f.firstTime(b)).isTrue();
        assertThat(f.firstTime(a)).isFalse();
        assertThat(f.firstTime(c)).isTrue(); // evicts a
        assertThat(f.firstTime(a)).isTrue();
    }

    @Test
    void aKnownTypeWithoutAHandlerIsCountedAsUnknown() {
        EnvelopeDispatcher none = EnvelopeDispatcher.builder(codec).build();
        assertThat(none.handle(status.name(), statusFrom("s1", "connected"))).isFalse();
        assertThat(none.rejects().get(RejectReason.UNKNOWN_TYPE)).isEqualTo(1);
    }
}
