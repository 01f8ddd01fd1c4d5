package org.lambo.aed.infer;

import org.lambo.mec.Decision;

/**
 * One decoding of one instance, step by step, with what training needs to replay it in one batched pass: the option and
 * pre-sigmoid share drawn at each step, and the features and masks the decoder saw. Arrays are owned by the trajectory
 * (not copied); treat them as read-only.
 *
 * @param options [N] chosen option per UE (0 local, j server j)
 * @param shareLogits [N] pre-sigmoid share drawn per UE (0 when local)
 * @param shareMeans [N] the share head's mean for the chosen option (0 when local)
 * @param logits [N][M+1] the masked option logits at each step
 * @param optionFeatures [N][M+1][FO] option tokens at each step
 * @param actionFeatures [N][FA] what was decided for each UE
 * @param masks [N][M+1] feasibility at each step
 * @param decision the decision with the shares as decoded (before any re-optimisation)
 */
public record Trajectory(
        int[] options,
        double[] shareLogits,
        double[] shareMeans,
        double[][] logits,
        float[][][] optionFeatures,
        float[][] actionFeatures,
        boolean[][] masks,
        Decision decision) {}
