package org.lambo.aed.infer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Several rows at a time give every output the bits of one row at a time, whatever the shape. */
class DenseWeightsTest {
    @ParameterizedTest
    @CsvSource({"1,1", "3,5", "4,4", "7,9", "12,128", "128,128", "128,256", "256,128", "130,6", "6,1", "129,3"})
    void blockedRowsHaveTheBitsOfOneRowAtATime(int in, int out) {
        Random r = new Random(31L * in + out);
        double[] w = new double[in * out];
        double[] b = new double[out];
        double[] x = new double[in + 2]; // longer inputs are read up to in only
        for (int k = 0; k < w.length; k++) w[k] = r.nextGaussian() * Math.pow(10, r.nextInt(7) - 3);
        for (int k = 0; k < out; k++) b[k] = r.nextGaussian();
        for (int k = 0; k < x.length; k++) x[k] = r.nextGaussian() * Math.pow(10, r.nextInt(7) - 3);
        DenseWeights dense = new DenseWeights(w, b, in, out);
        double[] y = dense.apply(x);
        for (int o = 0; o < out; o++) {
            double one = b[o] + DenseWeights.dot(w, o * in, x, in);
            assertThat(Double.doubleToRawLongBits(y[o]))
                    .as("row %d of %d x %d", o, out, in)
                    .isEqualTo(Double.doubleToRawLongBits(one));
        }
    }

    @ParameterizedTest
    @CsvSource({"8,4"})
    void aShortInputIsRefusedNamingBothWidths(int in, int out) {
        DenseWeights dense = new DenseWeights(new double[in * out], new double[out], in, out);
        assertThatThrownBy(() -> dense.apply(new double[in - 1]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("7")
                .hasMessageContaining("8");
    }
}
