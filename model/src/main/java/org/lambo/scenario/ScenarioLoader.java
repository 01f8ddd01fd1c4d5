package org.lambo.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.lambo.io.Documents;
import org.lambo.io.Fields;
import org.lambo.io.InputException;
import org.lambo.io.YamlDocuments;
import org.lambo.mec.ChannelParams;
import org.lambo.mec.Instance;
import org.lambo.mec.Point;

/**
 * Reads and writes scenario YAML (see {@code configs/README.md} for every field and its default). Any bad field is an
 * {@link InputException} naming the file, the field and the value. Reading is strict ({@link YamlDocuments}: no
 * duplicate key, one document, no {@code .nan}/{@code .inf}, no alias; {@link Fields}: numbers only as numbers) and
 * bounded: N (also after a {@code ue-count} drift) at most {@link Instance#MAX_UES}, M at most
 * {@link Instance#MAX_SERVERS}, N x M at most {@link Instance#MAX_LINKS}, at most {@link #MAX_DRIFT_EVENTS} drift
 * events.
 */
public final class ScenarioLoader {
    private static final ObjectMapper YAML = YamlDocuments.mapper();
    /** The most drift events a scenario may list. */
    public static final int MAX_DRIFT_EVENTS = 10_000;

    private ScenarioLoader() {}

