package org.lambo.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.IHelpSectionRenderer;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * Help text that wraps at spaces only. Picocli wraps at every line-break opportunity of
 * {@link java.text.BreakIterator}, which includes the points after a '.' or a '-', so a file name could split
 * ({@code bench.} / {@code md}). Each prose section (description, parameters, options, commands, footer) is rendered
 * unwrapped and wrapped again here: a list entry's continuation lines are indented two past its description column, as
 * picocli does; other lines keep their own indentation.
 */
final class UsageWrap {
    private static final List<String> PROSE = List.of(
            UsageMessageSpec.SECTION_KEY_DESCRIPTION,
            UsageMessageSpec.SECTION_KEY_PARAMETER_LIST,
            UsageMessageSpec.SECTION_KEY_OPTION_LIST,
            UsageMessageSpec.SECTION_KEY_COMMAND_LIST,
            UsageMessageSpec.SECTION_KEY_FOOTER);
    private static final List<String> LISTS = List.of(
            UsageMessageSpec.SECTION_KEY_PARAMETER_LIST,
            UsageMessageSpec.SECTION_KEY_OPTION_LIST,
            UsageMessageSpec.SECTION_KEY_COMMAND_LIST);
    /** Wide enough that picocli itself never wraps. */
    private static final int UNWRAPPED = 10_000;

    private UsageWrap() {}

    /** Installs the wrapping on {@code cl} and all its subcommands. */
    static void install(CommandLine cl) {
        Map<String, IHelpSectionRenderer> sections = new LinkedHashMap<>(cl.getHelpSectionMap());
        for (String key : PROSE) {
            IHelpSectionRenderer original = sections.get(key);
            if (original == null) continue;
            boolean list = LISTS.contains(key);
            sections.put(key, help -> {
                UsageMessageSpec usage = help.commandSpec().usageMessage();
                int width = usage.width();
                String text;
                usage.width(UNWRAPPED);
                try {
                    text = original.render(help);
                } finally {
                    usage.width(width);
                }
                return wrap(text, width, list);
            });
        }
        cl.setHelpSectionMap(sections);
        for (CommandLine sub : cl.getSubcommands().values()) install(sub);
    }

    /** Wraps every line of {@code text} longer than {@code width} at spaces. */
    static String wrap(String text, int width, boolean list) {
        StringBuilder out = new StringBuilder();
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].stripTrailing();
            if (line.length() <= width) {
                out.append(line);
            } else {
                int lead = indentOf(line);
                int hang = list ? descriptionColumn(line, lead) + 2 : lead;
                if (hang >= width / 2) hang = Math.min(lead, width / 2);
                wrapLine(line, width, hang, out);
            }
            if (n < lines.length - 1) out.append('\n');
        }
        return out.toString();
    }

    private static void wrapLine(String line, int width, int hang, StringBuilder out) {
        String rest = line;
        boolean first = true;
        while (true) {
            if (!first) rest = " ".repeat(hang) + rest.stripLeading();
            if (rest.length() <= width) {
                out.append(rest);
                return;
            }
            int textStart = first ? indentOf(rest) : hang;
            int cut = rest.lastIndexOf(' ', width);
            if (cut <= textStart) { // one word longer than the line: it stays whole
                cut = rest.indexOf(' ', width);
                if (cut < 0) {
                    out.append(rest);
                    return;
                }
            }
            out.append(rest, 0, cut).append('\n');
            rest = rest.substring(cut + 1);
            first = false;
        }
    }

    private static int indentOf(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) == ' ') i++;
        return i;
    }

    /**
     * Where a list entry's description starts: after the first gap of two or more spaces past the names, else at its
     * text.
     */
    private static int descriptionColumn(String line, int lead) {
        int gap = line.indexOf("  ", lead);
        if (gap < 0) return lead;
        int i = gap;
        while (i < line.length() && line.charAt(i) == ' ') i++;
        return i;
    }
}
