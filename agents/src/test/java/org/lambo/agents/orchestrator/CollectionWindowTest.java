package org.lambo.agents.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CollectionWindowTest {
    private static List<Long> every(long intervalMs, int n) {
        List<Long> a = new ArrayList<>();
        for (int i = 1; i <= n; i++) a.add(i * intervalMs);
        return a;
    }

    @Test
    void beforeTheDeadlineItWaitsForTheDeadline() {
        assertThat(CollectionWindow.waitMoreMs(5000, every(10, 3), 1200)).isEqualTo(3800);
    }

    @Test
    void onACleanLinkTheSlotIsDecidedAtTheDeadlineAsBefore() {
        // 49 of 50 requests in the first half second, one UE never asks
        assertThat(CollectionWindow.waitMoreMs(5000, every(10, 49), 5000)).isZero();
    }

    @Test
    void withNoRequestAtAllTheSlotIsDecidedAtTheDeadline() {
        assertThat(CollectionWindow.waitMoreMs(20, List.of(), 20)).isZero();
    }

    @Test
    void requestsStillComingOneRoundTripApartKeepTheWindowOpenUntilTheyStop() {
        // 50 UEs behind a 130 ms link: 38 requests by the 5 s deadline, the last 60 ms ago
        List<Long> arrivals = every(130, 38);
        long more = CollectionWindow.waitMoreMs(5000, arrivals, 5000);
        assertThat(more).as("waits four mean intervals after the last request").isEqualTo(38 * 130 + 4 * 130 - 5000);
        // the rest keep coming: still open after each
        List<Long> all = every(130, 50);
        assertThat(CollectionWindow.waitMoreMs(5000, all.subList(0, 45), 45 * 130 + 100))
                .isPositive();
        // none for longer than the quiet time: closed
        assertThat(CollectionWindow.waitMoreMs(5000, all, 50 * 130 + 4 * 130)).isZero();
    }

    @Test
    void aLongStallBetweenRequestsWidensTheQuietTime() {
        List<Long> arrivals = new ArrayList<>(every(100, 20));
        arrivals.add(2000L + 900); // a lost segment held the stream back 900 ms
        assertThat(CollectionWindow.quietMs(5000, arrivals)).isEqualTo(1800);
    }

    @Test
    void theWindowNeverStaysOpenBeyondSixCollectionTimesNorWaitsMoreThanOneCollectionTimeOfQuiet() {
        assertThat(CollectionWindow.waitMoreMs(1000, every(100, 59), 5950)).isEqualTo(50);
        assertThat(CollectionWindow.waitMoreMs(1000, every(100, 60), 6000)).isZero();
        assertThat(CollectionWindow.quietMs(1000, List.of(990L))).isEqualTo(1000);
    }

    @Test
    void theWindowClosesWhenAUeThatAskedCouldNoLongerActOnItsDecision() {
        List<Long> arrivals = every(130, 38);
        assertThat(CollectionWindow.waitMoreMs(5000, arrivals, 5000, 5200)).isEqualTo(200);
        assertThat(CollectionWindow.waitMoreMs(5000, arrivals, 5000, 5000)).isZero();
        assertThat(CollectionWindow.waitMoreMs(5000, arrivals, 5000, Long.MAX_VALUE))
                .isEqualTo(460);
    }

    @Test
    void aCollectionTimeOfZeroIsRefused() {
        assertThatThrownBy(() -> CollectionWindow.waitMoreMs(0, List.of(), 0))
                .hasMessageContaining("collectMs must be > 0, got 0");
    }
}
