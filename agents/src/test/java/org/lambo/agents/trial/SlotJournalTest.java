package org.lambo.agents.trial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lambo.agents.ServiceTypes;
import org.lambo.agents.Vocabulary;
import org.lambo.agents.bridge.DeviceMap;
import org.lambo.io.InputException;
import org.lambo.ontology.TaskReport;

class SlotJournalTest {
    @TempDir
    Path dir;

    /**
     * Slot t: UE 0 completed with costs that need every digit, UE 1 failed with a reason full of CSV's special
     * characters.
     */
    private static SlotRecord slot(int t) {
        double lat = 0.1 + t / 3.0;
        TaskReport ok = TaskReport.builder(t, ServiceTypes.ueName(0), 0, Vocabulary.taskId(t, 0))
                .decision(1, 1.0 / 3, lat, 2 * lat)
                .completed(lat * (1 + 1e-15), 2 * lat)
                .build();
        TaskReport bad = TaskReport.failed(
                t,
                ServiceTypes.ueName(1),
                1,
                Vocabulary.taskId(t, 1),
                null,
                "server 2 said \"no\", twice, at slot " + t);
        return new SlotRecord(t, List.of(ok, bad), 12.5 + t);
    }

    private List<SlotRecord> slots(int n) {
        List<SlotRecord> out = new ArrayList<>();
        for (int t = 0; t < n; t++) out.add(slot(t));
        return out;
    }

    /** The journal of an uninterrupted trial of n slots, written into {@code into}; returns its slots.csv bytes. */
    private byte[] uninterrupted(Path into, int n) throws Exception {
        try (SlotJournal j = SlotJournal.create(into, null)) {
            for (SlotRecord s : slots(n)) j.append(s);
        }
        return Files.readAllBytes(into.resolve(SlotJournal.ROWS));
    }

    @Test
    void whatIsAppendedReadsBackAsTheSameRecords() throws Exception {
        uninterrupted(dir, 3);
        SlotJournal.Recorded r = SlotJournal.read(dir);
        assertThat(r.slots()).isEqualTo(slots(3));
        assertThat(r.next()).isEqualTo(3);
        assertThat(r.rowsBytes()).isEqualTo(Files.size(dir.resolve(SlotJournal.ROWS)));
        assertThat(r.endedBytes()).isEqualTo(Files.size(dir.resolve(SlotJournal.ENDED)));
        assertThat(Files.readAllLines(dir.resolve(SlotJournal.ROWS)).get(0))
                .isEqualTo(String.join(",", TrialOutputs.COLUMNS));
    }

    @Test
    void eachSlotIsOnDiskWhenAppendReturns() throws Exception {
        try (SlotJournal j = SlotJournal.create(dir, null)) {
            j.append(slot(0));
            // read by another reader while the journal is still open: nothing waits in a buffer
            assertThat(Files.readAllLines(dir.resolve(SlotJournal.ROWS))).hasSize(1 + 2);
            assertThat(Files.readAllLines(dir.resolve(SlotJournal.ENDED)))
                    .containsExactly(SlotJournal.ENDED_HEADER, "0,2,1,12.5");
        }
    }

    @Test
    void aSlotCutShortByACrashIsDroppedAndTheResumedFileEqualsAnUninterruptedOne() throws Exception {
        byte[] whole = uninterrupted(dir.resolve("whole"), 5);

        Path cut = dir.resolve("cut");
        try (SlotJournal j = SlotJournal.create(cut, null)) {
            for (SlotRecord s : slots(3)) j.append(s);
        }
        // SIGKILL while slot 3 was written: one row and half of the next reached the file, its line did not
        Files.writeString(
                cut.resolve(SlotJournal.ROWS),
                "3,0,t3-ue0,1,0.33,0.2,0.4,0.2,0.4,completed,,false\n3,1,t3-u",
                StandardOpenOption.APPEND);
        Files.writeString(cut.resolve(SlotJournal.ENDED), "3,2,", StandardOpenOption.APPEND);

        SlotJournal.Recorded r = SlotJournal.read(cut);
        assertThat(r.next()).isEqualTo(3);
        assertThat(r.slots()).isEqualTo(slots(3));
        try (SlotJournal j = SlotJournal.reopen(cut, r, null)) {
            for (SlotRecord s : slots(5).subList(3, 5)) j.append(s);
        }
        assertThat(Files.readAllBytes(cut.resolve(SlotJournal.ROWS))).isEqualTo(whole);
        assertThat(SlotJournal.read(cut).slots()).isEqualTo(slots(5));
    }

