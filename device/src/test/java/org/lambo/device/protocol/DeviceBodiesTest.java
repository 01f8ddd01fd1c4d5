package org.lambo.device.protocol;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.lambo.mqtt.payload.Envelope;
import org.lambo.mqtt.payload.EnvelopeCodec;
import org.lambo.mqtt.payload.EnvelopeFactory;
import org.lambo.mqtt.payload.PayloadException;
import org.lambo.mqtt.payload.RejectReason;
import org.lambo.ontology.DeviceMessages.DeviceCommand;
import org.lambo.ontology.DeviceMessages.DeviceResult;
import org.lambo.ontology.DeviceMessages.DeviceTelemetry;
import org.lambo.ontology.DeviceMessages.PeerNotice;
import org.lambo.ontology.DeviceMessages.TaskInput;
import org.lambo.ontology.DeviceMessages.Work;
import org.lambo.ontology.TaskDescription;

class DeviceBodiesTest {
    private final EnvelopeCodec codec = DeviceBodies.codec();
    private final EnvelopeFactory stamps = new EnvelopeFactory("bridge", Clock.systemUTC());
    private final TaskDescription task = new TaskDescription("t3-ue1", 2e6, 1e9, 0.5);

    private DeviceCommand command() {
        return new DeviceCommand(
                "s3-t3-ue1",
                3,
                Work.SERVE,
                task,
                0.25,
                DeviceBodies.input(task, 1e-3),
                DeviceBodies.inputBytes(task, 1e-3));
    }

    @Test
    void everyDeviceBodyRoundTripsThroughTheEnvelope() throws PayloadException {
        DeviceCommand c = command();
        DeviceResult r = new DeviceResult("s3-t3-ue1", "t3-ue1", true, 0.4, 1.6, 0.4, 250, "");
        DeviceTelemetry t = new DeviceTelemetry(2.1e9, 0.01, 1, 7, 2);
        assertThat(codec.decode(codec.encode(stamps.next(DeviceBodies.COMMAND, c)))
                        .body())
                .isEqualTo(c);
        assertThat(codec.decode(codec.encode(stamps.next(DeviceBodies.RESULT, r)))
                        .body())
                .isEqualTo(r);
        assertThat(codec.decode(codec.encode(stamps.next(DeviceBodies.TELEMETRY, t)))
                        .body())
                .isEqualTo(t);
    }

    @Test
    void theInputIsDBitsScaledInBytesAndBounded() {
        assertThat(DeviceBodies.inputBytes(task, 1e-3)).isEqualTo(250); // 2e6 bits x 1e-3 / 8
        assertThat(DeviceBodies.inputBytes(task, 1e-9)).isEqualTo(1);
        assertThat(DeviceBodies.inputBytes(new TaskDescription("big", 1e12, 1, 1), 1))
                .isEqualTo(DeviceBodies.MAX_INPUT_BYTES);
        assertThat(command().input()).hasSize(4 * ((250 + 2) / 3)); // base64 of 250 bytes
    }

    @Test
    void badCommandsAreRejectedWithTheFieldNamed() {
        String good = new String(codec.encode(stamps.next(DeviceBodies.COMMAND, command())), UTF_8);
        assertReject(good.replace("\"share\":0.25", "\"share\":1.5"), RejectReason.BAD_VALUE, "share");
        assertReject(good.replace("\"work\":\"SERVE\"", "\"work\":\"DANCE\""), RejectReason.WRONG_TYPE, "body.work");
        assertReject(good.replace("\"inputBytes\":250", "\"inputBytes\":251"), RejectReason.BAD_VALUE, "inputBytes");
        assertReject(good.replace("\"slot\":3", "\"slot\":\"3\""), RejectReason.WRONG_TYPE, "body.slot");
        assertReject(good.replace("\"slot\":3,", ""), RejectReason.MISSING_FIELD, "body.slot");
        assertReject(good.replace("\"slot\":3", "\"slot\":3,\"extra\":1"), RejectReason.UNKNOWN_FIELD, "body.extra");
        assertReject(good.replace("\"cycles\":1.0E9", "\"cycles\":-1"), RejectReason.BAD_VALUE, "cycles");
    }

