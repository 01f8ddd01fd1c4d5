package org.lambo.bench;

import java.util.ArrayList;
import java.util.List;
import org.lambo.mec.Prompt;

/** Everything a bench measured: one row per (policy, prompt, instance) and the reference's answers. */
public record BenchResult(BenchPlan plan, List<BenchRow> rows, List<ReferenceRow> references) {
    public BenchResult {
        rows = List.copyOf(rows);
        references = List.copyOf(references);
    }

    /** The table of one prompt: one summary per policy, in the plan's order. */
    public List<PolicySummary> summaries(Prompt prompt) {
        List<PolicySummary> out = new ArrayList<>();
        for (String p : plan.policies()) {
            List<BenchRow> mine = rows.stream()
                    .filter(r -> r.policy().equals(p) && r.prompt().equals(prompt))
                    .toList();
            out.add(PolicySummary.of(p, prompt, mine));
        }
        return out;
    }

    /** The reference's answers for one prompt. */
    public List<ReferenceRow> references(Prompt prompt) {
        return references.stream().filter(r -> r.prompt().equals(prompt)).toList();
    }

    /** Rules broken over the whole bench. */
    public long violations() {
        return rows.stream().mapToLong(BenchRow::violations).sum();
    }
}
