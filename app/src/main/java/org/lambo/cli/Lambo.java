package org.lambo.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;
import org.lambo.cli.log.RunLog;
import org.lambo.io.InputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code lambo} command. Each subcommand is its own class. Every user error ends with one or two lines naming what
 * is wrong and exit code {@value #BAD_INPUT}, never a stack trace: bad input (a flag, a scenario, an instance file: an
 * {@link InputException}), a path that cannot be read or written (an {@link IOException}, named with its path), a bad
 * flag value (picocli's parameter errors). Anything else is an internal error: one line naming it and the log file that
 * holds the stack trace, exit code {@value #INTERNAL_ERROR}.
 */
@Command(
        name = "lambo",
        mixinStandardHelpOptions = true,
        version = "lambo 0.1.0",
        description = "LAMBO edge testbed: scenarios, experts, baselines, the AED policy, JADE trials and devices.",
        subcommands = {
            GenerateCommand.class,
            SolveCommand.class,
            BenchCommand.class,
            EvaluateCommand.class,
            TrainCommand.class,
            FinetuneCommand.class,
            DrooTrainCommand.class,
            AreTrainCommand.class,
            FiguresCommand.class,
            TrialCommand.class,
            BenchTrialCommand.class,
            ContainerCommand.class,
            DeviceCommand.class,
            BrokerCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Lambo implements Runnable {
    /** Exit code for bad input: a flag, a file's content, a path. */
    public static final int BAD_INPUT = 2;
    /** Exit code for an internal error (a bug): the stack trace is in a log file. */
    public static final int INTERNAL_ERROR = 70;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static CommandLine commandLine() {
        RunLog.hold(); // what is logged before the command begins goes to its log file, not the console
        CommandLine cl = new CommandLine(new Lambo());
        cl.registerConverter(Double.class, Lambo::decimal);
        cl.registerConverter(double.class, Lambo::decimal);
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            PrintWriter err = c.getErr();
            err.println(oneLine(ex.getMessage())); // names the flag; the hint names the command
            err.println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            err.flush();
            return BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) ->
                report(ex, commandLine.getCommandSpec().qualifiedName(), commandLine.getErr()));
        PluginsOption.install(cl);
        UsageWrap.install(cl); // help wraps at spaces, never inside a file name
        CommandLine.IExecutionStrategy next = cl.getExecutionStrategy();
        cl.setExecutionStrategy(
                parseResult -> { // library logs to the run's log file
                    CommandLine.ParseResult leaf = parseResult;
                    while (leaf.subcommand() != null) leaf = leaf.subcommand();
                    RunLog.begin(leaf.commandSpec().qualifiedName("-"), runFolder(leaf));
                    try {
                        return next.execute(parseResult);
                    } finally {
                        RunLog.end();
                    }
                });
        return cl;
    }

    /**
     * The command's run folder, where {@link RunLog} writes {@code lambo.log}: {@code --resume DIR}, else an
     * {@code --out DIR} or {@code --dir DIR} of the command (a folder, not a file); null when it has none.
     */
    static Path runFolder(CommandLine.ParseResult command) {
        for (String name : new String[] {"--resume", "--out", "--dir"}) {
            CommandLine.Model.OptionSpec o = command.commandSpec().findOption(name);
            if (o == null || !"DIR".equals(o.paramLabel())) continue;
            Object v = o.getValue();
            if (v != null && !v.toString().isBlank()) return Path.of(v.toString());
        }
        return null;
    }

    /** A decimal number such as {@code 30}, {@code 0.5} or {@code 1e-4}: not NaN, Infinity, hex or a type suffix. */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private static Double decimal(String s) {
        if (!DECIMAL.matcher(s).matches())
            throw new CommandLine.TypeConversionException("'" + s + "' is not a decimal number");
        double d = Double.parseDouble(s);
        if (!Double.isFinite(d)) throw new CommandLine.TypeConversionException("'" + s + "' is not a finite number");
        return d;
    }

    /**
     * Prints what went wrong on {@code err} as {@code "<command>: <what>"} and returns the exit code:
     * {@link #BAD_INPUT} for input and path errors, {@link #INTERNAL_ERROR} (with the stack trace in a log file whose
     * path is printed) for the rest.
     */
    static int report(Throwable ex, String command, PrintWriter err) {
        int code;
        InputException input = find(ex, InputException.class);
        IOException io = find(ex, IOException.class);
        if (input != null) {
            err.println(command + ": " + oneLine(input.getMessage()));
            code = BAD_INPUT;
        } else if (ex instanceof IllegalArgumentException) {
            err.println(command + ": " + oneLine(ex.getMessage()));
            code = BAD_INPUT;
        } else if (io != null) {
            err.println(command + ": " + describe(io));
            code = BAD_INPUT;
        } else {
            Path log = writeLog(command, ex);
            err.println(command + ": internal error (" + ex.getClass().getSimpleName()
                    + (ex.getMessage() == null ? "" : ": " + oneLine(ex.getMessage())) + "); "
                    + (log == null
                            ? "the stack trace could not be written to a log file"
                            : "the stack trace is in " + log));
            code = INTERNAL_ERROR;
        }
        err.flush();
        return code;
    }

    /** An I/O error in words, with its path: e.g. {@code runs/x: not a directory}. */
    static String describe(IOException e) {
        if (e instanceof java.nio.file.FileSystemException fs && fs.getFile() != null) {
            String what;
            if (e instanceof java.nio.file.NoSuchFileException) what = "no such file or directory";
            else if (e instanceof java.nio.file.AccessDeniedException) what = "permission denied";
            else if (e instanceof java.nio.file.FileAlreadyExistsException)
                what = "already exists (and is not what is expected here)";
            else if (e instanceof java.nio.file.NotDirectoryException) what = "not a directory";
            else if (e instanceof java.nio.file.DirectoryNotEmptyException) what = "directory not empty";
            else what = fs.getReason() != null ? fs.getReason() : e.getClass().getSimpleName();
            return fs.getFile() + (fs.getOtherFile() != null ? " -> " + fs.getOtherFile() : "") + ": " + oneLine(what);
        }
        return "cannot read or write a file: "
                + oneLine(e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
    }

    private static <T extends Throwable> T find(Throwable ex, Class<T> type) {
        for (Throwable t = ex; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) return type.cast(t);
            if (t instanceof UncheckedIOException u && type == IOException.class) return type.cast(u.getCause());
        }
        return null;
    }

    private static String oneLine(String s) {
        if (s == null) return "";
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl).strip();
    }

    /** Writes the stack trace to {@code lambo-<command>-<time>.log} in the temporary folder; null when that fails. */
    private static Path writeLog(String command, Throwable ex) {
        try {
            String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS"));
            Path log = Path.of(System.getProperty("java.io.tmpdir"), command.replace(' ', '-') + "-" + stamp + ".log");
            java.io.StringWriter trace = new java.io.StringWriter();
            ex.printStackTrace(new PrintWriter(trace));
            Files.writeString(log, command + " failed with an internal error\n" + trace, StandardCharsets.UTF_8);
            return log;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    public static void main(String[] args) {
        int code;
        try {
            code = commandLine().execute(args);
        } catch (OutOfMemoryError e) {
            System.err.println("lambo: out of Java heap memory (" + oneLine(e.getMessage())
                    + "); give the JVM more with LAMBO_JAVA_OPTS=-Xmx8g, or a smaller input");
            code = INTERNAL_ERROR;
        } catch (Throwable e) {
            code = report(e, "lambo", new PrintWriter(System.err, true));
        }
        System.exit(code);
    }
}
