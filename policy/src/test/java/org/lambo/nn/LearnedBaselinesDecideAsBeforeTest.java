package org.lambo.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lambo.mec.Decision;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.policy.OffloadingPolicy;
import org.lambo.policy.Policies;
import org.lambo.policy.PolicySettings;
import org.lambo.scenario.ScenarioLoader;
import org.lambo.scenario.World;

/**
 * The shipped ARE and DROO networks (checkpoints/are-paper, checkpoints/droo-paper) and the untrained ones a seed draws
 * make the decisions recorded in {@code golden/learned-baselines.txt} on fixed slots of {@code paper}, to the bit: the
 * file was written before ARE and DROO moved onto the shared {@link Mlp}, so the checkpoints on disk stay readable and
 * decide as they did. {@code -Dlambo.golden.write=DIR} writes the file anew (only after a change that is meant to
 * change decisions).
 */
class LearnedBaselinesDecideAsBeforeTest {
    private static final String RESOURCE = "/golden/learned-baselines.txt";

    /** The cases: a policy with its options, by a label. */
    private static final Map<String, PolicySettings> CASES = new java.util.LinkedHashMap<>();

    static {
        CASES.put("are built-in", PolicySettings.ofSeed(5));
        CASES.put("are fresh", new PolicySettings(5, Map.of("are.checkpoint", "none")));
        CASES.put("droo built-in", new PolicySettings(5, Map.of("droo.learn", "false")));
        CASES.put("droo fresh", new PolicySettings(5, Map.of("droo.checkpoint", "none", "droo.learn", "false")));
    }

    private static List<String> decisions() {
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, PolicySettings> c : CASES.entrySet()) {
            String name = c.getKey().substring(0, c.getKey().indexOf(' '));
            for (Prompt prompt : List.of(Prompt.MIN_LATENCY, Prompt.MIN_ENERGY)) {
                try (OffloadingPolicy p = Policies.create(name, c.getValue())) {
                    World w = new World(ScenarioLoader.load("paper"), 2024);
                    for (int k = 0; k < 4; k++) {
                        Instance inst = w.next();
                        Decision d = p.decide(inst, prompt);
                        StringBuilder line = new StringBuilder(c.getKey() + "|" + prompt.id() + "|" + k + "|");
                        for (int i = 0; i < d.size(); i++) {
                            line.append(d.option(i))
                                    .append(':')
                                    .append(Long.toHexString(Double.doubleToLongBits(d.share(i))))
                                    .append(' ');
                        }
                        lines.add(line.toString().strip());
                    }
                }
            }
        }
        return lines;
    }

    @Test
    void shippedAndSeededNetworksDecideAsTheyDidBeforeTheSharedMlp() throws IOException {
        List<String> now = decisions();
        String write = System.getProperty("lambo.golden.write");
        if (write != null) {
            Path file = Path.of(write).resolve("golden/learned-baselines.txt");
            Files.createDirectories(file.getParent());
            Files.write(file, now, StandardCharsets.UTF_8);
        }
        List<String> recorded;
        try (InputStream in = getClass().getResourceAsStream(RESOURCE)) {
            assertThat(in).as(RESOURCE + " on the test class path").isNotNull();
            recorded = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .toList();
        }
        assertThat(now).hasSize(CASES.size() * 2 * 4);
        // the four cases differ from each other, or the comparison would prove little
        assertThat(now.stream().map(l -> l.substring(l.indexOf('|'))).distinct().count())
                .isGreaterThan(now.size() / 2);
        assertThat(now).containsExactlyElementsOf(recorded);
    }
}
