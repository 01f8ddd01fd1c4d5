package org.lambo.agents.trial;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.lambo.agents.ServiceTypes;
import org.lambo.agents.bridge.DeviceMap;
import org.lambo.agents.bridge.DeviceSummary;
import org.lambo.io.InputException;
import org.lambo.ontology.Outcome;
import org.lambo.ontology.TaskReport;

/**
 * A trial's record on disk, written as the trial goes, so that a trial stopped by any signal (SIGKILL included) keeps
 * every slot it completed:
 *
 * <ul>
 *   <li>{@value #ROWS}: one row per slot and UE ({@link TrialOutputs#COLUMNS}); no column depends on wall time;
 *   <li>{@value #ENDED}: one line per complete slot, {@value #ENDED_HEADER} (the round trip is wall time, so this file
 *       differs from run to run).
 * </ul>
 *
 * When a slot ends its rows are written and forced to disk, then its line, forced too, all before the next slot starts:
 * a crash loses at most the running slot. A slot is complete once its line is in {@value #ENDED}; the rows of a slot
 * interrupted by SIGINT or SIGTERM ({@link #appendUnfinished}) are in {@value #ROWS} (failed, with the reason) but have
 * no line, and a resume drops them.
 *
 * <p>{@link #read} finds the complete slots of a run folder (the longest run of slots from 0 on which both files
 * agree), {@link #reopen} cuts both files back to them and appends from there, so that a resumed trial's {@value #ROWS}
 * is byte for byte the file an uninterrupted run writes.
 */
public final class SlotJournal implements Closeable {
    public static final String ROWS = "slots.csv";
    public static final String ENDED = "slot-times.csv";
    public static final String ENDED_HEADER = "slot,tasks,completed,round_trip_ms";
    /**
     * The header of a real-time trial's {@value #ENDED}: also how each slot kept to the wall clock
     * ({@link SlotRecord.Pace}).
     */
    public static final String PACED_HEADER = ENDED_HEADER + ",late_ms,overrun_ms,on_time";

    private final FileChannel rows;
    private final FileChannel ended;
    private final Predicate<TaskReport> measured;

    private SlotJournal(FileChannel rows, FileChannel ended, Predicate<TaskReport> measured) {
        this.rows = rows;
        this.ended = ended;
        this.measured = measured;
    }

    /**
     * Starts the record of a new trial in {@code dir}: both files with their headers only (any earlier content is
     * replaced).
     *
     * @param devices the trial's device map, which says which rows are {@code measured}; null: none
     */
    public static SlotJournal create(Path dir, DeviceMap devices) throws IOException {
        return create(dir, devices, false);
    }

