package org.snaptune.metrics;

/**
 * Loss and gradient of L2-regularised multinomial logistic regression; parameters are a D×C kernel
 * followed by C biases. Not thread-safe (owns scratch arrays).
 */
final class Objective {

  private final float[] x;
  private final int[] y;
  private final int d;
  private final int c;
  private final double l2;
  private final double[] z;

  Objective(float[] x, int[] y, int d, int c, double l2) {
    this.x = x;
    this.y = y;
    this.d = d;
    this.c = c;
    this.l2 = l2;
    this.z = new double[c];
  }

  /** Returns the loss and writes its gradient into {@code grad}. */
  double eval(double[] w, double[] grad) {
    java.util.Arrays.fill(grad, 0);
    int n = y.length;
    double loss = 0;
    int biasAt = d * c;
    for (int i = 0; i < n; i++) {
      logits(w, x, i, d, c, z);
      softmaxInPlace(z);
      loss -= Math.log(z[y[i]]);
      for (int k = 0; k < c; k++) {
        z[k] -= k == y[i] ? 1 : 0;
      }
      int row = i * d;
      for (int j = 0; j < d; j++) {
        double xv = x[row + j];
        if (xv != 0) {
          int base = j * c;
          for (int k = 0; k < c; k++) {
            grad[base + k] += xv * z[k];
          }
        }
      }
      for (int k = 0; k < c; k++) {
        grad[biasAt + k] += z[k];
      }
    }
    double reg = 0;
    for (int i = 0; i < grad.length; i++) {
      grad[i] /= n;
      if (i < biasAt) {
        grad[i] += l2 * w[i];
        reg += w[i] * w[i];
      }
    }
    return loss / n + 0.5 * l2 * reg;
  }

  static void logits(double[] w, float[] x, int i, int d, int c, double[] out) {
    int biasAt = d * c;
    for (int k = 0; k < c; k++) {
      out[k] = w[biasAt + k];
    }
    int row = i * d;
    for (int j = 0; j < d; j++) {
      double xv = x[row + j];
      if (xv != 0) {
        int base = j * c;
        for (int k = 0; k < c; k++) {
          out[k] += xv * w[base + k];
        }
      }
    }
  }

  static void softmaxInPlace(double[] z) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : z) {
      max = Math.max(max, v);
    }
    double sum = 0;
    for (int k = 0; k < z.length; k++) {
      z[k] = Math.exp(z[k] - max);
      sum += z[k];
    }
    for (int k = 0; k < z.length; k++) {
      z[k] /= sum;
    }
  }
}
