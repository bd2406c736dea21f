package org.snaptune.train;

import java.util.Map;

/**
 * {@link Clipping#perTensorNorm(double)}, as Keras {@code clipnorm}: each tensor becomes
 * {@code g · c / max(‖g‖₂, c)}. Stateless; writes the gradients it is given.
 */
final class PerTensorNormClipper implements GradientClipper {

  private final double maxNorm;

  PerTensorNormClipper(double maxNorm) {
    this.maxNorm = maxNorm;
  }

  @Override
  public ClipResult clip(Map<String, float[]> gradients, Map<String, Double> norms,
      Map<String, float[]> weights, Map<String, int[]> shapes) {
    double before = Norms.combine(norms);
    if (Double.isNaN(before) || Double.isInfinite(before)) {
      return new ClipResult(before, before, maxNorm, false);
    }
    boolean clipped = false;
    double squares = 0;
    for (Map.Entry<String, float[]> e : gradients.entrySet()) {
      float[] t = e.getValue();
      double n = norms.get(e.getKey());
      if (n > maxNorm) {
        float c = (float) (maxNorm / n);
        for (int i = 0; i < t.length; i++) {
          t[i] *= c;
        }
        clipped = true;
        n = maxNorm;
      }
      squares += n * n;
    }
    return new ClipResult(before, Math.sqrt(squares), maxNorm, clipped);
  }

  @Override
  public boolean needsWeights() { return false; }
}