    /**
     * Loads a scenario from a file path, or, when no such file exists, from the built-in profiles on the class path
     * ({@code paper}, {@code are}, {@code tiny}, ...: the files of {@code configs/}).
     */
    public static Scenario load(String pathOrProfile) {
        Path p = Path.of(pathOrProfile);
        if (Files.isRegularFile(p)) return load(p);
        if (Files.isDirectory(p)) throw new InputException(pathOrProfile, "", "is a directory, not a scenario file");
        String name = pathOrProfile.endsWith(".yaml") ? pathOrProfile : pathOrProfile + ".yaml";
        name = name.substring(name.lastIndexOf('/') + 1);
        try (InputStream in = ScenarioLoader.class.getResourceAsStream("/configs/" + name)) {
            if (in == null) {
                throw new InputException(
                        pathOrProfile,
                        "",
                        "no such scenario file, and no built-in profile of that name (built in: "
                                + String.join(", ", builtInProfiles()) + ")");
            }
            return parse(name, new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new InputException(pathOrProfile, "", "cannot be read: " + e.getMessage());
        }
    }

    public static List<String> builtInProfiles() {
        return List.of("paper", "are", "small", "tiny", "drift-half-capacity", "drift-slow-servers-light-uploads");
    }

    public static Scenario load(Path file) {
        return parse(file.toString(), Documents.readText(file));
    }

    public static Scenario parse(String source, String yaml) {
        return fromTree(source, YamlDocuments.read(source, yaml));
    }

    /** Builds the scenario, turning every constructor's complaint into an error that names the source. */
    public static Scenario fromTree(String source, JsonNode root) {
        Fields f = Fields.root(source, root);
        if (FamilyLoader.isFamily(root)) {
            throw f.error(
                    "family",
                    "makes this a scenario family, which draws a scenario per world: it is read by lambo train, generate and bench, "
                            + "not where one scenario is needed");
        }
        try {
            String name = f.requireString("name");
            long seed = f.optLong("seed", 1L);

            Fields a = f.optObject("area");
            Scenario.Area area = new Scenario.Area(a.optPositive("width", 50), a.optPositive("height", 50));
            a.rejectUnknown();

            int ues = f.requireInt("ues", 1, Instance.MAX_UES);

            List<Scenario.ServerSpec> servers = new ArrayList<>();
            List<JsonNode> serverNodes = f.requireArray("servers", Instance.MAX_SERVERS);
            if (serverNodes.isEmpty()) throw f.error("servers", "must list at least one server");
            for (int k = 0; k < serverNodes.size(); k++) {
                Fields s = f.element("servers", k, serverNodes.get(k));
                double cpu = s.requirePositive("cpuHz");
                Point pos = null;
                if (s.has("position")) {
                    Fields p = s.requireObject("position");
                    pos = new Point(p.requireRange("x", 0, area.width()), p.requireRange("y", 0, area.height()));
                    p.rejectUnknown();
                }
                boolean perSlot =
                        s.optChoice("placement", "fixed", "fixed", "per-slot").equals("per-slot");
                if (perSlot && pos != null)
                    throw s.error("placement", "is per-slot, so the server has no fixed position: drop its position");
                Scenario.Line line = null;
                if (s.has("line")) {
                    if (!perSlot)
                        throw s.error(
                                "line",
                                "needs placement: per-slot (the server is re-placed along the line every slot)");
                    Fields l = s.requireObject("line");
                    line = new Scenario.Line(l.requireDouble("a"), l.requireDouble("b"), l.requireDouble("c"));
                    l.rejectUnknown();
                    if (line.a() == 0 && line.b() == 0)
                        throw s.error("line", "must have a or b other than 0, got a = 0, b = 0");
                    if (line.segmentIn(area) == null)
                        throw s.error(
                                "line", "does not cross the area (" + area.width() + " x " + area.height() + " m)");
                }
                s.rejectUnknown();
                servers.add(new Scenario.ServerSpec(cpu, pos, perSlot, line));
            }

            Fields mo = f.optObject("mobility");
            Scenario.Mobility mobility = new Scenario.Mobility(
                    mo.optRange("maxSpeed", 0, 1e3, 1.2),
                    mo.optPositive("slot", 1.0),
                    mo.optRange("turnProbability", 0, 1, 0.1));
            mo.rejectUnknown();

            Fields c = f.optObject("channel");
            ChannelParams params = new ChannelParams(
                    c.optPositive("bandwidthHz", 1e6),
                    c.optPositive("noiseW", 1e-12),
                    c.optPositive("g0", 1.0),
                    c.optPositive("pathLossExponent", 2.0));
            Scenario.Fading fading = Scenario.Fading.parse(c.optChoice("fading", "none", "none", "rayleigh"));
            c.rejectUnknown();

            Fields u = f.optObject("ue");
            Scenario.UeSpec ue = new Scenario.UeSpec(
                    u.optPositive("localCpuHz", 1e9),
                    u.optPositive("localPowerW", 1.0),
                    u.optPositive("transmitPowerW", 1.0));
            u.rejectUnknown();

            Fields t = f.requireObject("task");
            Scenario.TaskSpec task = new Scenario.TaskSpec(
                    uniform(t.requireObject("bits")),
                    uniform(t.requireObject("cycles")),
                    deadlineFactor(t.optObject("deadline")),
                    deadlineFloor(t));
            t.rejectUnknown();

            List<DriftEvent> drift = new ArrayList<>();
            if ((long) ues * servers.size() > Instance.MAX_LINKS) {
                throw f.error(
                        "ues",
                        "is " + ues + " for " + servers.size() + " servers: N x M = " + (long) ues * servers.size()
                                + " links is over the limit of " + Instance.MAX_LINKS);
            }
            List<JsonNode> driftNodes =
                    f.has("drift") ? f.requireArray("drift", MAX_DRIFT_EVENTS) : f.optArray("drift");
            for (int k = 0; k < driftNodes.size(); k++) {
                drift.add(driftEvent(f.element("drift", k, driftNodes.get(k)), servers.size()));
            }
            f.rejectUnknown();
            return new Scenario(
                    name,
                    seed,
                    area,
                    ues,
                    servers,
                    mobility,
                    new Scenario.ChannelSpec(params, fading),
                    ue,
                    task,
                    drift);
        } catch (IllegalArgumentException e) {
            if (e instanceof InputException) throw e;
            throw new InputException(source, "", e.getMessage());
        }
    }

    private static Scenario.Uniform uniform(Fields u) {
        double mean = u.requirePositive("mean");
        double spread = u.optDouble("spread", 0.0);
        if (!(spread >= 0 && spread < 1)) throw u.error("spread", "must be in [0, 1), got " + spread);
        u.rejectUnknown();
        return new Scenario.Uniform(mean, spread);
    }

    private static double deadlineFactor(Fields d) {
        double factor = d.optDouble("factor", 1.2);
        if (!(factor >= 1))
            throw d.error("factor", "must be >= 1 so that all-local meets every deadline, got " + factor);
        return factor;
    }

    private static double deadlineFloor(Fields t) {
        Fields d = t.optObject("deadline");
        d.optDouble("factor", 1.2); // read again only to mark it known
        double floor = d.optDouble("floorS", 0.0);
        if (!(floor >= 0)) throw d.error("floorS", "must be >= 0, got " + floor);
        d.rejectUnknown();
        return floor;
    }

    private static DriftEvent driftEvent(Fields e, int servers) {
        int slot = e.requireInt("slot", 0, Integer.MAX_VALUE);
        String kind = e.requireString("kind");
        DriftEvent ev =
                switch (kind) {
                    case "server-capacity" ->
                        new DriftEvent.ServerCapacity(slot, server(e, servers), e.requirePositive("factor"));
                    case "server-down" -> new DriftEvent.ServerDown(slot, server(e, servers));
                    case "server-up" -> new DriftEvent.ServerUp(slot, server(e, servers));
                    case "ue-count" -> new DriftEvent.UeCount(slot, ueCount(e, servers));
                    case "task-profile" ->
                        new DriftEvent.TaskProfile(
                                slot, e.optPositive("bitsFactor", 1.0), e.optPositive("cyclesFactor", 1.0));
                    case "fading" ->
                        new DriftEvent.FadingSwitch(
                                slot, Scenario.Fading.parse(e.optChoice("fading", "rayleigh", "none", "rayleigh")));
                    default ->
                        throw e.error(
                                "kind",
                                "must be one of server-capacity, server-down, server-up, ue-count, task-profile, fading; got '"
                                        + kind + "'");
                };
        e.rejectUnknown();
        return ev;
    }

    private static int ueCount(Fields e, int servers) {
        int n = e.requireInt("count", 1, Instance.MAX_UES);
        if ((long) n * servers > Instance.MAX_LINKS) {
            throw e.error(
                    "count",
                    "is " + n + " for " + servers + " servers: N x M = " + (long) n * servers
                            + " links is over the limit of " + Instance.MAX_LINKS);
        }
        return n;
    }

    private static int server(Fields e, int servers) {
        return e.requireInt("server", 1, servers);
    }

    /** The scenario as a YAML tree, every default spelled out: what a run directory records. */
    public static ObjectNode toTree(Scenario s) {
        ObjectNode root = YAML.createObjectNode();
        root.put("name", s.name());
        root.put("seed", s.seed());
        root.putObject("area")
                .put("width", s.area().width())
                .put("height", s.area().height());
        root.put("ues", s.ues());
        ArrayNode servers = root.putArray("servers");
        for (Scenario.ServerSpec spec : s.servers()) {
            ObjectNode o = servers.addObject().put("cpuHz", spec.cpuHz());
            if (spec.position() != null)
                o.putObject("position")
                        .put("x", spec.position().x())
                        .put("y", spec.position().y());
            if (spec.perSlot()) o.put("placement", "per-slot");
            if (spec.line() != null)
                o.putObject("line")
                        .put("a", spec.line().a())
                        .put("b", spec.line().b())
                        .put("c", spec.line().c());
        }
        root.putObject("mobility")
                .put("maxSpeed", s.mobility().maxSpeed())
                .put("slot", s.mobility().slotS())
                .put("turnProbability", s.mobility().turnProbability());
        ChannelParams cp = s.channel().params();
        root.putObject("channel")
                .put("bandwidthHz", cp.bandwidthHz())
                .put("noiseW", cp.noiseW())
                .put("g0", cp.g0())
                .put("pathLossExponent", cp.pathLossExponent())
                .put("fading", s.channel().fading().id());
        root.putObject("ue")
                .put("localCpuHz", s.ue().localCpuHz())
                .put("localPowerW", s.ue().localPowerW())
                .put("transmitPowerW", s.ue().transmitPowerW());
        ObjectNode task = root.putObject("task");
        task.putObject("bits")
                .put("mean", s.task().bits().mean())
                .put("spread", s.task().bits().spread());
        task.putObject("cycles")
                .put("mean", s.task().cycles().mean())
                .put("spread", s.task().cycles().spread());
        task.putObject("deadline")
                .put("factor", s.task().deadlineFactor())
                .put("floorS", s.task().deadlineFloorS());
        ArrayNode drift = root.putArray("drift");
        for (DriftEvent e : s.drift()) {
            ObjectNode o = drift.addObject().put("slot", e.slot()).put("kind", e.kind());
            if (e instanceof DriftEvent.ServerCapacity c)
                o.put("server", c.server()).put("factor", c.factor());
            else if (e instanceof DriftEvent.ServerDown d) o.put("server", d.server());
            else if (e instanceof DriftEvent.ServerUp u) o.put("server", u.server());
            else if (e instanceof DriftEvent.UeCount u) o.put("count", u.count());
            else if (e instanceof DriftEvent.TaskProfile t)
                o.put("bitsFactor", t.bitsFactor()).put("cyclesFactor", t.cyclesFactor());
            else if (e instanceof DriftEvent.FadingSwitch fs)
                o.put("fading", fs.fading().id());
        }
        return root;
    }

    public static String toYaml(Scenario s) {
        try {
            return YAML.writeValueAsString(toTree(s));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
