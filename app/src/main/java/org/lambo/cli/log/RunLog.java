package org.lambo.cli.log;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Where the log records of every library (DJL, JADE, Moquette, Paho, ...) and of our own code go, so that the console
 * shows a command's progress and result lines only. One sink per JVM, fed by SLF4J ({@link RunLogProvider}) and
 * java.util.logging ({@link #installJul()}):
 *
 * <ul>
 *   <li>a command with a run folder ({@code --out DIR}, {@code --resume DIR}, {@code --dir DIR}) writes every record to
 *       {@code DIR/lambo.log}; records that come before the folder exists are held in memory (at most {@value #HELD}
 *       lines) and written first;
 *   <li>any other command writes them to {@code <command>-<pid>.log} (e.g. {@code lambo-device-4242.log}) in the
 *       temporary folder, created only when a record comes; our own ({@code org.lambo}) warnings and errors also reach
 *       stderr;
 *   <li>in a JVM that runs no lambo command (JADE's {@code jade.Boot} with lambo.jar on its class path: see
 *       {@link #hold()}) every record goes to stderr.
 * </ul>
 *
 * Level: {@code INFO} and above (Moquette and Netty, which log every packet at INFO: {@code WARN} and above), or
 * {@code -Dlambo.log.level=debug|info|warn|error}.
 */
public final class RunLog {
    /** The log file's name in a run folder. */
    public static final String FILE = "lambo.log";

    static final int HELD = 10_000;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    /** Levels as numbers: the higher, the more severe. */
    public static final int DEBUG = 10, INFO = 20, WARN = 30, ERROR = 40;

    private static final Object LOCK = new Object();
    private static final Deque<String> heldLines = new ArrayDeque<>();
    private static String command = "lambo";
    private static Path runFolder; // null: no run folder
    private static Path file; // the target once known
    private static Writer writer; // open once the target exists
    private static boolean begun;
    private static boolean holding; // a lambo command runs in this JVM: records before it begins are held for its log
    private static PrintStream console = System.err;
    private static final int threshold = parseLevel(System.getProperty("lambo.log.level", "info"));
    private static final List<Consumer<Line>> watchers = new CopyOnWriteArrayList<>();

    /** One record as it is written: when (ms since the epoch), its level ({@link #INFO}, ...), logger and message. */
    public record Line(long millis, int level, String logger, String message) {}

    private RunLog() {}

    /**
     * Starts a command's log: to {@code runFolder/lambo.log} (null: to a file in the temporary folder). Called once per
     * command, before it runs; a previous command's file is closed.
     */
    public static void begin(String commandName, Path runFolderOrNull) {
        synchronized (LOCK) {
            closeWriter();
            command = commandName.replaceAll("[^A-Za-z0-9_.-]", "-");
            runFolder = runFolderOrNull;
            file = runFolderOrNull != null
                    ? runFolderOrNull.resolve(FILE)
                    : Path.of(
                            System.getProperty("java.io.tmpdir"),
                            command + "-" + ProcessHandle.current().pid() + ".log");
            begun = true;
            holding = true;
            console = System.err;
            openIfReady();
        }
        installJul();
    }

    /**
     * Holds the records that come from now until a command begins, for that command's log; the lambo command calls it
     * first. In a JVM that never does (JADE's {@code jade.Boot} with lambo.jar on its class path) every record goes to
     * stderr, as a console backend (or java.util.logging's console handler) would print it.
     */
    public static void hold() {
        synchronized (LOCK) {
            holding = true;
        }
    }

    /** Ends the command's log: held lines go to the run folder if it now exists, else to the temporary folder. */
    public static void end() {
        synchronized (LOCK) {
            openIfReady();
            if (writer == null && !heldLines.isEmpty()) {
                file = Path.of(
                        System.getProperty("java.io.tmpdir"),
                        command + "-" + ProcessHandle.current().pid() + ".log");
                runFolder = null;
                openIfReady();
            }
            closeWriter();
        }
    }

    /** The file this command's records go to (it may not exist yet: nothing was logged). */
    public static Path file() {
        synchronized (LOCK) {
            return file;
        }
    }

    static boolean enabled(int level) {
        return level >= threshold;
    }

    /** Libraries that log every packet at INFO (Moquette's message logger, Netty): from them WARN and above only. */
    private static final String[] CHATTY = {"io.moquette", "io.netty"};

    static boolean enabled(int level, String logger) {
        if (level < threshold) return false;
        if (level < WARN && threshold > DEBUG) {
            for (String c : CHATTY) if (logger.startsWith(c)) return false;
        }
        return true;
    }

    /**
     * Hands every record written from now on to {@code watcher}, in the thread that logs it, before it is written (a
     * test acts on what an agent says as it says it); closing the returned handle stops it.
     */
    public static Watch watch(Consumer<Line> watcher) {
        watchers.add(watcher);
        return () -> watchers.remove(watcher);
    }

    /** A watcher's handle: closing it stops the watcher. */
    public interface Watch extends AutoCloseable {
        @Override
        void close();
    }

    /** Writes one record. */
    public static void write(int level, String logger, String message, Throwable thrown) {
        if (!enabled(level, logger)) return;
        if (!watchers.isEmpty()) {
            Line seen = new Line(System.currentTimeMillis(), level, logger, message);
            for (Consumer<Line> w : watchers) w.accept(seen);
        }
        StringBuilder line = new StringBuilder(TIME.format(LocalTime.now()))
                .append(' ')
                .append('[')
                .append(Thread.currentThread().getName())
                .append("] ")
                .append(name(level))
                .append(' ')
                .append(logger)
                .append(" - ")
                .append(message);
        if (thrown != null) {
            StringWriter trace = new StringWriter();
            thrown.printStackTrace(new PrintWriter(trace));
            line.append(System.lineSeparator()).append(trace.toString().stripTrailing());
        }
        String text = line.toString();
        synchronized (LOCK) {
            if (!holding) {
                console.println(text);
                return;
            }
            if (begun && runFolder == null && level >= WARN && logger.startsWith("org.lambo")) {
                console.println(name(level).toLowerCase(Locale.ROOT) + ": " + message
                        + (thrown == null ? "" : " (" + thrown + "; see " + file + ")"));
            }
            openIfReady();
            if (writer != null) {
                try {
                    writer.write(text);
                    writer.write(System.lineSeparator());
                    writer.flush();
                    return;
                } catch (IOException e) {
                    closeWriter(); // a full disk or a removed folder: hold the lines instead
                }
            }
            if (heldLines.size() >= HELD) heldLines.removeFirst();
            heldLines.addLast(text);
        }
    }

    /**
     * Routes java.util.logging into this log instead of the console; idempotent. JADE logs through it (the agents log
     * through SLF4J, {@link RunLogProvider}); the platform's {@code JadePlatform} sends JADE's own records to its
     * {@code jade.log} meanwhile.
     */
    public static void installJul() {
        java.util.logging.Logger root =
                java.util.logging.LogManager.getLogManager().getLogger("");
        boolean ours = false;
        for (java.util.logging.Handler h : root.getHandlers()) {
            if (h instanceof JulHandler) ours = true;
            else if (h instanceof java.util.logging.ConsoleHandler) root.removeHandler(h);
        }
        if (!ours) root.addHandler(new JulHandler());
    }

    private static void openIfReady() {
        if (writer != null || file == null || !begun) return;
        if (runFolder != null && !Files.isDirectory(runFolder)) return; // the command has not created it yet
        try {
            if (runFolder == null) Files.createDirectories(file.getParent());
            writer = Files.newBufferedWriter(
                    file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            while (!heldLines.isEmpty()) {
                writer.write(heldLines.removeFirst());
                writer.write(System.lineSeparator());
            }
            writer.flush();
        } catch (IOException e) {
            writer = null;
        }
    }

    private static void closeWriter() {
        if (writer == null) return;
        try {
            writer.close();
        } catch (IOException e) {
            // nothing more to write to
        }
        writer = null;
    }

    static String name(int level) {
        return level >= ERROR ? "ERROR" : level >= WARN ? "WARN" : level >= INFO ? "INFO" : "DEBUG";
    }

    static int parseLevel(String s) {
        return switch (s.strip().toLowerCase(Locale.ROOT)) {
            case "debug", "trace", "all" -> DEBUG;
            case "warn", "warning" -> WARN;
            case "error", "off" -> ERROR;
            default -> INFO;
        };
    }

    /** java.util.logging into {@link RunLog}: SEVERE is ERROR, WARNING is WARN, INFO is INFO, finer is DEBUG. */
    static final class JulHandler extends java.util.logging.Handler {
        private final java.util.logging.Formatter format = new java.util.logging.SimpleFormatter();

        @Override
        public void publish(java.util.logging.LogRecord r) {
            int v = r.getLevel().intValue();
            int level = v >= java.util.logging.Level.SEVERE.intValue()
                    ? ERROR
                    : v >= java.util.logging.Level.WARNING.intValue()
                            ? WARN
                            : v >= java.util.logging.Level.INFO.intValue() ? INFO : DEBUG;
            if (!enabled(level)) return;
            write(level, r.getLoggerName() == null ? "jul" : r.getLoggerName(), format.formatMessage(r), r.getThrown());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }
}
