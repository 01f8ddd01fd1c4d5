package org.lambo.device.energy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.lambo.device.cpu.Execution;

class EnergyModelTest {
    @Test
    void computeEnergyIsLocalPowerTimesFullSizeBusyTime() {
        // 3 ms of CPU at scale 1e-3 is 3 s at full size; at 2 W that is 6 J (the model: P_L * F / f_L)
        Execution e = new Execution(1e10, 1e-3, 1, 4_000_000, 3_000_000, 0);
        assertThat(new EnergyModel(2.0, 1.0).computeJoules(e)).isCloseTo(6.0, within(1e-12));
        assertThat(EnergyModel.PAPER.computeJoules(e)).isCloseTo(3.0, within(1e-12));
    }

    @Test
    void uploadEnergyIsTransmitPowerTimesUploadTime() {
        assertThat(new EnergyModel(1.0, 0.5).uploadJoules(0.8)).isCloseTo(0.4, within(1e-12));
        assertThatThrownBy(() -> EnergyModel.PAPER.uploadJoules(-1)).hasMessageContaining("got -1.0");
        assertThatThrownBy(() -> new EnergyModel(0, 1))
                .hasMessageContaining("localPowerW must be a finite number > 0, got 0.0");
    }
}
