package org.lambo.aed.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.lambo.aed.AedModel;
import org.lambo.aed.infer.FastDecoder;
import org.lambo.aed.infer.Trajectory;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.rng.Seeds;
import org.lambo.scenario.FamilyLoader;
import org.lambo.scenario.ScenarioSource;

/**
 * How much the share head reserves under greedy decoding: the mean of sigmoid(mu) over the offloaded UEs (the fraction
 * of the free share above the minimum that a UE takes while decoding), and the UEs offloaded per slot. ACRL with the
 * share term drives the first up and the second down (docs/AED.md, "ACRL after warm start"). Run as {@code java -cp ...
 * org.lambo.aed.train.ShareReservation SCENARIO SEED SLOTS CHECKPOINT...}: the slots are the first of worlds seeded as
 * the trainer's validation set of {@code --seed SEED}.
 */
public final class ShareReservation {
    private ShareReservation() {}

    /** Mean reserved fraction and offloaded UEs per slot. */
    public record Reservation(double fraction, double offloadedPerSlot) {}

    public static Reservation measure(AedModel model, List<Instance> slots, Prompt prompt) {
        FastDecoder dec = model.fastDecoder();
        double sum = 0;
        int offloaded = 0;
        for (Instance inst : slots) {
            float[][] h = model.encode(List.of(inst), List.of(prompt))[0];
            Trajectory t = dec.decode(inst, prompt, dec.prepare(h), FastDecoder.Mode.GREEDY, null);
            for (int i = 0; i < t.options().length; i++) {
                if (t.options()[i] == 0) continue;
                sum += 1 / (1 + Math.exp(-t.shareMeans()[i]));
                offloaded++;
            }
        }
        return new Reservation(offloaded == 0 ? 0 : sum / offloaded, offloaded / (double) slots.size());
    }

    /**
     * The trainer's validation slots of {@code seed}: the first slot of the worlds seeded {@code validation}
     * 0..count-1.
     */
    public static List<Instance> validationSlots(ScenarioSource source, long seed, int count) {
        List<Instance> out = new ArrayList<>();
        for (int k = 0; k < count; k++) out.add(source.firstSlot(Seeds.derive(seed, "validation", k)));
        return out;
    }

    public static void main(String[] args) {
        if (args.length < 4) {
            System.err.println("usage: ShareReservation SCENARIO SEED SLOTS CHECKPOINT...");
            System.exit(2);
        }
        List<Instance> slots =
                validationSlots(FamilyLoader.load(args[0]), Long.parseLong(args[1]), Integer.parseInt(args[2]));
        for (int k = 3; k < args.length; k++) {
            try (AedModel m = AedModel.load(Path.of(args[k]))) {
                StringBuilder line = new StringBuilder(args[k]);
                for (Prompt p : Prompt.values()) {
                    Reservation r = measure(m, slots, p);
                    line.append(String.format(
                            Locale.ROOT,
                            "  %s: reserves %.1f %% of the slack, %.2f offloaded per slot",
                            p.id(),
                            100 * r.fraction(),
                            r.offloadedPerSlot()));
                }
                System.out.println(line);
            }
        }
    }
}
