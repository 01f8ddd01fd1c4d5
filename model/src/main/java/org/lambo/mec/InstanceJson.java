package org.lambo.mec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.lambo.io.Documents;
import org.lambo.io.Fields;
import org.lambo.io.InputException;
import org.lambo.io.OutputPaths;

/**
 * The instance file format: one instance per line of JSON (JSON lines), documented with an example in
 * {@code docs/INSTANCE_FORMAT.md}. Reading names the file, the line and the field of any error.
 *
 * <p>Reading is strict ({@link Documents}, {@link Fields}): numbers only as numbers, integers only as integers, no
 * duplicate key, nothing after the object on its line, no {@code NaN}. It is bounded: at most {@link Instance#MAX_UES}
 * UEs, {@link Instance#MAX_SERVERS} servers and {@link Instance#MAX_LINKS} UE-server links per instance,
 * {@link #MAX_LINE_CHARS} characters per line and {@link #MAX_INSTANCES} instances per file.
 */
public final class InstanceJson {
    /** The format's version; a file of another version is refused. */
    public static final int SCHEMA = 1;

    private static final ObjectMapper JSON = Documents.json();
    /** The longest line read (64 Mi characters: an instance at every size limit, gains included, takes about 30). */
    public static final int MAX_LINE_CHARS = 64 << 20;
    /** The most instances one file may hold. */
    public static final int MAX_INSTANCES = 1_000_000;

    private InstanceJson() {}

    public static ObjectNode toTree(Instance inst) {
        ObjectNode root = JSON.createObjectNode();
        root.put("schema", SCHEMA);
        root.put("id", inst.id());
        ChannelParams c = inst.channel();
        ObjectNode ch =
                root.putObject("channel").put("bandwidthHz", c.bandwidthHz()).put("noiseW", c.noiseW());
        if (!Double.isNaN(c.g0())) ch.put("g0", c.g0());
        if (!Double.isNaN(c.pathLossExponent())) ch.put("pathLossExponent", c.pathLossExponent());
        ArrayNode servers = root.putArray("servers");
        for (EdgeServer s : inst.servers()) {
            ObjectNode o = servers.addObject();
            if (s.position() != null)
                o.put("x", s.position().x()).put("y", s.position().y());
            o.put("cpuHz", s.cpuHz()).put("up", s.up());
        }
        ArrayNode ues = root.putArray("ues");
        for (UserEquipment u : inst.ues()) {
            ObjectNode o = ues.addObject();
            if (u.position() != null)
                o.put("x", u.position().x()).put("y", u.position().y());
            o.put("localCpuHz", u.localCpuHz())
                    .put("localPowerW", u.localPowerW())
                    .put("transmitPowerW", u.transmitPowerW());
            ObjectNode t = o.putObject("task")
                    .put("bits", u.task().bits())
                    .put("cycles", u.task().cycles())
                    .put("deadlineS", u.task().deadlineS());
            if (u.task().offloadOnly()) t.put("deadlineAppliesTo", "offload");
        }
        double[][] gains = inst.measuredGains();
        if (gains != null) {
            ArrayNode g = root.putArray("gains");
            for (double[] row : gains) {
                ArrayNode r = g.addArray();
                for (double v : row) r.add(v);
            }
        }
        return root;
    }

