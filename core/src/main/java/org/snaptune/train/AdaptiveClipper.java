package org.snaptune.train;

import java.util.Map;

/**
 * Adaptive gradient clipping, unit-wise (see {@link Clipping#adaptive}). A unit of a 2-D kernel is
 * one output unit: the slice along the kernel's output axis. The output axis is the one whose
 * length equals the length of the matching bias ({@code kernel_i} ↔ {@code bias_i}); when that
 * does not decide it (no bias, or a square kernel) the last axis is taken, the Keras
 * {@code [in, out]} layout. Tensors of rank 0 or 1 (biases) are clipped element by element. Not
 * thread-safe; stateless between calls.
 */
final class AdaptiveClipper implements GradientClipper {

  private final double lambda;
  private final double eps;

  AdaptiveClipper(double lambda, double eps) {
    this.lambda = lambda;
    this.eps = eps;
  }

  @Override
  public ClipResult clip(Map<String, float[]> gradients, Map<String, Double> norms,
      Map<String, float[]> weights, Map<String, int[]> shapes) {
    double before = Norms.combine(norms);
    if (Double.isNaN(before) || Double.isInfinite(before)) {
      return new ClipResult(before, before, lambda, false);
    }
    boolean clipped = false;
    for (Map.Entry<String, float[]> e : gradients.entrySet()) {
      String name = e.getKey();
      float[] g = e.getValue();
      float[] w = weights.get(name);
      if (w == null || w.length != g.length) {
        throw new IllegalArgumentException("adaptive clipping needs the weights of '" + name
            + "' (" + g.length + " elements), got " + (w == null ? "none" : w.length + " elements"));
      }
      int[] shape = shapes.get(name);
      if (shape == null || shape.length < 2) {
        clipped |= clipUnits(g, w, g.length, 1);
      } else {
        int rows = 1;
        for (int k = 0; k < shape.length - 1; k++) {
          rows *= shape[k];
        }
        int cols = shape[shape.length - 1];
        if (outputAxisIsFirst(name, shape, shapes)) {
          // [out, in]: unit u is the contiguous row u.
          clipped |= clipUnits(g, w, shape[0], g.length / shape[0]);
        } else {
          // [in, out]: unit u is column u, elements u, u + cols, ...
          clipped |= clipColumns(g, w, rows, cols);
        }
      }
    }
    return new ClipResult(before, clipped ? Norms.global(gradients) : before, lambda, clipped);
  }

  private static boolean outputAxisIsFirst(String name, int[] shape, Map<String, int[]> shapes) {
    if (shape.length != 2 || shape[0] == shape[1]) {
      return false;
    }
    int[] bias = shapes.get(name.replace("kernel", "bias"));
    if (bias == null || bias.length != 1 || name.indexOf("kernel") < 0) {
      return false;
    }
    return bias[0] == shape[0];
  }

  /** Units as contiguous blocks of {@code unitSize} elements. */
  private boolean clipUnits(float[] g, float[] w, int units, int unitSize) {
    boolean clipped = false;
    for (int u = 0; u < units; u++) {
      int from = u * unitSize;
      double gn = 0;
      double wn = 0;
      for (int i = from; i < from + unitSize; i++) {
        gn += (double) g[i] * g[i];
        wn += (double) w[i] * w[i];
      }
      double max = lambda * Math.max(Math.sqrt(wn), eps);
      gn = Math.sqrt(gn);
      if (gn > max) {
        float c = (float) (max / gn);
        for (int i = from; i < from + unitSize; i++) {
          g[i] *= c;
        }
        clipped = true;
      }
    }
    return clipped;
  }

  /** Units as columns of a row-major rows × cols matrix. */
  private boolean clipColumns(float[] g, float[] w, int rows, int cols) {
    double[] gn = new double[cols];
    double[] wn = new double[cols];
    for (int r = 0; r < rows; r++) {
      int base = r * cols;
      for (int c = 0; c < cols; c++) {
        float gv = g[base + c];
        float wv = w[base + c];
        gn[c] += (double) gv * gv;
        wn[c] += (double) wv * wv;
      }
    }
    float[] coef = new float[cols];
    boolean clipped = false;
    for (int c = 0; c < cols; c++) {
      double max = lambda * Math.max(Math.sqrt(wn[c]), eps);
      double n = Math.sqrt(gn[c]);
      coef[c] = 1f;
      if (n > max) {
        coef[c] = (float) (max / n);
        clipped = true;
      }
    }
    if (clipped) {
      for (int r = 0; r < rows; r++) {
        int base = r * cols;
        for (int c = 0; c < cols; c++) {
          g[base + c] *= coef[c];
        }
      }
    }
    return clipped;
  }

  @Override
  public boolean needsWeights() { return true; }
}
