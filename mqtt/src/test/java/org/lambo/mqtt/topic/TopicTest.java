package org.lambo.mqtt.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TopicTest {
    @Test
    void buildsTheDocumentedName() {
        Topic t = new Topic("lab1", Role.UE, "pi-07", Channel.TELEMETRY);
        assertThat(t.name()).isEqualTo("lambo/lab1/ue/pi-07/telemetry");
        assertThat(t.on(Channel.STATUS).name()).isEqualTo("lambo/lab1/ue/pi-07/status");
    }

    @Test
    void parseIsTheInverseOfNameForEveryRoleAndChannel() {
        for (Role r : Role.values()) {
            for (Channel c : Channel.values()) {
                Topic t = c == Channel.PEER
                        ? Topic.peer("tb_2", r, "jetson.3", "pi-1")
                        : new Topic("tb_2", r, "jetson.3", c);
                assertThat(Topic.parse(t.name())).isEqualTo(t);
            }
        }
    }

    @Test
    void aPeerTopicNamesItsSenderAsItsLastLevel() {
        Topic t = Topic.peer("lab1", Role.SERVER, "jetson-01", "pi-07");
        assertThat(t.name()).isEqualTo("lambo/lab1/server/jetson-01/peer/pi-07");
        assertThat(Topic.parse(t.name()).sender()).isEqualTo("pi-07");
        assertThat(new Topic("lab1", Role.UE, "pi-07", Channel.RESULTS).sender())
                .isEmpty();
        assertThatThrownBy(() -> new Topic("lab1", Role.UE, "pi-07", Channel.PEER))
                .hasMessageContaining("names its sender");
        assertThatThrownBy(() -> Topic.parse("lambo/lab1/server/jetson-01/peer"))
                .hasMessageContaining("field 'sender'");
        assertThatThrownBy(() -> Topic.parse("lambo/lab1/server/jetson-01/peer/+"))
                .hasMessageContaining("field 'sender'");
        assertThatThrownBy(() -> Topic.parse("lambo/lab1/server/jetson-01/results/pi-07"))
                .hasMessageContaining("sixth level");
        TopicFilter peers = TopicFilter.of(t);
        assertThat(peers.filter()).isEqualTo("lambo/lab1/server/jetson-01/peer/+");
        assertThat(peers.matches(t)).isTrue();
        assertThat(TopicFilter.of("lab1").matches(t))
                .as("a five-level filter selects no peer topic")
                .isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "pi/07",
                "pi+",
                "#",
                "+",
                "$SYS",
                "",
                " pi",
                "pi 07",
                "-pi",
                "a\u0000b",
                "this-id-is-far-too-long-for-a-topic-level-because-it-has-more-than-64-chars"
            })
    void rejectsIdsThatAreNotSafeTopicLevels(String bad) {
        assertThatThrownBy(() -> new Topic("lab1", Role.SERVER, bad, Channel.COMMANDS))
                .isInstanceOf(TopicException.class)
                .hasMessageContaining("field 'deviceId'")
                .satisfies(e -> assertThat(((TopicException) e).field()).isEqualTo("deviceId"));
        assertThatThrownBy(() -> new Topic(bad, Role.SERVER, "s1", Channel.COMMANDS))
                .hasMessageContaining("field 'testbed'");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "lambo/lab1/ue/pi/telemetry/extra",
                "lambo/lab1/ue/pi",
                "other/lab1/ue/pi/telemetry",
                "lambo/lab1/UE/pi/telemetry",
                "lambo/lab1/robot/pi/telemetry",
                "lambo/lab1/ue/pi/logs",
                "lambo/lab1/ue/+/telemetry",
                "lambo/lab1/ue/pi/#",
                "lambo//ue/pi/telemetry"
            })
    void parseRejectsNamesOutsideTheScheme(String bad) {
        assertThatThrownBy(() -> Topic.parse(bad)).isInstanceOf(TopicException.class);
    }

    @Test
    void parseNamesTheBadPart() {
        assertThatThrownBy(() -> Topic.parse("lambo/lab1/robot/pi/telemetry"))
                .hasMessageContaining("field 'role'")
                .hasMessageContaining("robot");
        assertThatThrownBy(() -> Topic.parse("lambo/lab1/ue/pi/logs"))
                .hasMessageContaining("field 'channel'")
                .hasMessageContaining("logs");
    }

    @Test
    void roleFlagsIgnoreCaseButTopicLevelsDoNot() {
        assertThat(Role.parse("--role", " Server ")).isEqualTo(Role.SERVER);
        assertThatThrownBy(() -> Role.ofLevel("role", "Server")).hasMessageContaining("got 'Server'");
        assertThatThrownBy(() -> Role.parse("--role", "cloud"))
                .hasMessageContaining("field '--role'")
                .hasMessageContaining("ue, server, bridge");
    }

    @Test
    void filterWildcardsOnlyTheOpenLevelsAndMatchesAccordingly() {
        TopicFilter all = TopicFilter.of("lab1");
        TopicFilter telemetry = all.channel(Channel.TELEMETRY);
        TopicFilter serverStatus = all.role(Role.SERVER).channel(Channel.STATUS);
        assertThat(all.filter()).isEqualTo("lambo/lab1/+/+/+");
        assertThat(telemetry.filter()).isEqualTo("lambo/lab1/+/+/telemetry");
        assertThat(serverStatus.filter()).isEqualTo("lambo/lab1/server/+/status");
        Topic ueTelemetry = new Topic("lab1", Role.UE, "u1", Channel.TELEMETRY);
        Topic otherTestbed = new Topic("lab2", Role.UE, "u1", Channel.TELEMETRY);
        assertThat(telemetry.matches(ueTelemetry)).isTrue();
        assertThat(serverStatus.matches(ueTelemetry)).isFalse();
        assertThat(all.matches(otherTestbed)).isFalse();
        assertThat(TopicFilter.of(ueTelemetry).filter()).isEqualTo(ueTelemetry.name());
        assertThatThrownBy(() -> all.device("a/b")).hasMessageContaining("field 'deviceId'");
    }

    @Test
    void onlyCommandsFlowTowardsTheDevice() {
        assertThat(Channel.COMMANDS.fromDevice()).isFalse();
        assertThat(Channel.TELEMETRY.fromDevice()).isTrue();
        assertThat(Channel.RESULTS.fromDevice()).isTrue();
        assertThat(Channel.STATUS.fromDevice()).isTrue();
        assertThat(Channel.PEER.fromDevice()).as("written by other devices").isFalse();
    }
}
