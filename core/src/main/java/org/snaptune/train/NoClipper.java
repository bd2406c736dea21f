package org.snaptune.train;

import java.util.Map;

/**
 * {@link Clipping#off()}: gradients pass unchanged; the global norm is still reported. Stateless
 * and thread-safe.
 */
final class NoClipper implements GradientClipper {

  @Override
  public ClipResult clip(Map<String, float[]> gradients, Map<String, Double> norms,
      Map<String, float[]> weights, Map<String, int[]> shapes) {
    double norm = Norms.combine(norms);
    return new ClipResult(norm, norm, Double.NaN, false);
  }

  @Override
  public boolean needsWeights() { return false; }
}
