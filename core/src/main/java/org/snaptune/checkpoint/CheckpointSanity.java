package org.snaptune.checkpoint;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What a checkpoint must hold beyond a valid checksum before a trainer may resume from it: finite
 * weights and optimizer slots (NaN weights once resumed into a run that then reported COMPLETED),
 * counters that are whole numbers in [0, 2^31) (epoch -1 threw a NullPointerException, epoch -2e6
 * made a run that never ended) and finite positive learning-rate factors. A file failing these is
 * treated like a corrupt one, so {@link CheckpointStore} falls back to the previous file.
 * Stateless and thread-safe.
 */
final class CheckpointSanity {

  /** Trainer counters: whole numbers, never negative. */
  private static final List<String> COUNTERS = Arrays.asList("epoch", "batch_index", "steps",
      "applied_steps", "nonfinite_steps", "clipped_steps", "rollbacks",
      "epochs_without_improvement", "plateau_epochs");
  /** Multiplicative factors: finite and > 0. */
  private static final List<String> FACTORS = Arrays.asList("lr_backoff", "plateau_scale");

  private CheckpointSanity() {}

  static void check(Map<String, float[]> variables, Map<String, Double> state) {
    for (Map.Entry<String, float[]> e : variables.entrySet()) {
      float[] v = e.getValue();
      for (int i = 0; i < v.length; i++) {
        if (Float.isNaN(v[i]) || Float.isInfinite(v[i])) {
          throw new IllegalArgumentException("variable '" + e.getKey() + "' holds " + v[i]
              + " at index " + i + "; a checkpoint's weights must be finite");
        }
      }
    }
    for (Map.Entry<String, Double> e : state.entrySet()) {
      double d = e.getValue();
      if (COUNTERS.contains(e.getKey())
          && !(d >= 0 && d <= Integer.MAX_VALUE && d == Math.rint(d))) {
        throw new IllegalArgumentException("state '" + e.getKey() + "' is " + d
            + "; it must be a whole number in [0, " + Integer.MAX_VALUE + "]");
      }
      if (FACTORS.contains(e.getKey()) && !(d > 0 && !Double.isInfinite(d))) {
        throw new IllegalArgumentException("state '" + e.getKey() + "' is " + d
            + "; it must be finite and > 0");
      }
      if (e.getKey().equals("train_seconds") && !(d >= 0 && !Double.isInfinite(d))) {
        throw new IllegalArgumentException("state 'train_seconds' is " + d
            + "; it must be finite and >= 0");
      }
    }
  }
}
