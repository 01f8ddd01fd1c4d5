package org.lambo.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.lambo.io.Documents;
import org.lambo.io.Fields;
import org.lambo.io.InputException;
import org.lambo.io.YamlDocuments;
import org.lambo.mec.Instance;

/**
 * Reads a scenario family (a YAML with a {@code family} block, {@code configs/family-*.yaml}) or, for a file without
 * one, a plain scenario ({@link ScenarioLoader}): {@link #load} returns either as a {@link ScenarioSource}. As strict
 * as {@link ScenarioLoader}: every bad field is an {@link InputException} naming the file, the field and the value; an
 * unknown field is refused.
 *
 * <pre>
 * name: family-general
 * seed: 1
 * base: paper                       # area, mobility, channel, UE hardware (a profile or a file)
 * family:
 *   ues: {min: 10, max: 200, scale: log}
 *   servers: {min: 2, max: 8}
 *   cpuHz: {min: 1.0e+10, max: 5.0e+10, scale: log}
 *   profile: {min: 0, max: 1.25}      # 0 = are, 1 = paper
 *   deadlineFactor: {min: 1.0, max: 2.0}
 *   fading: 0.25                      # probability of Rayleigh fading per world
 *   serverDown: 0.1                   # probability per server of being down
 * test:                               # the held-out grid, never drawn in training
 *   seed: 90001
 *   instances: 5
 *   cells:
 *     - {name: n300-m10, ues: 300, servers: 10}
 *     - {name: are, scenario: are}
 * </pre>
 */
public final class FamilyLoader {
    private FamilyLoader() {}

    /** The built-in families (files {@code configs/family-*.yaml}, on the class path as {@code /configs/}). */
    public static List<String> builtInFamilies() {
        return List.of("family-general", "family-general-wide", "family-small");
    }

    /**
     * A scenario or a family: from a file path, or when no such file exists, from the built-in profiles and families of
     * {@code configs/}.
     */
    public static ScenarioSource load(String pathOrProfile) {
        Path p = Path.of(pathOrProfile);
        if (Files.isRegularFile(p)) return load(p);
        if (Files.isDirectory(p)) throw new InputException(pathOrProfile, "", "is a directory, not a scenario file");
        String name = pathOrProfile.endsWith(".yaml") ? pathOrProfile : pathOrProfile + ".yaml";
        name = name.substring(name.lastIndexOf('/') + 1);
        try (InputStream in = FamilyLoader.class.getResourceAsStream("/configs/" + name)) {
            if (in == null) {
                List<String> known = new ArrayList<>(ScenarioLoader.builtInProfiles());
                known.addAll(builtInFamilies());
                throw new InputException(
                        pathOrProfile,
                        "",
                        "no such scenario file, and no built-in profile or family of that name (built in: "
                                + String.join(", ", known) + ")");
            }
            return parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new InputException(pathOrProfile, "", "cannot be read: " + e.getMessage());
        }
    }

    public static ScenarioSource load(Path file) {
        return parse(file.toString(), Documents.readText(file));
    }

    /** A family, refusing a plain scenario. */
    public static ScenarioFamily loadFamily(String pathOrProfile) {
        ScenarioSource s = load(pathOrProfile);
        if (s instanceof ScenarioFamily f) return f;
        throw new InputException(pathOrProfile, "family", "is missing: this is a scenario, not a scenario family");
    }

    /** Whether a YAML tree is a family (it has a {@code family} block). */
    public static boolean isFamily(JsonNode root) {
        return root != null && root.isObject() && root.has("family");
    }

    public static ScenarioSource parse(String source, String yaml) {
        JsonNode root = YamlDocuments.read(source, yaml);
        return isFamily(root) ? family(source, root) : ScenarioLoader.fromTree(source, root);
    }

    static ScenarioFamily family(String source, JsonNode root) {
        Fields f = Fields.root(source, root);
        try {
            String name = f.requireString("name");
            if (!name.matches("[A-Za-z0-9._-]{1,64}"))
                throw f.error("name", "must be 1 to 64 letters, digits, '.', '_' or '-', got '" + name + "'");
            long seed = f.optLong("seed", 1L);
            String baseName = f.optString("base", "paper");
            Scenario base = scenario(f, "base", baseName);

            Fields fam = f.requireObject("family");
            ScenarioFamily.IntRange ues = intRange(fam.requireObject("ues"), 1, Instance.MAX_UES);
            ScenarioFamily.IntRange servers = intRange(fam.requireObject("servers"), 1, Instance.MAX_SERVERS);
            if ((long) ues.max() * servers.max() > Instance.MAX_LINKS) {
                throw fam.error(
                        "ues.max",
                        "is " + ues.max() + " for up to " + servers.max() + " servers: N x M = "
                                + (long) ues.max() * servers.max() + " links is over the limit of "
                                + Instance.MAX_LINKS);
            }
            ScenarioFamily.Range cpu = range(fam.requireObject("cpuHz"), Double.MIN_VALUE, Double.MAX_VALUE, true);
            ScenarioFamily.Range profile =
                    range(fam.requireObject("profile"), ScenarioFamily.PROFILE_MIN, ScenarioFamily.PROFILE_MAX, false);
            ScenarioFamily.Range deadline = fam.has("deadlineFactor")
                    ? range(fam.requireObject("deadlineFactor"), 1, ScenarioFamily.DEADLINE_FACTOR_MAX, true)
                    : ScenarioFamily.Range.of(1.2);
            double fading = fam.optRange("fading", 0, 1, 0);
            double down = fam.optRange("serverDown", 0, 1, 0);
            fam.rejectUnknown();

            ScenarioFamily family =
                    new ScenarioFamily(name, seed, base, ues, servers, cpu, profile, deadline, fading, down, null);
            ScenarioFamily.TestGrid grid = null;
            if (f.has("test")) grid = testGrid(f.requireObject("test"), family, seed);
            f.rejectUnknown();
            return new ScenarioFamily(name, seed, base, ues, servers, cpu, profile, deadline, fading, down, grid);
        } catch (IllegalArgumentException e) {
            if (e instanceof InputException) throw e;
            throw new InputException(source, "", e.getMessage());
        }
    }

