package org.snaptune.train;

import java.util.Map;

/**
 * {@link Clipping#byValue(double)}: every element becomes {@code min(max(g_i, -v), v)}.
 * Stateless; not thread-safe only in that it writes the gradients it is given.
 */
final class ValueClipper implements GradientClipper {

  private final double maxAbs;

  ValueClipper(double maxAbs) {
    this.maxAbs = maxAbs;
  }

  @Override
  public ClipResult clip(Map<String, float[]> gradients, Map<String, Double> norms,
      Map<String, float[]> weights, Map<String, int[]> shapes) {
    double before = Norms.combine(norms);
    if (Double.isNaN(before) || Double.isInfinite(before)) {
      return new ClipResult(before, before, maxAbs, false);
    }
    float v = (float) maxAbs;
    boolean clipped = false;
    double sum = 0;
    for (float[] t : gradients.values()) {
      for (int i = 0; i < t.length; i++) {
        if (t[i] > v) {
          t[i] = v;
          clipped = true;
        } else if (t[i] < -v) {
          t[i] = -v;
          clipped = true;
        }
        sum += (double) t[i] * t[i];
      }
    }
    return new ClipResult(before, Math.sqrt(sum), maxAbs, clipped);
  }

  @Override
  public boolean needsWeights() { return false; }
}