    /**
     * A command and a result name their trial (1 to 32 of [0-9a-f]); one without it (a bridge or device from before the
     * field) or with a bad one is rejected naming the field, so an old device and a new bridge do not quietly mix.
     */
    @Test
    void aCommandAndAResultMustNameTheirTrial() throws PayloadException {
        DeviceCommand c = new DeviceCommand("s3-t3-ue1", 3, Work.UPLOAD, task, 0.25, "", 250, "srv-1", "0123abcd");
        assertThat(codec.decode(codec.encode(stamps.next(DeviceBodies.COMMAND, c)))
                        .body())
                .isEqualTo(c);
        String good = new String(codec.encode(stamps.next(DeviceBodies.COMMAND, c)), UTF_8);
        assertReject(good.replace(",\"trial\":\"0123abcd\"", ""), RejectReason.MISSING_FIELD, "body.trial");
        assertReject(good.replace("\"trial\":\"0123abcd\"", "\"trial\":\"0123ABCD\""), RejectReason.BAD_VALUE, "trial");
        assertReject(good.replace("\"trial\":\"0123abcd\"", "\"trial\":\"\""), RejectReason.BAD_VALUE, "trial");
        assertReject(
                good.replace("\"trial\":\"0123abcd\"", "\"trial\":\"" + "a".repeat(33) + "\""),
                RejectReason.BAD_VALUE,
                "trial must be 1 to 32 characters of [0-9a-f]");
        assertThatThrownBy(() -> new DeviceCommand("c", 0, Work.UPLOAD, task, 0.5, "", 250, "srv-1", "t-1"))
                .hasMessageContaining("trial must be 1 to 32 characters of [0-9a-f], got 't-1'");

        DeviceResult r = new DeviceResult("s3-t3-ue1", "t3-ue1", true, 0, 1.6, 0.3, 250, 0.3, 2.0, "", "0123abcd");
        String result = new String(codec.encode(stamps.next(DeviceBodies.RESULT, r)), UTF_8);
        assertThat(codec.decode(result.getBytes(UTF_8)).body()).isEqualTo(r);
        assertReject(result.replace(",\"trial\":\"0123abcd\"", ""), RejectReason.MISSING_FIELD, "body.trial");
    }

    /**
     * An offloaded task's input and the server device's notice name their trial (1 to 32 of [0-9a-f]), so a server
     * device never takes a later trial's input for an earlier trial's task of the same id; one without it (a device
     * from before the field) or with a bad one is rejected naming the field and the value.
     */
    @Test
    void anInputAndANoticeMustNameTheirTrial() throws PayloadException {
        TaskInput in = new TaskInput("t3-ue1", DeviceBodies.payload("t3-ue1", 250), 250, "0123abcd");
        PeerNotice done = new PeerNotice("t3-ue1", true, true, 250, 1.6, "", "0123abcd");
        String input = new String(codec.encode(stamps.next(DeviceBodies.INPUT, in)), UTF_8);
        String notice = new String(codec.encode(stamps.next(DeviceBodies.NOTICE, done)), UTF_8);
        assertThat(codec.decode(input.getBytes(UTF_8)).body()).isEqualTo(in);
        assertThat(codec.decode(notice.getBytes(UTF_8)).body()).isEqualTo(done);
        for (String good : java.util.List.of(input, notice)) {
            assertReject(good.replace(",\"trial\":\"0123abcd\"", ""), RejectReason.MISSING_FIELD, "body.trial");
            assertReject(
                    good.replace("\"trial\":\"0123abcd\"", "\"trial\":\"0123ABCD\""),
                    RejectReason.BAD_VALUE,
                    "trial must be 1 to 32 characters of [0-9a-f], got '0123ABCD'");
            assertReject(
                    good.replace("\"trial\":\"0123abcd\"", "\"trial\":\"\""),
                    RejectReason.BAD_VALUE,
                    "trial must be 1 to 32 characters of [0-9a-f], got ''");
            assertReject(
                    good.replace("\"trial\":\"0123abcd\"", "\"trial\":\"0123abcg\""),
                    RejectReason.BAD_VALUE,
                    "trial must be 1 to 32 characters of [0-9a-f], got '0123abcg'");
        }
        assertThatThrownBy(() -> new TaskInput("t", "AA==", 1, "t-1"))
                .hasMessageContaining("trial must be 1 to 32 characters of [0-9a-f], got 't-1'");
        assertThatThrownBy(() -> new PeerNotice("t", false, true, 1, 0, "", null))
                .hasMessageContaining("trial");
    }

