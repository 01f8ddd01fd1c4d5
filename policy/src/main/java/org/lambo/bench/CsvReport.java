package org.lambo.bench;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The bench's raw numbers as CSV, for pandas, R or a spreadsheet. {@code bench.csv} has one row per (policy, prompt,
 * instance) and exactly the columns {@value #HEADER}: {@code objective} is L (s) or E (J), {@code gap} a fraction
 * (0.012 is 1.2 %, empty without a reference), {@code violations} the rules the decision breaks, {@code decide_ms} its
 * wall time (empty for given decisions, which take none). {@code reference.csv} has the reference's objective, proven
 * bound and status per (prompt, instance). Numbers are written in full precision with a dot.
 */
public final class CsvReport {
    public static final String HEADER =
            "policy,prompt,instance,objective,mean_latency_s,total_energy_j,gap,violations,decide_ms";
    public static final String REFERENCE_HEADER = "policy,prompt,instance,objective,bound,proven_gap,status";

    private CsvReport() {}

    public static void write(BenchResult result, Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(HEADER);
            w.write('\n');
            for (BenchRow r : result.rows()) {
                w.write(String.join(
                        ",",
                        r.policy(),
                        r.prompt().id(),
                        r.instance(),
                        num(r.objective()),
                        num(r.meanLatencyS()),
                        num(r.totalEnergyJ()),
                        num(r.gap()),
                        Integer.toString(r.violations()),
                        Double.isNaN(r.decideMs()) ? "" : String.format(Locale.ROOT, "%.3f", r.decideMs())));
                w.write('\n');
            }
        }
    }

    public static void writeReferences(BenchResult result, Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write(REFERENCE_HEADER);
            w.write('\n');
            for (ReferenceRow r : result.references()) {
                w.write(String.join(
                        ",",
                        r.policy(),
                        r.prompt().id(),
                        r.instance(),
                        num(r.objective()),
                        num(r.bound()),
                        num(r.provenGap()),
                        quote(r.status())));
                w.write('\n');
            }
        }
    }

    /** Shortest round-trip form; empty for NaN, so that a missing value reads as missing. */
    static String num(double v) {
        return Double.isNaN(v) ? "" : Double.toString(v);
    }

    /** RFC 4180 quoting when needed. */
    static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