    public static String toLine(Instance inst) {
        try {
            return JSON.writeValueAsString(toTree(inst));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses one line; {@code source} names it in errors, e.g. {@code instances.jsonl:3}. */
    public static Instance parseLine(String source, String line) {
        return fromTree(source, Documents.readJson(source, line));
    }

    public static Instance fromTree(String source, JsonNode node) {
        Fields f = Fields.root(source, node);
        try {
            int schema = f.requireInt("schema", Integer.MIN_VALUE, Integer.MAX_VALUE);
            if (schema != SCHEMA) throw f.error("schema", "must be " + SCHEMA + ", got " + schema);
            String id = f.requireString("id");
            boolean measured = f.has("gains");
            Fields c = f.requireObject("channel");
            double bandwidth = c.requirePositive("bandwidthHz");
            double noise = c.requirePositive("noiseW");
            // with measured gains the distance model is not used: g0 and alpha may be left out (both or either)
            double g0 = distanceParameter(c, "g0", measured);
            double alpha = distanceParameter(c, "pathLossExponent", measured);
            ChannelParams channel = new ChannelParams(bandwidth, noise, g0, alpha);
            c.rejectUnknown();
            List<EdgeServer> servers = new ArrayList<>();
            List<JsonNode> sn = f.requireArray("servers", Instance.MAX_SERVERS);
            if (sn.isEmpty()) throw f.error("servers", "must list at least one server");
            JsonNode uesNode = node.get("ues");
            if (uesNode != null && uesNode.isArray() && (long) uesNode.size() * sn.size() > Instance.MAX_LINKS) {
                throw f.error(
                        "ues",
                        "lists " + uesNode.size() + " UEs for " + sn.size() + " servers: N x M = "
                                + (long) uesNode.size() * sn.size() + " links is over the limit of "
                                + Instance.MAX_LINKS);
            }
            for (int k = 0; k < sn.size(); k++) {
                Fields s = f.element("servers", k, sn.get(k));
                servers.add(
                        new EdgeServer(position(s, measured), s.requirePositive("cpuHz"), s.optBoolean("up", true)));
                s.rejectUnknown();
            }
            List<UserEquipment> ues = new ArrayList<>();
            List<JsonNode> un = f.requireArray("ues", Instance.MAX_UES);
            if (un.isEmpty()) throw f.error("ues", "must list at least one UE");
            for (int k = 0; k < un.size(); k++) {
                Fields u = f.element("ues", k, un.get(k));
                Fields t = u.requireObject("task");
                boolean offloadOnly = t.optChoice("deadlineAppliesTo", "all", "all", "offload")
                        .equals("offload");
                Task task = new Task(
                        t.requirePositive("bits"),
                        t.requirePositive("cycles"),
                        t.requirePositive("deadlineS"),
                        offloadOnly);
                t.rejectUnknown();
                double localCpu = u.requirePositive("localCpuHz");
                if (!offloadOnly && task.deadlineS() < task.cycles() / localCpu * (1 - 1e-12)) {
                    throw new InputException(
                            source,
                            t.pathOf("deadlineS"),
                            "must be at least cycles / localCpuHz = "
                                    + task.cycles() / localCpu + " s so that local execution is feasible, got "
                                    + task.deadlineS()
                                    + " (for a deadline that binds only offloading, add \"deadlineAppliesTo\": \"offload\")");
                }
                ues.add(new UserEquipment(
                        position(u, measured),
                        localCpu,
                        u.requirePositive("localPowerW"),
                        u.requirePositive("transmitPowerW"),
                        task));
                u.rejectUnknown();
            }
            double[][] gains = null;
            if (measured) {
                List<JsonNode> rows = f.requireArray("gains");
                if (rows.size() != ues.size()) {
                    throw f.error(
                            "gains",
                            "must have one row per UE (" + ues.size() + "), got " + rows.size() + " row"
                                    + (rows.size() == 1 ? "" : "s"));
                }
                gains = new double[rows.size()][];
                for (int i = 0; i < rows.size(); i++) {
                    JsonNode row = rows.get(i);
                    String p = "gains[" + i + "]";
                    if (!row.isArray() || row.size() != servers.size()) {
                        throw new InputException(
                                source,
                                p,
                                "must be a list of one gain per server (" + servers.size() + "), got "
                                        + (row.isArray() ? "a list of " + row.size() : Fields.describe(row)));
                    }
                    gains[i] = new double[servers.size()];
                    for (int j = 0; j < servers.size(); j++) {
                        JsonNode v = row.get(j);
                        if (!v.isNumber() || !(v.doubleValue() > 0) || !Double.isFinite(v.doubleValue())) {
                            throw new InputException(
                                    source, p + "[" + j + "]", "must be a power gain > 0, got " + Fields.describe(v));
                        }
                        gains[i][j] = v.doubleValue();
                    }
                }
            }
            f.rejectUnknown();
            return new Instance(id, servers, ues, channel, gains);
        } catch (IllegalArgumentException e) {
            if (e instanceof InputException) throw e;
            throw new InputException(source, "", e.getMessage());
        }
    }

    /**
     * The position {@code x}, {@code y} of a server or UE: required without measured gains; with them optional (null
     * when absent), but then both or neither.
     */
    private static Point position(Fields o, boolean measured) {
        if (measured && !o.has("x") && !o.has("y")) {
            o.optDouble("x", 0);
            o.optDouble("y", 0);
            return null;
        }
        if (measured && o.has("x") != o.has("y")) {
            String missing = o.has("x") ? "y" : "x";
            throw o.error(
                    missing, "is missing: give both x and y, or neither (with measured gains, positions are optional)");
        }
        for (String xy : new String[] {"x", "y"}) {
            if (!o.has(xy))
                throw o.error(xy, "is missing (positions may be left out only when measured gains are given)");
        }
        return new Point(o.requireDouble("x"), o.requireDouble("y"));
    }

    /**
     * {@code channel.g0} or {@code channel.pathLossExponent}: required without measured gains, NaN when left out with
     * them.
     */
    private static double distanceParameter(Fields c, String name, boolean measured) {
        if (!c.has(name)) {
            if (measured) return c.optDouble(name, Double.NaN);
            throw c.error(name, "is missing (it may be left out only when measured gains are given)");
        }
        return c.requirePositive(name);
    }

    /** Reads every instance of a JSON-lines file; blank lines are skipped. */
    public static List<Instance> readAll(Path file) {
        return readAll(file, MAX_LINE_CHARS);
    }

    /** As {@link #readAll(Path)} with another line limit (tests). */
    static List<Instance> readAll(Path file, int maxLineChars) {
        List<Instance> out = new ArrayList<>();
        forEachLine(file, maxLineChars, (source, line) -> {
            out.add(parseLine(source, line));
            return true;
        });
        if (out.isEmpty()) throw new InputException(file.toString(), "", "holds no instance");
        return out;
    }

    /** One instance and how many the file holds. */
    public record Indexed(Instance instance, int count) {}

    /**
     * The instance number {@code index} (from 0) of a JSON-lines file. Every line is read and checked, but only that
     * one is kept in memory.
     *
     * @throws InputException when the file holds fewer, naming the count
     */
    public static Indexed read(Path file, int index) {
        Instance[] found = new Instance[1];
        int[] count = {0};
        forEachLine(file, MAX_LINE_CHARS, (source, line) -> {
            Instance inst = parseLine(source, line);
            if (count[0] == index) found[0] = inst;
            count[0]++;
            return true;
        });
        if (count[0] == 0) throw new InputException(file.toString(), "", "holds no instance");
        if (found[0] == null) {
            throw new InputException(
                    "--index",
                    "",
                    "must be in 0.." + (count[0] - 1) + " for " + file + " (" + count[0] + " instances), got " + index);
        }
        return new Indexed(found[0], count[0]);
    }

    public interface LineVisitor {
        boolean visit(String source, String line);
    }

    /**
     * Visits the non-blank lines, each at most {@link #MAX_LINE_CHARS} long, at most {@link #MAX_INSTANCES} of them.
     */
    public static void forEachLine(Path file, int maxLineChars, LineVisitor visitor) {
        if (Files.isDirectory(file))
            throw new InputException(file.toString(), "", "is a directory, not an instance file");
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            StringBuilder sb = new StringBuilder();
            int lineNo = 0;
            int instances = 0;
            while (true) {
                sb.setLength(0);
                int c;
                boolean any = false;
                while ((c = r.read()) != -1) {
                    any = true;
                    if (c == '\n') break;
                    if (sb.length() >= maxLineChars) {
                        throw new InputException(
                                file + ":" + (lineNo + 1),
                                "",
                                "is longer than the limit of " + maxLineChars + " characters per line");
                    }
                    sb.append((char) c);
                }
                if (!any) break;
                lineNo++;
                if (sb.length() > 0 && sb.charAt(sb.length() - 1) == '\r') sb.setLength(sb.length() - 1);
                String line = sb.toString();
                if (line.isBlank()) continue;
                if (++instances > MAX_INSTANCES) {
                    throw new InputException(
                            file + ":" + lineNo, "", "is past the limit of " + MAX_INSTANCES + " instances per file");
                }
                if (!visitor.visit(file + ":" + lineNo, line)) break;
            }
        } catch (IOException e) {
            throw Documents.unreadable(file, e);
        }
    }

    public static void writeAll(Path file, List<Instance> instances) throws IOException {
        writeAll(file, instances.size(), instances.iterator()::next);
    }

    /**
     * Writes {@code count} instances, each made by {@code next} as it is written (so a long file never needs them all
     * in memory); creates the parent folders.
     *
     * @throws InputException naming {@code --out} when {@code file} is a folder or lies under a file
     */
    public static void writeAll(Path file, int count, java.util.function.Supplier<Instance> next) throws IOException {
        OutputPaths.requireFile("--out", file);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int k = 0; k < count; k++) {
                w.write(toLine(next.get()));
                w.newLine();
            }
        }
    }
}
