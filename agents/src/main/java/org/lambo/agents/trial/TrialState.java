package org.lambo.agents.trial;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.lambo.agents.platform.ContainerDropout;
import org.lambo.io.InputException;

/**
 * {@value #FILE}: what a trial needs to be resumed, beside the {@code scenario.yaml} (the resolved scenario, seed
 * included) and {@code run.json} that {@code RunDirectory} writes:
 *
 * <ul>
 *   <li>{@code args}, {@code cwd}: the command's arguments and the folder they were given in (a relative path among
 *       them is relative to it);
 *   <li>{@code seed}, {@code slots}, {@code settings}: the resolved {@code TrialSettings} ({@link #describe}), against
 *       which a resume checks the settings it rebuilds from the arguments;
 *   <li>{@code status} ({@code running}, {@code interrupted}, {@code failed}, {@code finished}), {@code note} (why it
 *       is not running, in words) and {@code history} (one line per start, resume and end);
 *   <li>{@code dropouts} (only when there were any): the times the main container lost a peripheral container in the
 *       last start or resume ({@link ContainerDropout}: {@code container}, {@code lastAnswer}, {@code silentMs},
 *       {@code end}: {@code kept}, {@code removed} or {@code unanswered_at_end}, {@code cause}); not read back.
 *   <li>{@code roundTrips} (once the trial ended with a result): what {@code summary.md}'s round-trip tables say
 *       ({@link RoundTrips}): {@code ues}, one object per container, device and server the UEs' reports name
 *       ({@code where}, {@code tasks}, {@code decisionMs} and {@code resultMs} each with {@code count}, {@code median},
 *       {@code p95}, {@code max} in ms, null when none measured, {@code resends}, {@code decidedLate}), and
 *       {@code servers}, one per container the edge servers ran in and per server, as the orchestrator saw its
 *       allocations confirmed in the last start or resume ({@code where}, {@code allocations}, {@code confirmationMs},
 *       {@code notConfirmed}); each row's {@code joinedFrom}: a container's address as the main container saw it (""
 *       for a device or a server, or when not known); {@code fromSlot}: the slot the last start or resume began at (the
 *       servers' figures and {@code decidedLate} cover the slots from there on); not read back.
 * </ul>
 *
 * A trial killed outright stays {@code running}. While a trial runs it holds a lock on {@value #LOCK}, so that a second
 * process cannot resume (and append to) the same folder; the system drops the lock when the process dies, however it
 * dies. The file is replaced atomically on every change.
 */
