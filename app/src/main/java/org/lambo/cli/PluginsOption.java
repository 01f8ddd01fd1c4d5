package org.lambo.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.lambo.io.InputException;
import org.lambo.policy.Plugins;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionStrategy;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;

/**
 * {@code --plugins DIR|JAR[:...]}: users' policy jars, loaded before any command runs so that every command that names
 * a policy ({@code bench}, {@code solve}, {@code trial}, {@code train}'s experts, {@code finetune}) knows them.
 * Accepted before the command ({@code lambo --plugins p.jar bench}) or after it ({@code lambo bench --plugins p.jar}),
 * repeatable; without it the environment variable {@value Plugins#ENV} is read. A plug-in that cannot load ends the
 * command with one line naming the jar and the reason, and exit code 2.
 */
final class PluginsOption {
    static final String NAME = "--plugins";

    private PluginsOption() {}

    /** Adds the option to the command and all its subcommands, and loads the plug-ins before each run. */
    static void install(CommandLine cl) {
        cl.getCommandSpec()
                .addOption(OptionSpec.builder(NAME)
                        .paramLabel("DIR|JAR[:...]")
                        .type(List.class)
                        .auxiliaryTypes(String.class)
                        .scopeType(ScopeType.INHERIT)
                        .description(
                                "Policy plug-ins: jars, and folders whose every *.jar is loaded, separated by ':'; repeatable "
                                        + "(default: $" + Plugins.ENV + "). See examples/policy-plugin.")
                        .build());
        IExecutionStrategy next = cl.getExecutionStrategy();
        cl.setExecutionStrategy(parseResult -> {
            if (!helpRequested(parseResult)) load(parseResult);
            return next.execute(parseResult);
        });
    }

    private static boolean helpRequested(ParseResult top) {
        for (ParseResult p = top; p != null; p = p.subcommand()) {
            if (p.isUsageHelpRequested() || p.isVersionHelpRequested()) return true;
        }
        return false;
    }

    /** Loads the plug-ins the command line names, or else those of the environment variable; none unloads any. */
    static void load(ParseResult top) {
        load(top, System::getenv);
    }

    static void load(ParseResult top, Function<String, String> env) {
        List<String> given = new ArrayList<>();
        ParseResult last = top;
        for (ParseResult p = top; p != null; p = p.subcommand()) {
            last = p;
            for (OptionSpec o : p.matchedOptions()) {
                if (o.longestName().equals(NAME)) given.addAll(o.stringValues());
            }
        }
        given = new ArrayList<>(new java.util.LinkedHashSet<>(given));
        String source = given.isEmpty() ? Plugins.ENV : NAME;
        String list = given.isEmpty() ? env.apply(Plugins.ENV) : String.join(":", given);
        try {
            Plugins.use(source, list);
        } catch (InputException ex) {
            throw new CommandLine.ExecutionException(last.commandSpec().commandLine(), ex.getMessage(), ex);
        }
    }
}
