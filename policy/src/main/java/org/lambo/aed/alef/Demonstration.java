package org.lambo.aed.alef;

import org.lambo.aed.features.Features;
import org.lambo.aed.infer.Trajectory;
import org.lambo.aed.model.AedDecoder;
import org.lambo.mec.Decision;
import org.lambo.mec.Instance;
import org.lambo.mec.Prompt;
import org.lambo.mec.SequentialState;

/**
 * An expert's decision of one slot under one prompt, replayed UE by UE in the decoder's order (UE 0 first) through
 * {@link SequentialState}, so that the decoder can be trained on it by teacher forcing: at step t the decoder sees
 * exactly the option tokens, feasibility mask and previous actions that the expert's own choices for UEs 0..t-1
 * produced.
 *
 * <p>Each offloaded UE reserves its minimum share or its expert share ({@link Reservation}). Because the expert's
 * shares meet every minimum share within each server's capacity, every expert option is feasible at its step either
 * way; a decision where round-off makes one infeasible is refused by {@link #replay} (the caller skips it).
 *
 * <p>The trajectory's fields, as the teacher sees them: {@code options} the expert's options, {@code shareLogits} the
 * share head's target for each offloaded UE (the pre-sigmoid value y with share = s_min + sigmoid(y) (s_left - s_min)
 * for the reserved share, its fraction of the free share clipped to [floor, 1 - floor], floor {@value #FRACTION_CLIP}
 * by default and {@value #WARM_START_FRACTION_FLOOR} in the warm start and ALEF), {@code logits} the log-probabilities
 * of a deterministic policy (0 at the expert's option, -1e9 elsewhere).
 *
 * @param instance the slot
 * @param prompt the objective the expert optimised
 * @param teacher the expert's decision replayed as a trajectory
 * @param expert the expert's decision as it returned it
 */
public record Demonstration(Instance instance, Prompt prompt, Trajectory teacher, Decision expert) {
    /** Fractions of the free share are clipped to [this, 1 - this] before the logit (0 and 1 have none). */
    public static final double FRACTION_CLIP = 0.01;

    /**
     * The floor of the share targets of {@link ImitationWarmStart}, {@link AlefLoop} and online ALEF's learner. A
     * minimum-share reservation cannot be a sigmoid's output, so its target is the floor, and the decoder trained on it
     * reserves min + floor (left - min) for every offloaded UE: with {@value #FRACTION_CLIP}, about 1 - 0.99^K of a
     * server hosting K UEs goes to slack (26 % at K = 30, N = 300 over 10 servers), servers fill before the expert's
     * assignment fits, and the decoder sends UEs local that the expert offloaded (general-s4 under min-energy at N =
     * 200 and 300, docs/AED.md). At this floor the slack is 0.3 % of a server at K = 30.
     */
    public static final double WARM_START_FRACTION_FLOOR = 1e-4;

    public Demonstration {
        if (instance == null || prompt == null || teacher == null || expert == null) {
            throw new IllegalArgumentException(
                    "a demonstration needs an instance, a prompt, a trajectory and a decision");
        }
    }

    /**
     * Replays an expert's decision, each offloaded UE reserving per {@code reservation}.
     *
     * @throws IllegalArgumentException when the decision does not fit the instance, or one of its options is infeasible
     *     at its step (round-off at a server's full capacity)
     */
    /**
     * What an offloaded UE reserves of its server while the expert's decision is replayed, and so what the share head
     * is taught to reserve.
     */
    public enum Reservation {
        /**
         * The UE's minimum share (the default): the expert's assignment with the least reserved, so the most room for
         * the UEs after it. Right for the policy as deployed, which re-optimises the final shares by water-filling: the
         * reservation then only decides which options stay feasible, and the minimum keeps every one the expert's
         * assignment needs.
         */
        MINIMUM,
        /**
         * The expert's own share: the states are those of the expert's decision as it stands. For experts that hand out
         * all spare capacity (water-filling), this teaches the share head to reserve whole servers early, and its own
         * decodings then leave later UEs without the options the expert gave them.
         */
        EXPERT;