public final class TrialState implements Closeable {
    public static final String FILE = "trial.json";
    public static final String LOCK = "trial.lock";
    static final int SCHEMA = 1;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** Where a trial stands. */
    public enum Status {
        RUNNING,
        INTERRUPTED,
        FAILED,
        FINISHED;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * What {@value #FILE} says.
     *
     * @param settings the resolved settings, field by field ({@link #describe})
     */
    public record Saved(
            List<String> args,
            Path cwd,
            long seed,
            int slots,
            Map<String, String> settings,
            Status status,
            String note,
            List<String> history) {
        public Saved {
            args = List.copyOf(args);
            settings = Map.copyOf(settings);
            history = List.copyOf(history);
        }
    }

    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private Saved saved;
    private List<ContainerDropout> dropouts = List.of();
    private List<RoundTrips.Row> roundTrips;
    private List<RoundTrips.ServerRow> serverRoundTrips;
    private int roundTripsFrom;

    private TrialState(Path dir, FileChannel lockChannel, FileLock lock, Saved saved) {
        this.dir = dir;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.saved = saved;
    }

    /** Records a new trial in {@code dir} as running, and holds the folder's lock until {@link #close}. */
    public static TrialState start(Path dir, List<String> args, Path cwd, TrialSettings s) throws IOException {
        TrialState st = locked(
                dir,
                new Saved(
                        args,
                        cwd.toAbsolutePath(),
                        s.seed(),
                        s.slots(),
                        describe(s),
                        Status.RUNNING,
                        "",
                        List.of("started " + Instant.now())),
                "--out");
        st.save();
        return st;
    }

    /** Takes the folder of a saved trial again to resume it at {@code fromSlot}: running, the resume in its history. */
    public static TrialState resume(Path dir, Saved saved, int fromSlot) throws IOException {
        List<String> history = new ArrayList<>(saved.history());
        history.add("resumed at slot " + fromSlot + " " + Instant.now());
        TrialState st = locked(
                dir,
                new Saved(
                        saved.args(),
                        saved.cwd(),
                        saved.seed(),
                        saved.slots(),
                        saved.settings(),
                        Status.RUNNING,
                        "",
                        history),
                "--resume");
        st.save();
        return st;
    }

    private static TrialState locked(Path dir, Saved saved, String flag) throws IOException {
        Files.createDirectories(dir);
        FileChannel ch = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            ch.close();
            throw inUse(flag, dir);
        }
        return new TrialState(dir, ch, lock, saved);
    }

    private static InputException inUse(String flag, Path dir) {
        return new InputException(
                flag, "", dir + " is in use by a trial that is still running (it holds " + LOCK + ")");
    }

    /**
     * Refuses a run folder whose trial is still running, before anything is written into it.
     *
     * @param flag the flag that named the folder, for the message
     */
    public static void refuseIfRunning(Path dir, String flag) throws IOException {
        if (!Files.isRegularFile(dir.resolve(LOCK))) return;
        try (FileChannel ch = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) throw inUse(flag, dir);
            lock.release();
        }
    }

    /**
     * Refuses a run folder that already records a trial (its {@value #FILE}): a new trial there would overwrite the
     * finished one's results, or the record an interrupted one is resumed from.
     *
     * @param flag the flag that named the folder, for the message
     */
    public static void refuseIfRecorded(Path dir, String flag) throws IOException {
        if (!Files.exists(dir.resolve(FILE))) return;
        Saved saved;
        try {
            saved = read(dir);
        } catch (InputException e) {
            throw new InputException(
                    flag,
                    "",
                    dir + " holds a trial record that does not read (" + e.getMessage() + "): choose another folder");
        }
        if (saved.status() == Status.FINISHED)
            throw new InputException(
                    flag,
                    "",
                    dir + " holds a finished trial (" + saved.slots()
                            + " slots): a new trial there would overwrite its results; choose another folder");
        throw new InputException(
                flag,
                "",
                dir + " holds a trial that did not finish ("
                        + (saved.status() == Status.RUNNING
                                ? "it stopped while running"
                                : saved.status().id())
                        + "): resume it with `lambo trial --resume " + dir + "`, or choose another folder");
    }

    /** Records how the trial (or this part of it) ended, with {@code note} saying why, in words. */
    public synchronized void end(Status status, String note) throws IOException {
        List<String> history = new ArrayList<>(saved.history());
        history.add(status.id() + (note.isEmpty() ? "" : " (" + note + ")") + " " + Instant.now());
        saved = new Saved(
                saved.args(), saved.cwd(), saved.seed(), saved.slots(), saved.settings(), status, note, history);
        save();
    }

    /** As {@link #end(Status, String)}, recording the containers the trial's main container lost in this run too. */
    public synchronized void end(Status status, String note, List<ContainerDropout> lost) throws IOException {
        dropouts = List.copyOf(lost);
        end(status, note);
    }

    /**
     * As {@link #end(Status, String, List)} for a trial that ended with {@code result} (or that part of it): its
     * dropouts and its round trips ({@link RoundTrips}) recorded too.
     */
    public synchronized void end(Status status, String note, TrialResult result) throws IOException {
        roundTrips = RoundTrips.rows(
                result.reports(),
                result.devices() == null ? null : result.devices().devices(),
                result.links());
        serverRoundTrips = RoundTrips.serverRows(result.links());
        roundTripsFrom = result.links().fromSlot();
        end(status, note, result.dropouts());
    }

    public synchronized Saved saved() {
        return saved;
    }

    private void save() throws IOException {
        ObjectNode o = JSON.createObjectNode();
        o.put("schema", SCHEMA);
        o.put("command", "trial");
        ArrayNode a = o.putArray("args");
        saved.args().forEach(a::add);
        o.put("cwd", saved.cwd().toString());
        o.put("seed", saved.seed());
        o.put("slots", saved.slots());
        ObjectNode st = o.putObject("settings");
        new TreeMap<>(saved.settings()).forEach(st::put);
        o.put("status", saved.status().id());
        o.put("note", saved.note());
        ArrayNode h = o.putArray("history");
        saved.history().forEach(h::add);
        if (!dropouts.isEmpty()) {
            ArrayNode d = o.putArray("dropouts");
            for (ContainerDropout x : dropouts) {
                ObjectNode n = d.addObject();
                n.put("container", x.container());
                n.put("lastAnswer", x.lastAnswer().toString());
                n.put("silentMs", x.silentMs());
                n.put("end", x.end().name().toLowerCase(Locale.ROOT));
                n.put("cause", x.cause());
            }
        }
        if (roundTrips != null) {
            ObjectNode rt = o.putObject("roundTrips");
            rt.put("fromSlot", roundTripsFrom);
            ArrayNode ues = rt.putArray("ues");
            for (RoundTrips.Row r : roundTrips) {
                ObjectNode n = ues.addObject();
                n.put("where", r.where());
                n.put("joinedFrom", r.joinedFrom());
                n.put("tasks", r.tasks());
                figures(n.putObject("decisionMs"), r.decisions());
                figures(n.putObject("resultMs"), r.results());
                n.put("resends", r.resends());
                n.put("decidedLate", r.late());
            }
            ArrayNode servers = rt.putArray("servers");
            for (RoundTrips.ServerRow r : serverRoundTrips) {
                ObjectNode n = servers.addObject();
                n.put("where", r.where());
                n.put("joinedFrom", r.joinedFrom());
                n.put("allocations", r.allocations());
                figures(n.putObject("confirmationMs"), r.confirmations());
                n.put("notConfirmed", r.notConfirmed());
            }
        }
        Path tmp = dir.resolve(FILE + ".tmp");
        try (FileChannel ch = FileChannel.open(
                tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(JSON.writeValueAsBytes(o));
            while (b.hasRemaining()) ch.write(b);
            ch.force(true);
        }
        Files.move(tmp, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void figures(ObjectNode n, RoundTrips.Figures f) {
        n.put("count", f.count());
        n.put("median", f.median());
        n.put("p95", f.p95());
        n.put("max", f.max());
    }

    @Override
    public synchronized void close() throws IOException {
        try {
            lock.release();
        } finally {
            lockChannel.close();
        }
    }

    /**
     * Reads the trial saved in {@code dir}.
     *
     * @throws InputException when {@code dir} is missing, is not a trial's run folder, or its {@value #FILE} does not
     *     read, saying which
     */
    public static Saved read(Path dir) throws IOException {
        if (!Files.exists(dir)) throw new InputException("--resume", "", dir + " does not exist");
        if (!Files.isDirectory(dir)) throw new InputException("--resume", "", dir + " is not a folder");
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            String command = runCommand(dir.resolve("run.json"));
            if (command == null)
                throw new InputException(
                        "--resume",
                        "",
                        dir + " is not a trial's run folder (it has no " + FILE + "): nothing to resume");
            if (!command.equals("trial")) {
                throw new InputException(
                        "--resume",
                        "",
                        dir + " is the run folder of `lambo " + command + "`, not of a trial: nothing to resume");
            }
            throw new InputException(
                    "--resume",
                    "",
                    dir + " holds a trial without " + FILE
                            + " (started by a lambo that cannot resume trials): nothing to resume");
        }
        JsonNode o;
        try {
            o = JSON.readTree(Files.readString(file));
        } catch (JsonProcessingException e) {
            throw new InputException(file.toString(), "", "is not valid JSON: " + e.getOriginalMessage());
        }
        String src = file.toString();
        if (o == null || !o.isObject()) throw new InputException(src, "", "must hold a JSON object");
        if (o.path("schema").asInt(-1) != SCHEMA || !o.path("schema").isInt()) {
            throw new InputException(src, "schema", "must be " + SCHEMA + ", got " + o.path("schema"));
        }
        if (!"trial".equals(o.path("command").asText(null)))
            throw new InputException(src, "command", "must be \"trial\", got " + o.path("command"));
        List<String> args = new ArrayList<>();
        for (JsonNode n : array(o, "args", src)) {
            if (!n.isTextual()) throw new InputException(src, "args", "must hold strings, got " + n);
            args.add(n.asText());
        }
        Path cwd = Path.of(text(o, "cwd", src));
        long seed = integral(o, "seed", src);
        long slots = integral(o, "slots", src);
        if (slots < 1 || slots > Integer.MAX_VALUE)
            throw new InputException(src, "slots", "must be in [1, " + Integer.MAX_VALUE + "], got " + slots);
        JsonNode st = o.path("settings");
        if (!st.isObject()) throw new InputException(src, "settings", "must be an object");
        Map<String, String> settings = new LinkedHashMap<>();
        for (var it = st.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().isTextual())
                throw new InputException(src, "settings." + e.getKey(), "must be a string, got " + e.getValue());
            settings.put(e.getKey(), e.getValue().asText());
        }
        String status = text(o, "status", src);
        Status parsed = null;
        for (Status s : Status.values()) if (s.id().equals(status)) parsed = s;
        if (parsed == null)
            throw new InputException(
                    src, "status", "must be running, interrupted, failed or finished, got '" + status + "'");
        List<String> history = new ArrayList<>();
        for (JsonNode n : array(o, "history", src)) history.add(n.asText());
        return new Saved(
                args, cwd, seed, (int) slots, settings, parsed, o.path("note").asText(""), history);
    }

    /** The command that wrote a run.json, or null when there is none or it does not read. */
    private static String runCommand(Path runJson) {
        try {
            return Files.isRegularFile(runJson)
                    ? JSON.readTree(Files.readString(runJson)).path("command").asText(null)
                    : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static JsonNode array(JsonNode o, String field, String src) {
        JsonNode n = o.path(field);
        if (!n.isArray()) throw new InputException(src, field, "must be an array, got " + n);
        return n;
    }

    private static String text(JsonNode o, String field, String src) {
        JsonNode n = o.path(field);
        if (!n.isTextual() || n.asText().isEmpty())
            throw new InputException(src, field, "must be a non-empty string, got " + n);
        return n.asText();
    }

    private static long integral(JsonNode o, String field, String src) {
        JsonNode n = o.path(field);
        if (!n.isIntegralNumber() || !n.canConvertToLong())
            throw new InputException(src, field, "must be an integer, got " + n);
        return n.asLong();
    }

    /**
     * The resolved settings field by field, as text: what decides a trial's course (its world and seed are in
     * {@code scenario.yaml}). A device broker's password is left out.
     */
    public static Map<String, String> describe(TrialSettings s) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("scenario", s.scenario().name());
        m.put("seed", Long.toString(s.seed()));
        m.put("slots", Integer.toString(s.slots()));
        m.put("policy", s.policy());
        m.put("policyOptions", new TreeMap<>(s.policyOptions()).toString());
        m.put("prompt", s.prompt().id());
        m.put("collectMs", Long.toString(s.collectMs()));
        m.put("decisionMs", Long.toString(s.decisionMs()));
        m.put("serverMs", Long.toString(s.serverMs()));
        m.put("startupMs", Long.toString(s.startupMs()));
        m.put("host", s.host());
        m.put("port", Integer.toString(s.port()));
        m.put("remoteUes", Boolean.toString(s.remoteUes()));
        m.put("remoteServers", Boolean.toString(s.remoteServers()));
        var d = s.devices();
        m.put(
                "devices",
                d == null
                        ? "none"
                        : "servers " + d.devices().servers() + ", ues "
                                + d.devices().ues() + ", broker "
                                + (d.brokerUri() == null ? "embedded" : d.brokerUri()) + ", testbed " + d.testbed()
                                + ", scale " + d.scale()
                                + (d.emulate() ? ", emulated" : "") + ", user "
                                + (d.username() == null ? "anonymous" : d.username())
                                + ", lost grace " + d.lostGrace().toMillis() + " ms");
        m.put("onlineAlef", s.onlineAlef() == null ? "off" : s.onlineAlef().toString());
        m.put("alefExpert", s.alefExpert());
        if (s.realtime()) m.put("realtime", "a slot every " + s.paceMs() + " ms");
        return m;
    }
}
