package org.snaptune.train;

import java.util.Map;

/**
 * {@link Clipping#globalNorm(double)}, as PyTorch {@code clip_grad_norm_}: with
 * {@code total = ‖G‖₂}, every tensor is scaled by {@code min(1, c / (total + 1e-6))} when
 * {@code total > c}. Stateless; writes the gradients it is given.
 */
final class GlobalNormClipper extends BoundClipper {

  private static final double EPS = 1e-6;

  GlobalNormClipper(double maxNorm) {
    super(maxNorm);
  }

  @Override
  ClipResult clipFinite(Map<String, float[]> gradients, Map<String, Double> norms, double before,
      Map<String, float[]> weights, Map<String, int[]> shapes) {
    return scaleTo(gradients, before, bound);
  }

  /**
   * Scales {@code gradients} (global norm {@code total}) to at most {@code max}; shared with
   * AutoClip, which clips the same way to a threshold it learns.
   */
  static ClipResult scaleTo(Map<String, float[]> gradients, double total, double max) {
    double coef = coefficient(total, max);
    if (coef < 1.0) {
      Norms.scale(gradients, coef);
      return new ClipResult(total, total * coef, max, true);
    }
    return new ClipResult(total, total, max, false);
  }

  /**
   * Coefficient of PyTorch's clip_grad_norm_; exactly 1 unless {@code total > max}, so a norm at
   * the threshold is not reported as clipped for a 1e-6 relative change.
   */
  static double coefficient(double total, double max) {
    return total > max ? Math.min(1.0, max / (total + EPS)) : 1.0;
  }
}
