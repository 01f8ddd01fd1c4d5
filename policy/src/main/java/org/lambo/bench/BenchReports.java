package org.lambo.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes a bench's outputs into a folder: {@code bench.csv}, {@code reference.csv}, {@code bench.md} and the PNG
 * charts, and with weighted prompts the latency-energy fronts ({@link ParetoReport}: {@code pareto.csv},
 * {@code pareto.md}, {@code pareto.png}).
 */
public final class BenchReports {
    private BenchReports() {}

    /**
     * @param header a line for the top of {@code bench.md} (e.g. the git revision and machine), or null
     * @return the files written
     */
    public static List<Path> write(BenchResult result, Path dir, String header) throws IOException {
        Files.createDirectories(dir);
        Path csv = dir.resolve("bench.csv");
        CsvReport.write(result, csv);
        Path md = dir.resolve("bench.md");
        String body = MarkdownReport.render(result);
        Files.writeString(md, (header == null ? "" : header + "\n\n") + body, StandardCharsets.UTF_8);
        List<Path> out = new java.util.ArrayList<>(List.of(csv, md));
        if (result.plan().hasReference()) {
            Path ref = dir.resolve("reference.csv");
            CsvReport.writeReferences(result, ref);
            out.add(ref);
        }
        out.addAll(BenchCharts.write(result, dir));
        if (ParetoReport.applies(result.plan())) out.addAll(ParetoReport.write(result, dir));
        return out;
    }
}
