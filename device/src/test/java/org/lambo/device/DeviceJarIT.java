package org.lambo.device;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The packaged {@code target/lambo-device.jar} (failsafe runs after {@code package}): small, free of the testbed's
 * heavy and x86-only parts, and runnable on its own with {@code java -jar}.
 */
class DeviceJarIT {
    private static final Path JAR = Path.of("target", "lambo-device.jar");
    /** Package prefixes that must never reach a Pi: JADE, DJL, solvers, brokers, netty, native libraries. */
    private static final List<String> FORBIDDEN = List.of(
            "jade/",
            "ai/djl/",
            "com/google/ortools/",
            "org/ojalgo/",
            "io/moquette/",
            "io/netty/",
            "com/hivemq/",
            "org/apache/commons/math3/",
            "org/knowm/",
            "org/lambo/policy/",
            "org/lambo/agents/",
            "org/lambo/mqtt/broker/",
            "org/lambo/ontology/jade/");

    @Test
    void theJarIsSmallAndHoldsNothingHeavyOrNative() throws Exception {
        assertThat(JAR).exists();
        long size = Files.size(JAR);
        assertThat(size).as("lambo-device.jar size").isLessThan(5L << 20);
        try (JarFile jar = new JarFile(JAR.toFile())) {
            List<String> names = jar.stream().map(e -> e.getName()).collect(Collectors.toList());
            assertThat(names)
                    .contains(
                            "org/lambo/device/DeviceMain.class",
                            "org/lambo/device/runtime/DeviceRuntime.class",
                            "org/lambo/ontology/DeviceMessages$DeviceCommand.class",
                            "org/lambo/mqtt/client/MqttLink.class",
                            "org/eclipse/paho/client/mqttv3/MqttAsyncClient.class");
            assertThat(names).noneMatch(n -> FORBIDDEN.stream().anyMatch(n::startsWith));
            assertThat(names)
                    .noneMatch(n ->
                            n.endsWith(".so") || n.endsWith(".dll") || n.endsWith(".dylib") || n.endsWith(".jnilib"));
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo("org.lambo.device.DeviceMain");
        }
        System.out.printf("lambo-device.jar: %.2f MiB%n", size / 1048576.0);
    }

    @Test
    void theJarRunsOnItsOwn() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-jar", JAR.toString(), "calibrate", "--trials", "3", "--trial-ms", "10")
                .redirectErrorStream(true)
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(out).isZero();
        JsonNode n = DeviceMain.JSON.readTree(out);
        assertThat(n.get("cyclesPerSecond").asDouble()).isPositive();
        assertThat(n.get("trials").asInt()).isEqualTo(3);
    }
}
