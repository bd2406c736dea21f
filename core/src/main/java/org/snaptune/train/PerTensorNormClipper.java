package org.snaptune.train;

import java.util.Map;

/**
 * {@link Clipping#perTensorNorm(double)}, as Keras {@code clipnorm}: each tensor becomes
 * {@code g · c / max(‖g‖₂, c)}. Stateless; writes the gradients it is given.
 */
final class PerTensorNormClipper extends BoundClipper {

  PerTensorNormClipper(double maxNorm) {
    super(maxNorm);
  }

  @Override
  ClipResult clipFinite(Map<String, float[]> gradients, Map<String, Double> norms, double before,
      Map<String, float[]> weights, Map<String, int[]> shapes) {
    boolean clipped = false;
    double squares = 0;
    for (Map.Entry<String, float[]> e : gradients.entrySet()) {
      float[] t = e.getValue();
      double n = norms.get(e.getKey());
      if (n > bound) {
        float c = (float) (bound / n);
        for (int i = 0; i < t.length; i++) {
          t[i] *= c;
        }
        clipped = true;
        n = bound;
      }
      squares += n * n;
    }
    return new ClipResult(before, Math.sqrt(squares), bound, clipped);
  }
}
