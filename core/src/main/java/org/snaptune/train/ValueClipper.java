package org.snaptune.train;

import java.util.Map;

/**
 * {@link Clipping#byValue(double)}: every element becomes {@code min(max(g_i, -v), v)}.
 * Stateless; not thread-safe only in that it writes the gradients it is given.
 */
final class ValueClipper extends BoundClipper {

  ValueClipper(double maxAbs) {
    super(maxAbs);
  }

  @Override
  ClipResult clipFinite(Map<String, float[]> gradients, Map<String, Double> norms, double before,
      Map<String, float[]> weights, Map<String, int[]> shapes) {
    float v = (float) bound;
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
    return new ClipResult(before, Math.sqrt(sum), bound, clipped);
  }
}
