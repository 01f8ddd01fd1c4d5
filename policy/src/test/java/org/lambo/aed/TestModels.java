package org.lambo.aed;

import org.lambo.aed.model.AedConfig;

/** Tiny model sizes that keep the tests to seconds. */
public final class TestModels {
    private TestModels() {}

    /** d = 16, 2 heads, 2 encoder layers. */
    public static AedConfig tiny() {
        return new AedConfig("test-tiny", 16, 2, 2, 32, 10.0, 0.3);
    }
}