    @Test
    void theRowsOfAnInterruptedSlotAreKeptUntilAResumeDropsThem() throws Exception {
        byte[] whole = uninterrupted(dir.resolve("whole"), 3);
        Path run = dir.resolve("run");
        SlotRecord interrupted = new SlotRecord(
                2,
                List.of(
                        TaskReport.failed(
                                2,
                                ServiceTypes.ueName(0),
                                0,
                                Vocabulary.taskId(2, 0),
                                null,
                                "trial interrupted by SIGTERM during slot 2"),
                        TaskReport.failed(
                                2,
                                ServiceTypes.ueName(1),
                                1,
                                Vocabulary.taskId(2, 1),
                                null,
                                "trial interrupted by SIGTERM during slot 2")),
                0);
        try (SlotJournal j = SlotJournal.create(run, null)) {
            j.append(slot(0));
            j.append(slot(1));
            j.appendUnfinished(interrupted);
        }
        assertThat(Files.readString(run.resolve(SlotJournal.ROWS)))
                .contains("2,1,t2-ue1,-1,0.0,,,,,failed,\"trial interrupted by SIGTERM during slot 2\",false\n");

        SlotJournal.Recorded r = SlotJournal.read(run);
        assertThat(r.next()).as("the interrupted slot is not complete").isEqualTo(2);
        try (SlotJournal j = SlotJournal.reopen(run, r, null)) {
            j.append(slot(2));
        }
        assertThat(Files.readAllBytes(run.resolve(SlotJournal.ROWS))).isEqualTo(whole);
    }

    @Test
    void aSlotWhoseLineCameButNotAllItsRowsIsNotComplete() throws Exception {
        uninterrupted(dir, 3);
        // slots.csv lost the last row of slot 2 (a power cut can reorder what reaches the disk): slots 0 and 1 stand
        List<String> rows = Files.readAllLines(dir.resolve(SlotJournal.ROWS));
        Files.writeString(dir.resolve(SlotJournal.ROWS), String.join("\n", rows.subList(0, rows.size() - 1)) + "\n");
        SlotJournal.Recorded r = SlotJournal.read(dir);
        assertThat(r.next()).isEqualTo(2);
        assertThat(r.endedBytes()).isLessThan(Files.size(dir.resolve(SlotJournal.ENDED)));
    }

    @Test
    void withoutAnyCompleteSlotAResumeStartsAfresh() throws Exception {
        assertThat(SlotJournal.read(dir).next()).as("no files").isZero();
        Files.writeString(dir.resolve(SlotJournal.ROWS), "slot,ue,ta"); // killed while writing the header
        Files.writeString(dir.resolve(SlotJournal.ENDED), "");
        SlotJournal.Recorded r = SlotJournal.read(dir);
        assertThat(r.next()).isZero();
        try (SlotJournal j = SlotJournal.reopen(dir, r, null)) {
            j.append(slot(0));
        }
        assertThat(SlotJournal.read(dir).slots()).containsExactly(slot(0));
    }

    @Test
    void rowsSayWhetherADeviceMeasuredThem() throws Exception {
        try (SlotJournal j = SlotJournal.create(dir, new DeviceMap(List.of("edge-1"), List.of()))) {
            j.append(slot(0));
        }
        List<String> rows = Files.readAllLines(dir.resolve(SlotJournal.ROWS));
        assertThat(rows.get(1)).as("completed on server 1, which edge-1 backs").endsWith(",completed,,true");
        assertThat(rows.get(2)).as("failed: nothing measured").endsWith(",false");
    }

