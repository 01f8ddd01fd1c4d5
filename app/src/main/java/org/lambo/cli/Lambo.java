package org.lambo.cli;

import java.io.PrintWriter;
import org.lambo.io.InputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code lambo} command. Each subcommand is its own class; bad input (a flag, a scenario, an
 * instance file) ends with one line naming the field and the value, and exit code 2.
 */
@Command(name = "lambo", mixinStandardHelpOptions = true, version = "lambo 0.1.0",
        description = "LAMBO edge testbed: scenarios, experts, baselines, the AED policy, JADE trials and devices.",
        subcommands = {GenerateCommand.class, SolveCommand.class, BenchCommand.class, TrainCommand.class, FinetuneCommand.class,
                DrooTrainCommand.class, TrialCommand.class, ContainerCommand.class, DeviceCommand.class, CommandLine.HelpCommand.class})
public final class Lambo implements Runnable {
    /** Exit code for bad input. */
    public static final int BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Lambo());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            Throwable cause = ex;
            while (cause.getCause() != null && !(cause instanceof InputException)) cause = cause.getCause();
            if (cause instanceof InputException || ex instanceof IllegalArgumentException) {
                err.println("lambo " + commandLine.getCommandName() + ": " + (cause instanceof InputException ? cause : ex).getMessage());
                err.flush();
                return BAD_INPUT;
            }
            throw ex;
        });
        PluginsOption.install(cl);
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
