package org.lambo.device.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KernelTest {
    /** The xorshift64 step written out independently, as the reference. */
    private static long reference(long iterations) {
        long x = Kernel.SEED, acc = 0;
        for (long k = 0; k < iterations; k++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            acc += x;
        }
        return x ^ Long.rotateLeft(acc, 29);
    }

    @Test
    void checksumMatchesTheReferenceStep() {
        Kernel k = new Kernel();
        k.run(12_345);
        assertThat(k.checksum()).isEqualTo(reference(12_345));
        assertThat(k.iterations()).isEqualTo(12_345);
    }

    @Test
    void runningInChunksEqualsRunningAtOnce() {
        Kernel chunks = new Kernel();
        chunks.run(1_000);
        chunks.run(0);
        chunks.run(99_000);
        Kernel once = new Kernel();
        once.run(100_000);
        assertThat(chunks.checksum()).isEqualTo(once.checksum());
    }

    @Test
    void differentAmountsOfWorkGiveDifferentChecksums() {
        Kernel a = new Kernel();
        a.run(100_000);
        Kernel b = new Kernel();
        b.run(100_001);
        assertThat(a.checksum()).isNotEqualTo(b.checksum());
        assertThatThrownBy(() -> a.run(-1)).hasMessageContaining("got -1");
    }
}
