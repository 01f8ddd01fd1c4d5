package org.lambo.aed.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.io.InputException;

class AedConfigTest {
    @Test
    void builtInSizesGrowFromSmallToLarge() {
        AedConfig s = AedConfig.load("lambo-s");
        AedConfig m = AedConfig.load("lambo-m");
        AedConfig l = AedConfig.load("lambo-l");
        assertThat(s.name()).isEqualTo("lambo-s");
        assertThat(s.dModel()).isLessThan(m.dModel());
        assertThat(m.dModel()).isLessThan(l.dModel());
        assertThat(s.encoderLayers()).isLessThanOrEqualTo(m.encoderLayers());
        assertThat(m.encoderLayers()).isLessThanOrEqualTo(l.encoderLayers());
    }

    @Test
    void jsonRoundTripsToTheSameConfig() {
        AedConfig m = AedConfig.load("lambo-m");
        assertThat(AedConfig.fromJson("test", m.toJson())).isEqualTo(m);
    }

    @Test
    void aModelFileThatIsNotUtf8TextIsRefusedSayingSo(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("mine.yaml");
        Files.write(f, new byte[] {'n', 'a', 'm', 'e', ':', ' ', (byte) 0xff, (byte) 0xfe});
        assertThatThrownBy(() -> AedConfig.load(f.toString()))
                .isInstanceOf(InputException.class)
                .hasMessage(f + ": is not UTF-8 text");
    }

    @Test
    void badFilesNameTheFieldAndTheValue() {
        assertThatThrownBy(() ->
                        AedConfig.parse("x.yaml", "name: x\ndModel: 10\nheads: 4\nencoderLayers: 1\nffHidden: 8\n"))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("x.yaml")
                .hasMessageContaining("heads")
                .hasMessageContaining("10");
        assertThatThrownBy(() -> AedConfig.parse(
                        "x.yaml", "name: x\ndModel: 8\nheads: 2\nencoderLayers: 1\nffHidden: 8\ndepth: 3\n"))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("depth");
        assertThatThrownBy(() -> AedConfig.parse("x.yaml", "name: x\ndModel: 8\nheads: 2\nffHidden: 8\n"))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("encoderLayers");
        assertThatThrownBy(() -> AedConfig.load("lambo-xl"))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("lambo-xl");
    }
}
