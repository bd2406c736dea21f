package org.snaptune.train;

import java.util.Map;
import org.snaptune.model.HeadContract;

/**
 * Adaptive gradient clipping, unit-wise, as in the NFNets paper (Brock et al. 2021; see
 * {@link Clipping#adaptive}). A unit of a 2-D kernel is one output unit: the slice along the
 * kernel's output axis. The output axis is the one whose length equals the length of the matching
 * bias ({@code kernel_i} ↔ {@code bias_i}); when that does not decide it (no bias, or a square
 * kernel) the last axis is taken, the Keras {@code [in, out]} layout. A tensor of rank 0 or 1 (a
 * bias vector) is one unit, as the paper's unitwise norm treats vectors. As in the paper, the
 * final classifier layer (the highest {@code kernel_i}/{@code bias_i}) is not clipped when there
 * are hidden layers; a linear head has only that layer, so it is clipped (see
 * {@link #scope(Map)}). Not thread-safe; stateless between calls.
 */
final class AdaptiveClipper extends BoundClipper {

  private final double eps;

  /** @param lambda the clipping factor λ, the mode's bound */
  AdaptiveClipper(double lambda, double eps) {
    super(lambda);
    this.eps = eps;
  }

  @Override
  ClipResult clipFinite(Map<String, float[]> gradients, Map<String, Double> norms, double before,
      Map<String, float[]> weights, Map<String, int[]> shapes) {
    int last = lastLayer(shapes, gradients);
    boolean exemptLast = hasHidden(gradients, last);
    int clipped = 0;
    int units = 0;
    for (Map.Entry<String, float[]> e : gradients.entrySet()) {
      String name = e.getKey();
      if (exemptLast && HeadContract.layerOf(name) == last) {
        continue;
      }
      float[] g = e.getValue();
      float[] w = weights.get(name);
      if (w == null || w.length != g.length) {
        throw new IllegalArgumentException("adaptive clipping needs the weights of '" + name
            + "' (" + g.length + " elements), got " + (w == null ? "none" : w.length + " elements"));
      }
      int[] shape = shapes.get(name);
      if (shape == null || shape.length < 2) {
        units++;
        clipped += clipUnits(g, w, 1, g.length);
      } else {
        int rows = 1;
        for (int k = 0; k < shape.length - 1; k++) {
          rows *= shape[k];
        }
        int cols = shape[shape.length - 1];
        if (outputAxisIsFirst(name, shape, shapes)) {
          // [out, in]: unit u is the contiguous row u.
          units += shape[0];
          clipped += clipUnits(g, w, shape[0], g.length / shape[0]);
        } else {
          // [in, out]: unit u is column u, elements u, u + cols, ...
          units += cols;
          clipped += clipColumns(g, w, rows, cols);
        }
      }
    }
    return new ClipResult(before, clipped > 0 ? Norms.global(gradients) : before, bound,
        clipped > 0, units == 0 ? 0 : (double) clipped / units);
  }

  /**
   * Which tensors AGC clips, in words: with hidden layers every layer but the final classifier;
   * with a linear head, that only layer, which the paper would leave unclipped.
   */
  static String scope(Map<String, int[]> shapes) {
    int last = lastLayer(shapes, shapes);
    if (hasHidden(shapes, last)) {
      return "AGC clips the hidden layers, not the final classifier layer kernel_" + last
          + "/bias_" + last + " (as in the NFNets paper)";
    }
    return "AGC clips the final classifier layer: a linear head has no other (the NFNets paper"
        + " leaves that layer unclipped)";
  }

  private static int lastLayer(Map<String, int[]> shapes, Map<String, ?> names) {
    int last = -1;
    for (String name : names.keySet()) {
      last = Math.max(last, HeadContract.layerOf(name));
    }
    return last;
  }

  private static boolean hasHidden(Map<String, ?> names, int last) {
    for (String name : names.keySet()) {
      int i = HeadContract.layerOf(name);
      if (i >= 0 && i < last) {
        return true;
      }
    }
    return false;
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

  /** Units as contiguous blocks of {@code unitSize} elements; returns how many were clipped. */
  private int clipUnits(float[] g, float[] w, int units, int unitSize) {
    int clipped = 0;
    for (int u = 0; u < units; u++) {
      int from = u * unitSize;
      double gn = 0;
      double wn = 0;
      for (int i = from; i < from + unitSize; i++) {
        gn += (double) g[i] * g[i];
        wn += (double) w[i] * w[i];
      }
      double max = bound * Math.max(Math.sqrt(wn), eps);
      gn = Math.sqrt(gn);
      if (gn > max) {
        float c = (float) (max / gn);
        for (int i = from; i < from + unitSize; i++) {
          g[i] *= c;
        }
        clipped++;
      }
    }
    return clipped;
  }

  /** Units as columns of a row-major rows × cols matrix; returns how many were clipped. */
  private int clipColumns(float[] g, float[] w, int rows, int cols) {
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
    int clipped = 0;
    for (int c = 0; c < cols; c++) {
      double max = bound * Math.max(Math.sqrt(wn[c]), eps);
      double n = Math.sqrt(gn[c]);
      coef[c] = 1f;
      if (n > max) {
        coef[c] = (float) (max / n);
        clipped++;
      }
    }
    if (clipped > 0) {
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
