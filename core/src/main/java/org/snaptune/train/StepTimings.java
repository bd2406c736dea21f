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

  private static final int SAMPLES = 4096;

  long steps;
  long runtimeNanos;
  long clipHealthNanos;
  long weightStatsNanos;
  private final long[] runtimeSamples = new long[SAMPLES];
  private final long[] clipHealthSamples = new long[SAMPLES];
  private long sampled;

  /** Records one applied step's model and clip+health time for the medians. */
  void sample(long runtime, long clipHealth) {
    int i = (int) (sampled % SAMPLES);
    runtimeSamples[i] = runtime;
    clipHealthSamples[i] = clipHealth;
    sampled++;
  }

  /**
   * Median model time of the last (up to 4096) timed steps: robust to the preemptions that
   * inflate means on a busy machine.
   */
  public double medianRuntimeNanos() { return median(runtimeSamples); }

  /** Median clip+health time of the same steps. */
  public double medianClipHealthNanos() { return median(clipHealthSamples); }

  private double median(long[] samples) {
    int n = (int) Math.min(sampled, SAMPLES);
    if (n == 0) {
      return Double.NaN;
    }
    long[] copy = java.util.Arrays.copyOf(samples, n);
    java.util.Arrays.sort(copy);
    return n % 2 == 1 ? copy[n / 2] : 0.5 * (copy[n / 2 - 1] + copy[n / 2]);
  }

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
    sampled = 0;
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
