package org.snaptune.train;

import java.util.Map;

/**
 * A clipper with a fixed bound from its {@link Clipping} (value, per-tensor norm, global norm,
 * AGC's λ). Every such mode must leave non-finite gradients alone and report the non-finite norm
 * with the bound (see {@link GradientClipper}); that guard lives here once, and subclasses clip
 * only finite gradients. Subclasses are stateless between calls; not thread-safe (they write the
 * gradients they are given).
 */
abstract class BoundClipper implements GradientClipper {

  /** The mode's bound, reported as {@link ClipResult#threshold()}. */
  final double bound;

  BoundClipper(double bound) {
    this.bound = bound;
  }

  @Override
  public final ClipResult clip(Map<String, float[]> gradients, Map<String, Double> norms,
      Map<String, float[]> weights, Map<String, int[]> shapes) {
    double before = Norms.combine(norms);
    if (Double.isNaN(before) || Double.isInfinite(before)) {
      return new ClipResult(before, before, bound, false);
    }
    return clipFinite(gradients, norms, before, weights, shapes);
  }

  /**
   * Clips gradients known to be finite.
   *
   * @param before ‖all gradients‖₂, from {@code norms}
   */
  abstract ClipResult clipFinite(Map<String, float[]> gradients, Map<String, Double> norms,
      double before, Map<String, float[]> weights, Map<String, int[]> shapes);

  @Override
  public boolean needsWeights() { return false; }
}
