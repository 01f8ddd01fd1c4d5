package org.lambo.are;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.lambo.io.InputException;
import org.lambo.policy.PolicySettings;

/**
 * The hyper-parameters of ARE's DNN, with the ARE code's values as defaults ({@code DNNopt2.m}: hidden layers 64 and 32
 * with sigmoid activations, learning rate 1.5, momentum 0.5 from DeepLearnToolbox's {@code nnsetup}, 200 pre-training
 * epochs, 10 epochs per incremental update, entropy threshold 0.7 bits). Immutable. A value refused names its component
 * first ({@code momentum must be in [0, 1), got 1.0}), so that {@code are-train} can name the flag.
 *
 * @param hidden hidden sigmoid layer widths, each &gt;= 1
 * @param learningRate gradient step, &gt; 0
 * @param momentum momentum in [0, 1)
 * @param entropyThreshold a slot joins the memory when the mean entropy (bits) of its UEs' option distributions exceeds
 *     this, &gt;= 0
 * @param pretrainEpochs full-batch epochs of the pre-training stage, &gt;= 1
 * @param incrementalEpochs full-batch epochs on the memory after each admitted slot, &gt;= 1
 */
public record AreSettings(
        int[] hidden,
        double learningRate,
        double momentum,
        double entropyThreshold,
        int pretrainEpochs,
        int incrementalEpochs) {
    /** Option keys of the policy ({@code --option}). */
    public static final String CHECKPOINT = "are.checkpoint";

    public static final String HIDDEN = "are.hidden";
    /** Every option key the policy reads. */
    public static final List<String> KNOWN = List.of(CHECKPOINT, HIDDEN);

    /** The ARE code's values ({@link #defaults()}), each the one default of the setting, {@code are-train}'s too. */
    public static final String DEFAULT_HIDDEN = "64,32";

    public static final double DEFAULT_LEARNING_RATE = 1.5;
    public static final double DEFAULT_MOMENTUM = 0.5;
    public static final double DEFAULT_ENTROPY_THRESHOLD = 0.7;
    public static final int DEFAULT_PRETRAIN_EPOCHS = 200;
    public static final int DEFAULT_INCREMENTAL_EPOCHS = 10;

    public AreSettings {
        if (hidden == null || hidden.length == 0)
            throw new IllegalArgumentException("hidden must name at least one layer width");
        hidden = hidden.clone();
        for (int h : hidden)
            if (h < 1)
                throw new IllegalArgumentException("hidden widths must each be >= 1, got " + Arrays.toString(hidden));
        if (!(learningRate > 0 && learningRate <= 100))
            throw new IllegalArgumentException("learningRate must be in (0, 100], got " + learningRate);
        if (!(momentum >= 0 && momentum < 1))
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        if (!(entropyThreshold >= 0) || Double.isInfinite(entropyThreshold)) {
            throw new IllegalArgumentException(
                    "entropyThreshold must be a finite number >= 0 (bits), got " + entropyThreshold);
        }
        if (pretrainEpochs < 1)
            throw new IllegalArgumentException("pretrainEpochs must be >= 1, got " + pretrainEpochs);
        if (incrementalEpochs < 1)
            throw new IllegalArgumentException("incrementalEpochs must be >= 1, got " + incrementalEpochs);
    }

    /** The ARE code's values. */
    public static AreSettings defaults() {
        return new AreSettings(
                parseHidden("hidden", DEFAULT_HIDDEN),
                DEFAULT_LEARNING_RATE,
                DEFAULT_MOMENTUM,
                DEFAULT_ENTROPY_THRESHOLD,
                DEFAULT_PRETRAIN_EPOCHS,
                DEFAULT_INCREMENTAL_EPOCHS);
    }

    @Override
    public int[] hidden() {
        return hidden.clone();
    }

    public AreSettings withHidden(int[] widths) {
        return new AreSettings(widths, learningRate, momentum, entropyThreshold, pretrainEpochs, incrementalEpochs);
    }

    /**
     * The policy's {@code are.hidden} (the widths of an untrained network); an unknown {@code are.} key is an error, so
     * a typo never falls back to a default silently.
     */
    public static AreSettings fromOptions(PolicySettings s) {
        for (String key : s.options().keySet()) {
            if (key.startsWith("are.") && !KNOWN.contains(key)) {
                throw new InputException(
                        "option", key, "is not an ARE option (known: " + String.join(", ", KNOWN) + ")");
            }
        }
        String hidden = s.options().get(HIDDEN);
        return hidden == null ? defaults() : defaults().withHidden(parseHidden(HIDDEN, hidden));
    }

    /** Comma-separated widths, each in [1, 16384]. */
    public static int[] parseHidden(String field, String text) {
        String[] parts = text.split("[,x ]+");
        int[] out = new int[parts.length];
        for (int k = 0; k < parts.length; k++) {
            try {
                out[k] = Integer.parseInt(parts[k].trim());
            } catch (NumberFormatException e) {
                throw new InputException(field, text, "must be comma-separated layer widths such as 64,32");
            }
            if (out[k] < 1 || out[k] > 1 << 14) throw new InputException(field, text, "widths must be in [1, 16384]");
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AreSettings a
                && Arrays.equals(hidden, a.hidden)
                && learningRate == a.learningRate
                && momentum == a.momentum
                && entropyThreshold == a.entropyThreshold
                && pretrainEpochs == a.pretrainEpochs
                && incrementalEpochs == a.incrementalEpochs;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(hidden) * 31
                + Objects.hash(learningRate, momentum, entropyThreshold, pretrainEpochs, incrementalEpochs);
    }

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "AreSettings[hidden=%s, lr=%g, momentum=%g, entropy=%g bits, epochs=%d, incremental=%d]",
                Arrays.toString(hidden),
                learningRate,
                momentum,
                entropyThreshold,
                pretrainEpochs,
                incrementalEpochs);
    }
}