    private void assertReject(String json, RejectReason reason, String field) {
        assertThatThrownBy(() -> codec.decode(json.getBytes(UTF_8)))
                .isInstanceOfSatisfying(
                        PayloadException.class, e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessageContaining(field);
    }

    @Test
    void aResultMustSayWhyItFailed() {
        assertThatThrownBy(() -> new DeviceResult("c", "t", false, 0, 0, 0, 0, " "))
                .hasMessageContaining("reason");
        assertThatThrownBy(() -> new DeviceResult("c", "t", true, 0, 0, 0, 0, ""))
                .hasMessageContaining("computeTimeS");
        assertThatThrownBy(() -> new DeviceCommand("c", 0, Work.LOCAL, task, 0.5, "AA==", 1))
                .hasMessageContaining("share must be 1");
    }

    @Test
    void theDeviceToDeviceBodiesRoundTripAndCheckThemselves() throws PayloadException {
        DeviceCommand up = new DeviceCommand("s3-up-1", 3, Work.UPLOAD, task, 0.25, "", 250, "srv-1");
        TaskInput in = new TaskInput("t3-ue1", DeviceBodies.payload("t3-ue1", 250), 250, "0");
        PeerNotice receipt = new PeerNotice("t3-ue1", false, true, 250, 0, "", "0");
        PeerNotice done = new PeerNotice("t3-ue1", true, true, 250, 1.6, "", "0");
        DeviceResult measured = new DeviceResult("s3-up-1", "t3-ue1", true, 0, 1.6, 0.3, 250, 0.3, 2.0, "");
        assertThat(codec.decode(codec.encode(stamps.next(DeviceBodies.COMMAND, up)))
                        .body())
                .isEqualTo(up);
        assertThat(codec.decode(codec.encode(stamps.next(DeviceBodies.INPUT, in)))
                        .body())
                .isEqualTo(in);
        assertThat(codec.decode(codec.encode(stamps.next(DeviceBodies.NOTICE, receipt)))
                        .body())
                .isEqualTo(receipt);
        assertThat(codec.decode(codec.encode(stamps.next(DeviceBodies.NOTICE, done)))
                        .body())
                .isEqualTo(done);
        assertThat(codec.decode(codec.encode(stamps.next(DeviceBodies.RESULT, measured)))
                        .body())
                .isEqualTo(measured);
        assertThat(in.input())
                .isEqualTo(DeviceBodies.input(task, 1e-3))
                .as("the same bytes the bridge would have sent");

        assertThatThrownBy(() -> new DeviceCommand("c", 0, Work.UPLOAD, task, 0.5, "", 250, ""))
                .hasMessageContaining("peer must name the server");
        assertThatThrownBy(() -> new DeviceCommand("c", 0, Work.LOCAL, task, 1, "", 0, "srv-1"))
                .hasMessageContaining("peer must be empty for LOCAL");
        assertThatThrownBy(() -> new DeviceCommand("c", 0, Work.SERVE, task, 0.5, "AA==", 1, "pi-1"))
                .hasMessageContaining("input must be empty");
        assertThatThrownBy(() -> new DeviceCommand("c", 0, Work.SERVE, task, 0.5, "", 0, "pi-1"))
                .hasMessageContaining("inputBytes must be >= 1");
        assertThatThrownBy(() -> new TaskInput("t", "AA==", 2, "0")).hasMessageContaining("decodes to 1 bytes");
        assertThatThrownBy(() -> new PeerNotice("t", false, false, 0, 0, "x", "0"))
                .hasMessageContaining("receipt");
        assertThatThrownBy(() -> new PeerNotice("t", true, true, 1, 0, "", "0")).hasMessageContaining("computeTimeS");
        String good = new String(codec.encode(stamps.next(DeviceBodies.COMMAND, up)), UTF_8);
        assertReject(good.replace(",\"peer\":\"srv-1\"", ""), RejectReason.MISSING_FIELD, "body.peer");
    }

    @Test
    void theEnvelopeTypesAreRegistered() {
        Envelope<?> e = stamps.next(DeviceBodies.TELEMETRY, new DeviceTelemetry(1, 0, 0, 0, 0));
        assertThat(codec.types()).contains(DeviceBodies.COMMAND, DeviceBodies.RESULT, DeviceBodies.TELEMETRY, "status");
        assertThat(e.type()).isEqualTo("telemetry");
    }
}
