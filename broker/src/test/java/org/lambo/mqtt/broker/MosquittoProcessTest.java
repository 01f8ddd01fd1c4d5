package org.lambo.mqtt.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MosquittoProcessTest {
    @Test
    void generatedConfigTurnsAnonymousOffWithAPasswordFileAndBindsLoopback(@TempDir Path dir) throws Exception {
        MosquittoProcess.Builder b = MosquittoProcess.builder(dir)
                .port(18999)
                .passwordFile(dir.resolve("passwd"))
                .aclFile(dir.resolve("acl"))
                .persistence(true);
        var ctor = MosquittoProcess.class.getDeclaredConstructor(MosquittoProcess.Builder.class, Path.class);
        ctor.setAccessible(true);
        MosquittoProcess p = ctor.newInstance(b, Path.of("/usr/sbin/mosquitto"));
        String conf = p.configText();
        assertThat(conf)
                .contains("allow_anonymous false")
                .contains("password_file " + dir.resolve("passwd"))
                .contains("acl_file " + dir.resolve("acl"))
                .contains("persistence true")
                .contains("listener 18999 127.0.0.1")
                .contains("set_tcp_nodelay true")
                .contains("user " + System.getProperty("user.name"));
        assertThat(p.uri()).isEqualTo("tcp://127.0.0.1:18999");
        assertThat(p.isRunning()).isFalse();
    }
}
