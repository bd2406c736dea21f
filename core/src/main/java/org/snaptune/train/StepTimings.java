package org.snaptune.train;

import java.util.Locale;

/**
 * Where a trainer's step time goes, accumulated over a run (nanoseconds): the model's own
 * {@code gradients} + {@code apply} calls, the Java clipping and health work (non-finite counts,
 * norms, clipping, verdict, report), and the optional weight statistics ({@code get_weights} before
 * and after plus the update/weight ratio). Snapshots and listener callbacks are excluded.
 * Mutable, owned by one trainer; read it from the training thread or after the run.
 */
public final class StepTimings {

  long steps;
  long runtimeNanos;
  long clipHealthNanos;
  long weightStatsNanos;

  /** Steps timed. */
  public long steps() { return steps; }

  /** Total nanoseconds in the model's gradients and apply signatures. */
  public long runtimeNanos() { return runtimeNanos; }

  /** Total nanoseconds in Java clipping and health tracking. */
  public long clipHealthNanos() { return clipHealthNanos; }

  /** Total nanoseconds measuring the update/weight ratio. */
  public long weightStatsNanos() { return weightStatsNanos; }

  /** Clipping + health time as a fraction of the model's step time. */
  public double clipHealthFraction() {
    return runtimeNanos == 0 ? Double.NaN : (double) clipHealthNanos / runtimeNanos;
  }

  void reset() {
    steps = 0;
    runtimeNanos = 0;
    clipHealthNanos = 0;
    weightStatsNanos = 0;
  }

  @Override
  public String toString() {
    double n = Math.max(1, steps);
    return String.format(Locale.ROOT, "%d steps: model %.1f us/step, clip+health %.2f us/step"
        + " (%.2f%%), weight stats %.1f us/step", steps, runtimeNanos / n / 1e3,
        clipHealthNanos / n / 1e3, 100 * clipHealthFraction(), weightStatsNanos / n / 1e3);
  }
}
