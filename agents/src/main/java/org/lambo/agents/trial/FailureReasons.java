package org.lambo.agents.trial;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lambo.ontology.TaskReport;

/**
 * summary.md's "Why tasks failed": one row per reason, most tasks first. Reasons that differ only in the UE they name
 * ("no report from ue-17 within ...", "no report from ue-18 within ...") are one row, the name written {@code ue-i},
 * with how many UEs and the first few of them: a 10,000-UE trial whose UEs all went silent gets one row, not 10,000,
 * and {@code testbed-scripts/deploy}, which shows the first five rows, shows the five largest causes.
 */
final class FailureReasons {
    /** How many UE names a grouped row lists before "and N more". */
    static final int NAMES_SHOWN = 5;

    private static final Pattern UE = Pattern.compile("\\bue-(\\d+)\\b");

    /** One row of the table: the reason as shown and how many failed tasks gave it. */
    record Row(String reason, long tasks) {}

    private FailureReasons() {}

    /** The rows for these reports' failed tasks, most tasks first, then by reason; empty when none failed. */
    static List<Row> rows(List<TaskReport> reports) {
        Map<String, Long> byReason = new TreeMap<>();
        for (TaskReport t : reports) if (!t.completed()) byReason.merge(t.reason(), 1L, Long::sum);

        Map<String, Group> byShape = new LinkedHashMap<>();
        byReason.forEach(
                (reason, tasks) -> byShape.computeIfAbsent(UE.matcher(reason).replaceAll("ue-i"), Group::new)
                        .add(reason, tasks));

        List<Row> rows = new ArrayList<>();
        for (Group g : byShape.values()) rows.add(g.row());
        rows.sort(Comparator.comparingLong(Row::tasks).reversed().thenComparing(Row::reason));
        return rows;
    }

    /** Reasons of one shape: kept as written when only one reason has it. */
    private static final class Group {
        private final String shape;
        private final TreeSet<Integer> ues = new TreeSet<>();
        private String only;
        private int reasons;
        private long tasks;

        Group(String shape) {
            this.shape = shape;
        }

        void add(String reason, long n) {
            reasons++;
            tasks += n;
            only = reason;
            Matcher m = UE.matcher(reason);
            while (m.find()) {
                try {
                    ues.add(Integer.parseInt(m.group(1)));
                } catch (NumberFormatException tooLong) {
                    // a number past int in a name: still grouped, just not listed
                }
            }
        }

        Row row() {
            if (reasons == 1) return new Row(only, tasks);
            StringBuilder sb =
                    new StringBuilder(shape).append(" (").append(ues.size()).append(" UEs: ");
            int shown = 0;
            for (int i : ues) {
                if (shown == NAMES_SHOWN) break;
                if (shown++ > 0) sb.append(", ");
                sb.append("ue-").append(i);
            }
            if (ues.size() > NAMES_SHOWN)
                sb.append(" and ").append(ues.size() - NAMES_SHOWN).append(" more");
            return new Row(sb.append(')').toString(), tasks);
        }
    }
}
