package org.lambo.aed.alef;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.lambo.mec.EdgeServer;
import org.lambo.mec.Instance;
import org.lambo.mec.UserEquipment;
import org.lambo.scenario.FamilyLoader;
import org.lambo.scenario.ScenarioFamily;
import org.lambo.scenario.ScenarioLoader;
import org.lambo.scenario.World;

/**
 * {@code configs/drift-slow-servers-light-uploads.yaml}, the drift that ALEF's criterion is measured on for the default
 * (general) AED, lies outside the family that AED was trained on ({@code family-general-wide});
 * {@code drift-half-capacity} lies inside it.
 */
class DriftOutsideTheFamilyTest {
    private static final ScenarioFamily FAMILY = FamilyLoader.loadFamily("family-general-wide");

    private static Instance slot(String profile, int k) {
        World w = new World(ScenarioLoader.load(profile), 1);
        Instance inst = w.next();
        while (w.slot() < k) inst = w.next();
        return inst;
    }

    @Test
    void theSlowServersLightUploadsDriftLeavesTheFamilysServerRangeAndLightensEveryUpload() {
        Instance before = slot("drift-slow-servers-light-uploads", 9);
        Instance after = slot("drift-slow-servers-light-uploads", 10);
        assertThat(before.servers()).extracting(EdgeServer::cpuHz).containsExactly(1.5e10, 1.5e10, 3e10, 5e10);
        assertThat(after.servers()).extracting(EdgeServer::cpuHz).containsExactly(3e9, 3e9, 6e9, 1e10);
        long below = after.servers().stream()
                .filter(s -> s.cpuHz() < FAMILY.cpuHz().min())
                .count();
        assertThat(below).isEqualTo(3);
        assertThat(after.servers()).allMatch(s -> s.cpuHz() <= FAMILY.cpuHz().min());
        // the same work, a twentieth of the upload: D about 1e7 bit (1e7 x U(0.5, 1.5)) for F about 1e10 cycles
        for (UserEquipment ue : after.ues()) {
            assertThat(ue.task().bits()).isBetween(0.5e7, 1.5e7);
            assertThat(ue.task().cycles()).isBetween(0.5e10, 1.5e10);
        }
    }

    @Test
    void theHalfCapacityDriftStaysInsideTheFamilysServerRange() {
        Instance after = slot("drift-half-capacity", 10);
        assertThat(after.servers())
                .allMatch(s -> s.cpuHz() >= FAMILY.cpuHz().min()
                        && s.cpuHz() <= FAMILY.cpuHz().max());
    }
}
