package org.snaptune.metrics;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.snaptune.testing.Expect.refused;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.Test;

public class MetricsTest {

  private static final List<String> C3 = Arrays.asList("a", "b", "c");

  @Test
  public void accuracyPerClassConfusionAndTopK() {
    float[] p = {
        0.7f, 0.2f, 0.1f, // label a, predicted a
        0.1f, 0.3f, 0.6f, // label b, predicted c, b second
        0.2f, 0.5f, 0.3f, // label c, predicted b, c second
        0.1f, 0.8f, 0.1f, // label b, predicted b
    };
    Evaluation e = Evaluation.of(C3, p, new int[] {0, 1, 2, 1});
    assertEquals(0.5, e.accuracy(), 1e-12);
    assertArrayEquals(new double[] {1.0, 0.5, 0.0}, e.perClassAccuracy(), 1e-12);
    assertArrayEquals(new int[] {1, 0, 0}, e.confusionMatrix()[0]);
    assertArrayEquals(new int[] {0, 1, 1}, e.confusionMatrix()[1]);
    assertArrayEquals(new int[] {0, 1, 0}, e.confusionMatrix()[2]);
    assertEquals(0.5, e.topK(1), 1e-12);
    assertEquals(1.0, e.topK(2), 1e-12);
    assertEquals(1.0, e.topK(3), 1e-12);
    double loss = -(Math.log(0.7) + Math.log(0.3) + Math.log(0.3) + Math.log(0.8)) / 4;
    assertEquals(loss, e.loss(), 1e-6);
    assertTrue(e.confusionTable().contains("50.0%"));
  }

  @Test
  public void classWithoutRowsHasNaNAccuracyAndNaNScoresNeverWin() {
    Evaluation e = Evaluation.of(C3, new float[] {Float.NaN, 0.1f, 0.2f}, new int[] {0});
    assertEquals(0.0, e.accuracy(), 0);
    assertTrue(Double.isNaN(e.perClassAccuracy()[1]));
    assertEquals(0.0, e.topK(2), 0);
    assertTrue(Double.isNaN(e.loss()));
  }

  @Test
  public void rejectsBadShapes() {
    refused("probabilities", () -> Evaluation.of(C3, new float[5], new int[] {0, 1}));
    refused("outside", () -> Evaluation.of(C3, new float[3], new int[] {3}));
    refused("at least one", () -> Evaluation.of(C3, new float[0], new int[0]));
  }

  /** Independent double-precision objective, for checking the fit. */
  private static double objective(double[] w, float[] x, int[] y, int d, int c, double l2) {
    double loss = 0;
    for (int i = 0; i < y.length; i++) {
      double[] z = new double[c];
      for (int k = 0; k < c; k++) {
        z[k] = w[d * c + k];
        for (int j = 0; j < d; j++) {
          z[k] += x[i * d + j] * w[j * c + k];
        }
      }
      double max = Arrays.stream(z).max().getAsDouble();
      double sum = 0;
      for (double v : z) {
        sum += Math.exp(v - max);
      }
      loss -= z[y[i]] - max - Math.log(sum);
    }
    double reg = 0;
    for (int i = 0; i < d * c; i++) {
      reg += w[i] * w[i];
    }
    return loss / y.length + 0.5 * l2 * reg;
  }

  @Test
  public void lbfgsReachesAStationaryMinimum() {
    Random r = new Random(3);
    int n = 120;
    int d = 5;
    int c = 3;
    float[] x = new float[n * d];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % c;
      for (int j = 0; j < d; j++) {
        x[i * d + j] = (float) (r.nextGaussian() + (j == y[i] ? 3.0 : 0));
      }
    }
    double l2 = 0.01;
    LbfgsLogisticRegression fit = LbfgsLogisticRegression.fit(x, y, d, c, l2, 500, 1e-7);
    assertTrue(fit.toString(), fit.gradientNorm() < 1e-5);
    double[] w = new double[(d + 1) * c];
    float[] k = fit.kernel();
    float[] b = fit.bias();
    for (int i = 0; i < d * c; i++) {
      w[i] = k[i];
    }
    for (int i = 0; i < c; i++) {
      w[d * c + i] = b[i];
    }
    double f0 = objective(w, x, y, d, c, l2);
    assertEquals(fit.loss(), f0, 1e-5);
    double h = 1e-4;
    for (int i = 0; i < w.length; i++) {
      double[] wp = w.clone();
      wp[i] += h;
      double[] wm = w.clone();
      wm[i] -= h;
      double fp = objective(wp, x, y, d, c, l2);
      double fm = objective(wm, x, y, d, c, l2);
      assertEquals("finite-difference gradient " + i, 0.0, (fp - fm) / (2 * h), 2e-4);
      assertTrue(fp >= f0 - 1e-9 && fm >= f0 - 1e-9);
    }
    float[] probs = fit.predictProbabilities(x);
    double acc = Evaluation.of(C3, probs, y).accuracy();
    assertTrue("train accuracy " + acc, acc > 0.8);
  }

  @Test
  public void lbfgsRejectsBadInput() {
    refused("need N >= 1", () -> LbfgsLogisticRegression.fit(new float[0], new int[0], 2, 2, 0, 10, 1e-6));
    refused("label 2", () -> LbfgsLogisticRegression.fit(new float[2], new int[] {2}, 2, 2, 0, 10, 1e-6));
    refused("l2", () -> LbfgsLogisticRegression.fit(new float[2], new int[] {1}, 2, 2, -1, 10, 1e-6));
  }
}
