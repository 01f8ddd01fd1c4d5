package org.lambo.are;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.lambo.mec.Decision;
import org.lambo.mec.Instance;

/**
 * ARE's dynamic database: the labelled UE rows of the last {@code capacity} slots, first in first out by whole slots
 * (the ARE code shifts its memory by one slot's {@code UEn} rows and appends the new slot). It starts as the
 * pre-training set; an admitted slot pushes the oldest out once it is full. Mutable; not thread-safe.
 */
public final class SlotMemory {
    /** One slot's labelled rows. */
    public record Slot(String instance, float[][] rows, int[] options, float[] shares) {}

    private final int capacity;
    private final Deque<Slot> slots = new ArrayDeque<>();

    public SlotMemory(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("memory capacity must be >= 1 slot, got " + capacity);
        this.capacity = capacity;
    }

    /** The slot's features with an expert's decision as its labels (the option, and the share of the server). */
    public static Slot label(Instance inst, Decision expert) {
        if (expert.size() != inst.n())
            throw new IllegalArgumentException("decision covers " + expert.size() + " UEs, instance has " + inst.n());
        float[] shares = new float[inst.n()];
        for (int i = 0; i < shares.length; i++) shares[i] = (float) expert.share(i);
        return new Slot(inst.id(), AreFeatures.encode(inst), expert.options(), shares);
    }

    /** Appends a slot; returns the slot pushed out, or null while there is room. */
    public Slot add(Slot s) {
        slots.addLast(s);
        return slots.size() > capacity ? slots.removeFirst() : null;
    }

    public int size() {
        return slots.size();
    }

    public int capacity() {
        return capacity;
    }

    /** The ids of the slots held, oldest first. */
    public List<String> instances() {
        return slots.stream().map(Slot::instance).toList();
    }

    /** Every row held, as one full batch. */
    public AreNetwork.Batch batch() {
        if (slots.isEmpty()) throw new IllegalStateException("the memory is empty");
        List<float[]> rows = new ArrayList<>();
        List<Integer> options = new ArrayList<>();
        List<Float> shares = new ArrayList<>();
        for (Slot s : slots) {
            for (int i = 0; i < s.rows().length; i++) {
                rows.add(s.rows()[i]);
                options.add(s.options()[i]);
                shares.add(s.shares()[i]);
            }
        }
        int[] o = new int[options.size()];
        float[] sh = new float[shares.size()];
        for (int k = 0; k < o.length; k++) {
            o[k] = options.get(k);
            sh[k] = shares.get(k);
        }
        return new AreNetwork.Batch(rows.toArray(float[][]::new), o, sh);
    }
}