    /**
     * As {@link #create(Path, DeviceMap)}; {@code paced}: a real-time trial, whose {@value #ENDED} has
     * {@value #PACED_HEADER}.
     */
    public static SlotJournal create(Path dir, DeviceMap devices, boolean paced) throws IOException {
        Files.createDirectories(dir);
        FileChannel r = FileChannel.open(
                dir.resolve(ROWS),
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        FileChannel e;
        try {
            e = FileChannel.open(
                    dir.resolve(ENDED),
                    StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException x) {
            r.close();
            throw x;
        }
        SlotJournal j = new SlotJournal(r, e, measuredBy(devices));
        j.write(r, String.join(",", TrialOutputs.COLUMNS) + "\n");
        j.write(e, (paced ? PACED_HEADER : ENDED_HEADER) + "\n");
        return j;
    }

    /**
     * Opens the record of a trial to be resumed: both files cut back to the complete slots that {@link #read} found
     * (the rows of an interrupted or half-written slot go), appended from there. Without a complete slot it starts
     * afresh, as {@link #create}.
     */
    public static SlotJournal reopen(Path dir, Recorded recorded, DeviceMap devices) throws IOException {
        return reopen(dir, recorded, devices, false);
    }

    /**
     * As {@link #reopen(Path, Recorded, DeviceMap)}; {@code paced}: the header a fresh record gets
     * ({@link #create(Path, DeviceMap, boolean)}).
     */
    public static SlotJournal reopen(Path dir, Recorded recorded, DeviceMap devices, boolean paced) throws IOException {
        if (recorded.slots().isEmpty()) return create(dir, devices, paced);
        FileChannel r = FileChannel.open(dir.resolve(ROWS), StandardOpenOption.WRITE);
        FileChannel e;
        try {
            e = FileChannel.open(dir.resolve(ENDED), StandardOpenOption.WRITE);
        } catch (IOException x) {
            r.close();
            throw x;
        }
        r.truncate(recorded.rowsBytes()).position(recorded.rowsBytes());
        e.truncate(recorded.endedBytes()).position(recorded.endedBytes());
        r.force(true);
        e.force(true);
        return new SlotJournal(r, e, measuredBy(devices));
    }

    /** Records a complete slot: its rows, then its line, each forced to disk. */
    public synchronized void append(SlotRecord s) throws IOException {
        write(rows, rows(s));
        String pace = s.pace() == null
                ? ""
                : "," + s.pace().lateMs() + "," + s.pace().overrunMs() + ","
                        + s.pace().onTime();
        write(ended, s.slot() + "," + s.reports().size() + "," + s.completed() + "," + s.roundTripMs() + pace + "\n");
    }

    /**
     * Records the rows of a slot that did not end (the trial was interrupted during it), forced to disk, without its
     * line.
     */
    public synchronized void appendUnfinished(SlotRecord s) throws IOException {
        write(rows, rows(s));
    }

    private String rows(SlotRecord s) {
        StringBuilder sb = new StringBuilder();
        for (TaskReport t : s.reports()) sb.append(row(t, measured.test(t))).append('\n');
        return sb.toString();
    }

    private void write(FileChannel ch, String text) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) ch.write(b);
        ch.force(false);
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            rows.close();
        } finally {
            ended.close();
        }
    }

    /** Whether a report's costs were measured on a device of {@code devices} (null: never). */
    static Predicate<TaskReport> measuredBy(DeviceMap devices) {
        if (devices == null) return t -> false;
        DeviceSummary map =
                new DeviceSummary(devices, Map.of(), Map.of(), 0, java.util.List.of(), 0, Map.of(), 0, 0, 0);
        return map::measured;
    }

    /** One row of {@value #ROWS}, without its line end. */
    static String row(TaskReport t, boolean measured) {
        return String.join(
                ",",
                Integer.toString(t.slot()),
                Integer.toString(t.index()),
                t.taskId(),
                Integer.toString(t.option()),
                num(t.share()),
                num(t.predictedLatencyS()),
                num(t.predictedEnergyJ()),
                num(t.realisedLatencyS()),
                num(t.realisedEnergyJ()),
                t.outcome().name().toLowerCase(Locale.ROOT),
                csv(t.reason()),
                Boolean.toString(measured));
    }

    private static String num(Double v) {
        return v == null ? "" : Double.toString(v);
    }

    /** A text field: quoted, quotes doubled, line breaks made spaces (a row is one line). */
    private static String csv(String s) {
        if (s == null || s.isEmpty()) return "";
        return "\""
                + s.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ').replace("\"", "\"\"") + "\"";
    }

    /**
     * The complete slots of a run folder and where they end in each file.
     *
     * @param slots slots 0..k-1, each with its rows and round trip
     * @param rowsBytes the length of {@value #ROWS} up to the last row of slot k-1
     * @param endedBytes the length of {@value #ENDED} up to the line of slot k-1
     */
    public record Recorded(List<SlotRecord> slots, long rowsBytes, long endedBytes) {
        public Recorded {
            slots = List.copyOf(slots);
        }

        /** The first slot not recorded: where a resumed trial starts. */
        public int next() {
            return slots.size();
        }
    }

    /**
     * Reads the complete slots of the record in {@code dir}: those from slot 0 on whose line is in {@value #ENDED} and
     * whose rows (as many as the line says, that many completed) are in {@value #ROWS}, up to the first slot where
     * either is missing or incomplete. A last line cut short by a crash is not read. Missing files: no slot.
     *
     * @throws InputException for a file that is not such a record (a wrong header, a line that does not parse), naming
     *     the file and the line
     */
    public static Recorded read(Path dir) throws IOException {
        Path rowsFile = dir.resolve(ROWS);
        Path endedFile = dir.resolve(ENDED);
        if (!Files.isRegularFile(rowsFile) || !Files.isRegularFile(endedFile)) return new Recorded(List.of(), 0, 0);
        List<Line> endedLines = lines(Files.readAllBytes(endedFile));
        List<Line> rowLines = lines(Files.readAllBytes(rowsFile));
        if (endedLines.isEmpty() || rowLines.isEmpty()) return new Recorded(List.of(), 0, 0);
        boolean paced = endedLines.get(0).text().equals(PACED_HEADER);
        if (!paced && !endedLines.get(0).text().equals(ENDED_HEADER)) {
            throw new InputException(
                    endedFile.toString(),
                    "",
                    "is not a trial's slot record: its header is '"
                            + endedLines.get(0).text() + "', not '" + ENDED_HEADER + "'" + " (nor a real-time trial's '"
                            + PACED_HEADER + "')");
        }
        String header = String.join(",", TrialOutputs.COLUMNS);
        if (!rowLines.get(0).text().equals(header)) {
            throw new InputException(
                    rowsFile.toString(),
                    "",
                    "is not a trial's slots.csv: its header is '"
                            + rowLines.get(0).text() + "', not '" + header + "'");
        }
        List<SlotRecord> slots = new ArrayList<>();
        long rowsBytes = rowLines.get(0).end();
        long endedBytes = endedLines.get(0).end();
        int r = 1;
        for (int k = 1; k < endedLines.size(); k++) {
            Line line = endedLines.get(k);
            String where = endedFile + ":" + (k + 1);
            String[] f = line.text().split(",", -1);
            int want = paced ? 7 : 4;
            if (f.length != want)
                throw new InputException(
                        where,
                        "",
                        "has " + f.length + " fields, not " + want + " (" + (paced ? PACED_HEADER : ENDED_HEADER)
                                + ")");
            int slot = integer(f[0], "slot", where);
            int tasks = integer(f[1], "tasks", where);
            int completed = integer(f[2], "completed", where);
            double roundTrip = decimal(f[3], "round_trip_ms", where);
            if (slot != slots.size())
                throw new InputException(
                        where,
                        "slot",
                        "is " + slot + ", expected " + slots.size() + " (the slots follow each other from 0)");
            if (r + tasks > rowLines.size()) break; // its rows did not all reach slots.csv
            List<TaskReport> reports = new ArrayList<>(tasks);
            for (int i = 0; i < tasks; i++, r++) {
                TaskReport t = parseRow(rowLines.get(r).text(), rowsFile + ":" + (r + 1));
                if (t.slot() != slot)
                    throw new InputException(
                            rowsFile + ":" + (r + 1),
                            "slot",
                            "is " + t.slot() + ", " + where + " has " + tasks + " rows of slot " + slot);
                reports.add(t);
            }
            SlotRecord.Pace pace = null;
            if (paced) {
                try {
                    pace = new SlotRecord.Pace(
                            decimal(f[4], "late_ms", where),
                            decimal(f[5], "overrun_ms", where),
                            integer(f[6], "on_time", where));
                } catch (IllegalArgumentException e) {
                    if (e instanceof InputException) throw e;
                    throw new InputException(where, "", "is not a valid line: " + e.getMessage());
                }
            }
            SlotRecord rec;
            try {
                rec = new SlotRecord(slot, reports, roundTrip, pace);
            } catch (IllegalArgumentException e) {
                throw new InputException(where, "", "is not a valid line: " + e.getMessage());
            }
            if (rec.completed() != completed) {
                throw new InputException(
                        where,
                        "completed",
                        "is " + completed + ", but slots.csv has " + rec.completed() + " completed tasks in slot "
                                + slot);
            }
            slots.add(rec);
            rowsBytes = rowLines.get(r - 1).end();
            endedBytes = line.end();
        }
        return new Recorded(slots, rowsBytes, endedBytes);
    }

    /** A complete line (one ending with a line feed) and the offset just after its line feed. */
    private record Line(String text, long end) {}

    private static List<Line> lines(byte[] bytes) {
        List<Line> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                out.add(new Line(new String(bytes, start, i - start, StandardCharsets.UTF_8), i + 1L));
                start = i + 1;
            }
        }
        return out;
    }

    /**
     * Reads a row of {@value #ROWS} back into the report it was written from ({@code where}: file and line, for
     * errors).
     */
    static TaskReport parseRow(String line, String where) {
        List<String> f = fields(line, where);
        if (f.size() != TrialOutputs.COLUMNS.size()) {
            throw new InputException(where, "", "has " + f.size() + " fields, not " + TrialOutputs.COLUMNS.size());
        }
        int slot = integer(f.get(0), "slot", where);
        int index = integer(f.get(1), "ue", where);
        Outcome outcome =
                switch (f.get(9)) {
                    case "completed" -> Outcome.COMPLETED;
                    case "failed" -> Outcome.FAILED;
                    default ->
                        throw new InputException(
                                where, "outcome", "must be completed or failed, got '" + f.get(9) + "'");
                };
        try {
            return TaskReport.builder(slot, ServiceTypes.ueName(index), index, f.get(2))
                    .decision(
                            integer(f.get(3), "option", where),
                            decimal(f.get(4), "share", where),
                            optional(f.get(5), "predicted_latency_s", where),
                            optional(f.get(6), "predicted_energy_j", where))
                    .ended(
                            outcome,
                            optional(f.get(7), "realised_latency_s", where),
                            optional(f.get(8), "realised_energy_j", where),
                            f.get(10))
                    .build();
        } catch (InputException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new InputException(where, "", "is not a valid row: " + e.getMessage());
        }
    }

    /** The fields of a CSV line: plain, or quoted with doubled quotes inside. */
    private static List<String> fields(String line, String where) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (true) {
            StringBuilder sb = new StringBuilder();
            if (i < line.length() && line.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= line.length()) throw new InputException(where, "", "has a quoted field that does not end");
                    char c = line.charAt(i++);
                    if (c == '"') {
                        if (i < line.length() && line.charAt(i) == '"') {
                            sb.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        sb.append(c);
                    }
                }
                if (i < line.length() && line.charAt(i) != ',')
                    throw new InputException(where, "", "has text after a quoted field at column " + (i + 1));
            } else {
                int comma = line.indexOf(',', i);
                int end = comma < 0 ? line.length() : comma;
                sb.append(line, i, end);
                i = end;
            }
            out.add(sb.toString());
            if (i >= line.length()) return out;
            i++; // the comma
        }
    }

    private static int integer(String v, String field, String where) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new InputException(where, field, "must be an integer, got '" + v + "'");
        }
    }

    private static double decimal(String v, String field, String where) {
        try {
            double d = Double.parseDouble(v);
            if (!Double.isFinite(d)) throw new NumberFormatException();
            return d;
        } catch (NumberFormatException e) {
            throw new InputException(where, field, "must be a finite number, got '" + v + "'");
        }
    }

    private static Double optional(String v, String field, String where) {
        return v.isEmpty() ? null : decimal(v, field, where);
    }
}
