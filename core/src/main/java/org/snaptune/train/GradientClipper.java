package org.snaptune.train;

import java.util.Map;

/**
 * Clips one step's gradients in place. Created by {@link Clipping#newClipper()}; may keep state
 * across steps (AutoClip's history), so one clipper belongs to one training run. Not thread-safe.
 *
 * <p>When any gradient element is NaN or ±∞ the clipper leaves every gradient untouched and
 * reports the non-finite norm: such a step must be skipped, not scaled (scaling by a coefficient
 * computed from ∞ would turn every element into 0 or NaN).
 */
public interface GradientClipper {

  /**
   * @param gradients variable name → gradient, modified in place
   * @param weights variable name → current weights; read only when {@link #needsWeights()}
   * @param shapes variable name → tensor shape; read only when {@link #needsWeights()}
   */
  default ClipResult clip(Map<String, float[]> gradients, Map<String, float[]> weights,
      Map<String, int[]> shapes) {
    return clip(gradients, Norms.perTensor(gradients), weights, shapes);
  }

  /**
   * As {@link #clip(Map, Map, Map)} with the gradients' per-variable L2 norms already computed
   * (the trainer has them from its health pass), which saves a pass over every gradient.
   *
   * @param norms variable name → ‖gradient‖₂ of {@code gradients} as given (NaN/∞ if non-finite)
   */
  ClipResult clip(Map<String, float[]> gradients, Map<String, Double> norms,
      Map<String, float[]> weights, Map<String, int[]> shapes);

  /** Whether {@link #clip} needs the current weights (adaptive unit-wise clipping does). */
  boolean needsWeights();

  /** Forgets any history (AutoClip's norms), as after a rollback. Default: nothing to forget. */
  default void reset() {}

  /** The history a checkpoint keeps (AutoClip's norms, oldest first); null when none. */
  default double[] history() { return null; }

  /**
   * Continues from {@link #history()} of an earlier process; values that are not finite and
   * non-negative are skipped. Default: nothing to restore.
   */
  default void restoreHistory(double[] values) {}
}