    @Test
    void aReasonSpanningLinesStaysOneRow() throws Exception {
        TaskReport bad = TaskReport.failed(
                0, ServiceTypes.ueName(0), 0, Vocabulary.taskId(0, 0), null, "first line\nsecond line");
        try (SlotJournal j = SlotJournal.create(dir, null)) {
            j.append(new SlotRecord(0, List.of(bad), 1));
        }
        assertThat(Files.readAllLines(dir.resolve(SlotJournal.ROWS))).hasSize(2);
        assertThat(SlotJournal.read(dir).slots().get(0).reports().get(0).reason())
                .isEqualTo("first line second line");
    }

    @Test
    void aFileThatIsNotATrialsRecordIsRefusedNamingItAndTheLine() throws Exception {
        uninterrupted(dir, 2);
        Path rows = dir.resolve(SlotJournal.ROWS);
        List<String> lines = new ArrayList<>(Files.readAllLines(rows));
        lines.set(2, lines.get(2).replace(",failed,", ",lost,"));
        Files.write(rows, lines, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> SlotJournal.read(dir))
                .isInstanceOf(InputException.class)
                .hasMessageContaining(rows + ":3")
                .hasMessageContaining("outcome")
                .hasMessageContaining("'lost'");

        lines.set(0, "a,b,c");
        Files.write(rows, lines, StandardCharsets.UTF_8);
        assertThatThrownBy(() -> SlotJournal.read(dir))
                .isInstanceOf(InputException.class)
                .hasMessageContaining(rows.toString())
                .hasMessageContaining("header is 'a,b,c'");

        Path ended = dir.resolve(SlotJournal.ENDED);
        uninterrupted(dir, 2);
        Files.writeString(ended, SlotJournal.ENDED_HEADER + "\n0,2,1,x\n");
        assertThatThrownBy(() -> SlotJournal.read(dir))
                .isInstanceOf(InputException.class)
                .hasMessageContaining(ended + ":2")
                .hasMessageContaining("round_trip_ms")
                .hasMessageContaining("'x'");
        Files.writeString(ended, SlotJournal.ENDED_HEADER + "\n1,2,1,3.0\n");
        assertThatThrownBy(() -> SlotJournal.read(dir))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("is 1, expected 0");
    }

    @Test
    void aRealTimeTrialsRecordKeepsHowEachSlotKeptToTheWallClockAndReadsBack() throws Exception {
        List<SlotRecord> paced = new ArrayList<>();
        for (SlotRecord s : slots(3))
            paced.add(new SlotRecord(
                    s.slot(),
                    s.reports(),
                    s.roundTripMs(),
                    new SlotRecord.Pace(s.slot() * 10.0, s.slot() == 1 ? 250.5 : 0, 2 - s.slot() % 2)));
        try (SlotJournal j = SlotJournal.create(dir, null, true)) {
            for (SlotRecord s : paced) j.append(s);
        }
        List<String> lines = Files.readAllLines(dir.resolve(SlotJournal.ENDED));
        assertThat(lines.get(0)).isEqualTo(SlotJournal.PACED_HEADER);
        assertThat(lines.get(2)).isEqualTo("1,2,1,13.5,10.0,250.5,1");
        assertThat(SlotJournal.read(dir).slots()).isEqualTo(paced);
        assertThat(paced.get(1).pace().overran()).isTrue();

        Path ended = dir.resolve(SlotJournal.ENDED);
        Files.writeString(ended, SlotJournal.PACED_HEADER + "\n0,2,1,3.0\n");
        assertThatThrownBy(() -> SlotJournal.read(dir))
                .isInstanceOf(InputException.class)
                .hasMessageContaining(ended + ":2")
                .hasMessageContaining("not 7");
        Files.writeString(ended, SlotJournal.PACED_HEADER + "\n0,2,1,3.0,0,-5,1\n");
        assertThatThrownBy(() -> SlotJournal.read(dir))
                .isInstanceOf(InputException.class)
                .hasMessageContaining(ended + ":2")
                .hasMessageContaining("-5");
        Files.writeString(ended, SlotJournal.PACED_HEADER + "\n0,2,1,3.0,0,0,3\n");
        assertThatThrownBy(() -> SlotJournal.read(dir))
                .isInstanceOf(InputException.class)
                .hasMessageContaining(ended + ":2")
                .hasMessageContaining("onTime 3 > 2");
    }
}