        /** Parses {@code minimum} or {@code expert}, ignoring case. */
        public static Reservation parse(String text) {
            for (Reservation r : values()) if (r.name().equalsIgnoreCase(text == null ? "" : text.trim())) return r;
            throw new IllegalArgumentException("reservation must be minimum or expert, got '" + text + "'");
        }
    }

    /**
     * An expert's label as ALEF trains on it, offline ({@link AlefLoop}) and online ({@code lambo trial --online-alef})
     * alike: replayed with the options' {@link AlefOptions#reservation()} and the warm start's floor
     * {@value #WARM_START_FRACTION_FLOOR} (at {@value #FRACTION_CLIP} the labels would teach the share head to leave
     * servers part-empty at large N, AlefShareFloorTest).
     *
     * @throws IllegalArgumentException when the decision cannot be replayed on the slot
     */
    public static Demonstration alefLabel(Instance inst, Prompt prompt, Decision expert, AlefOptions opts) {
        return replay(inst, prompt, expert, opts.reservation(), WARM_START_FRACTION_FLOOR);
    }

    public static Demonstration replay(Instance inst, Prompt prompt, Decision expert, Reservation reservation) {
        return replay(inst, prompt, expert, reservation, FRACTION_CLIP);
    }

    /**
     * As {@link #replay(Instance, Prompt, Decision, Reservation)}, the share targets' fractions of the free share
     * clipped to [{@code fractionFloor}, 1 - {@code fractionFloor}].
     *
     * @param fractionFloor in (0, 0.5)
     */
    public static Demonstration replay(
            Instance inst, Prompt prompt, Decision expert, Reservation reservation, double fractionFloor) {
        if (!(fractionFloor > 0 && fractionFloor < 0.5))
            throw new IllegalArgumentException("fraction floor must be in (0, 0.5), got " + fractionFloor);
        int n = inst.n();
        int m = inst.m();
        if (expert.size() != n)
            throw new IllegalArgumentException(
                    "expert decision has " + expert.size() + " UEs, instance " + inst.id() + " has " + n);
        SequentialState state = new SequentialState(inst);
        int[] options = new int[n];
        double[] targets = new double[n];
        double[][] logits = new double[n][m + 1];
        float[][][] optionFeatures = new float[n][][];
        float[][] actionFeatures = new float[n][];
        boolean[][] masks = new boolean[n][];
        for (int t = 0; t < n; t++) {
            int x = expert.option(t);
            optionFeatures[t] = Features.optionFeatures(state, t); // [M+1][FO]
            masks[t] = state.mask(t); // [M+1]
            if (x < 0 || x > m || !masks[t][x]) {
                throw new IllegalArgumentException(
                        "expert option " + x + " of UE " + t + " is infeasible when replayed in order on " + inst.id());
            }
            double share = 0;
            if (x != Decision.LOCAL) {
                double min = state.minShare(t, x);
                double left = state.remaining(x);
                double want = reservation == Reservation.MINIMUM ? min : expert.share(t);
                double frac = left - min > 1e-12 ? (want - min) / (left - min) : 1;
                frac = Math.min(1 - fractionFloor, Math.max(fractionFloor, frac));
                targets[t] = Math.log(frac / (1 - frac));
                share = state.assign(t, x, want);
            } else {
                state.assign(t, Decision.LOCAL, 0);
            }
            for (int j = 0; j <= m; j++) logits[t][j] = j == x ? 0 : -AedDecoder.MASKED;
            options[t] = x;
            actionFeatures[t] = Features.actionFeatures(inst, t, x, share); // [FA]
        }
        Trajectory tr = new Trajectory(
                options, targets, targets.clone(), logits, optionFeatures, actionFeatures, masks, state.toDecision());
        return new Demonstration(inst, prompt, tr, expert);
    }
}