    private static ScenarioFamily.TestGrid testGrid(Fields t, ScenarioFamily family, long trainingSeed) {
        long seed = t.requireLong("seed");
        if (seed == trainingSeed)
            throw t.error(
                    "seed",
                    "must differ from the family's seed " + trainingSeed + ": the test grid is held out, got " + seed);
        int instances = t.optInt("instances", 1, ScenarioFamily.TestGrid.MAX_INSTANCES, 5);
        List<JsonNode> nodes = t.requireArray("cells", ScenarioFamily.TestGrid.MAX_CELLS);
        if (nodes.isEmpty()) throw t.error("cells", "must list at least one cell");
        List<ScenarioFamily.Cell> cells = new ArrayList<>();
        java.util.Set<String> names = new java.util.HashSet<>();
        for (int k = 0; k < nodes.size(); k++) {
            Fields c = t.element("cells", k, nodes.get(k));
            String name = c.requireString("name");
            if (!name.matches("[A-Za-z0-9._-]{1,64}"))
                throw c.error("name", "must be 1 to 64 letters, digits, '.', '_' or '-', got '" + name + "'");
            if (!names.add(name)) throw c.error("name", "'" + name + "' names an earlier cell too");
            ScenarioSource src;
            if (c.has("scenario")) {
                String sc = c.requireString("scenario");
                src = scenario(c, "scenario", sc);
            } else {
                ScenarioFamily.IntRange n =
                        c.has("ues") ? ScenarioFamily.IntRange.of(c.requireInt("ues", 1, Instance.MAX_UES)) : null;
                ScenarioFamily.IntRange m = c.has("servers")
                        ? ScenarioFamily.IntRange.of(c.requireInt("servers", 1, Instance.MAX_SERVERS))
                        : null;
                int nMax = n == null ? family.ues().max() : n.max();
                int mMax = m == null ? family.servers().max() : m.max();
                if ((long) nMax * mMax > Instance.MAX_LINKS) {
                    throw c.error(
                            n != null ? "ues" : "servers",
                            "gives up to N x M = " + (long) nMax * mMax + " links, over the limit of "
                                    + Instance.MAX_LINKS);
                }
                ScenarioFamily.Range p = c.has("profile")
                        ? ScenarioFamily.Range.of(
                                c.requireRange("profile", ScenarioFamily.PROFILE_MIN, ScenarioFamily.PROFILE_MAX))
                        : null;
                ScenarioFamily.Range df = c.has("deadlineFactor")
                        ? ScenarioFamily.Range.of(
                                c.requireRange("deadlineFactor", 1, ScenarioFamily.DEADLINE_FACTOR_MAX))
                        : null;
                Double fading = null;
                if (c.has("fading"))
                    fading = c.optChoice("fading", "none", "none", "rayleigh").equals("rayleigh") ? 1.0 : 0.0;
                Double down = c.has("serverDown") ? c.requireRange("serverDown", 0, 1) : null;
                src = family.pinned(name, n, m, null, p, df, fading, down);
            }
            c.rejectUnknown();
            cells.add(new ScenarioFamily.Cell(name, src));
        }
        t.rejectUnknown();
        if ((long) cells.size() * instances > ScenarioFamily.TestGrid.MAX_SLOTS) {
            throw t.error(
                    "instances",
                    "is " + instances + " for " + cells.size() + " cells: " + (long) cells.size() * instances
                            + " slots is over the limit of " + ScenarioFamily.TestGrid.MAX_SLOTS);
        }
        return new ScenarioFamily.TestGrid(seed, instances, cells);
    }

    /** A plain scenario named in a family file; its own errors are told as this field's. */
    private static Scenario scenario(Fields f, String field, String name) {
        try {
            return ScenarioLoader.load(name);
        } catch (InputException e) {
            throw f.error(
                    field,
                    "must name a scenario (a file or a built-in profile), not a family; '" + name + "' fails: "
                            + e.getMessage());
        }
    }

    private static ScenarioFamily.IntRange intRange(Fields r, int lo, int hi) {
        int min = r.requireInt("min", lo, hi);
        int max = r.requireInt("max", lo, hi);
        if (max < min) throw r.error("max", "must be >= min (" + min + "), got " + max);
        boolean log = scale(r);
        r.rejectUnknown();
        return new ScenarioFamily.IntRange(min, max, log);
    }

    private static ScenarioFamily.Range range(Fields r, double lo, double hi, boolean logAllowed) {
        double min = r.requireRange("min", lo, hi);
        double max = r.requireRange("max", lo, hi);
        if (max < min) throw r.error("max", "must be >= min (" + min + "), got " + max);
        boolean log = scale(r);
        if (log && !logAllowed) throw r.error("scale", "must be linear here, got 'log'");
        r.rejectUnknown();
        return new ScenarioFamily.Range(min, max, log);
    }

    private static boolean scale(Fields r) {
        return r.optChoice("scale", "linear", "linear", "log").equals("log");
    }
}
