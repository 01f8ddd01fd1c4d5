package org.lambo.aed.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.lambo.aed.features.Features;
import org.lambo.aed.infer.Trajectory;

/**
 * Trajectories of one instance size stacked into the tensors of the decoder's teacher-forced pass.
 *
 * @param optionFeatures [B, N, M+1, FO]
 * @param actionFeatures [B, N, FA]
 * @param mask [B, N, M+1], 1 where the option was feasible
 * @param chosen [B, N, M+1], one-hot of the option taken
 * @param shareLogits [B, N], the pre-sigmoid share drawn (0 when local)
 * @param offloaded [B, N], 1 where the UE offloaded (its share is an action too)
 */
public record TrajectoryTensors(
        NDArray optionFeatures,
        NDArray actionFeatures,
        NDArray mask,
        NDArray chosen,
        NDArray shareLogits,
        NDArray offloaded) {

    /** Stacks the trajectories; every one must have the same N and M. Arrays belong to {@code manager}. */
    public static TrajectoryTensors of(NDManager manager, List<Trajectory> batch) {
        int b = batch.size();
        int n = batch.get(0).options().length;
        int m1 = batch.get(0).masks()[0].length;
        float[] of = new float[b * n * m1 * Features.OPTION];
        float[] af = new float[b * n * Features.ACTION];
        float[] mask = new float[b * n * m1];
        float[] chosen = new float[b * n * m1];
        float[] y = new float[b * n];
        float[] off = new float[b * n];
        for (int k = 0; k < b; k++) {
            Trajectory tr = batch.get(k);
            if (tr.options().length != n || tr.masks()[0].length != m1) {
                throw new IllegalArgumentException("a batch needs trajectories of one size: N = " + n + ", M + 1 = "
                        + m1 + ", got " + tr.options().length + ", " + tr.masks()[0].length);
            }
            for (int t = 0; t < n; t++) {
                int row = k * n + t;
                for (int j = 0; j < m1; j++) {
                    System.arraycopy(
                            tr.optionFeatures()[t][j], 0, of, (row * m1 + j) * Features.OPTION, Features.OPTION);
                    mask[row * m1 + j] = tr.masks()[t][j] ? 1 : 0;
                }
                chosen[row * m1 + tr.options()[t]] = 1;
                System.arraycopy(tr.actionFeatures()[t], 0, af, row * Features.ACTION, Features.ACTION);
                y[row] = (float) tr.shareLogits()[t];
                off[row] = tr.options()[t] == 0 ? 0 : 1;
            }
        }
        return new TrajectoryTensors(
                manager.create(of, new Shape(b, n, m1, Features.OPTION)),
                manager.create(af, new Shape(b, n, Features.ACTION)),
                manager.create(mask, new Shape(b, n, m1)),
                manager.create(chosen, new Shape(b, n, m1)),
                manager.create(y, new Shape(b, n)),
                manager.create(off, new Shape(b, n)));
    }
}
