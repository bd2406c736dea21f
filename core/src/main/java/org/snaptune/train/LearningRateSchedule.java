package org.snaptune.train;

import java.util.Locale;

/**
 * How the learning rate moves during a run. Immutable and thread-safe; the per-run state
 * (reduce-on-plateau's current factor) lives in the trainer and its checkpoints.
 * <ul>
 *   <li>{@link #constant()}: {@code lr = base}.</li>
 *   <li>{@link #cosine(double) cosine(minFraction)}: with t applied steps of T planned,
 *       {@code lr = base · (m + (1 − m) · (1 + cos(π · min(t, T) / T)) / 2)}, m = minFraction.</li>
 *   <li>{@link #reduceOnPlateau(double, int, double) reduceOnPlateau(factor, patience, minFraction)}:
 *       {@code lr = base · s}; s starts at 1 and becomes {@code max(s · factor, minFraction)} after
 *       {@code patience} epochs in a row without a new best validation loss.</li>
 * </ul>
 * The trainer multiplies the result by its non-finite back-off factor.
 */
public final class LearningRateSchedule {

  /** The schedule kinds. */
  public enum Kind { CONSTANT, COSINE, REDUCE_ON_PLATEAU }

  private final Kind kind;
  private final double factor;
  private final int patience;
  private final double minFraction;

  private LearningRateSchedule(Kind kind, double factor, int patience, double minFraction) {
    this.kind = kind;
    this.factor = factor;
    this.patience = patience;
    this.minFraction = minFraction;
  }

  public static LearningRateSchedule constant() {
    return new LearningRateSchedule(Kind.CONSTANT, 1, 0, 1);
  }

  /** @param minFraction final rate as a fraction of the base, in [0, 1] */
  public static LearningRateSchedule cosine(double minFraction) {
    if (!(minFraction >= 0 && minFraction <= 1)) {
      throw new IllegalArgumentException("cosine minFraction must be in [0, 1], got " + minFraction);
    }
    return new LearningRateSchedule(Kind.COSINE, 1, 0, minFraction);
  }

  /**
   * @param factor in (0, 1)
   * @param patience epochs without improvement before a reduction, at least 1
   * @param minFraction lowest rate as a fraction of the base, in [0, 1]
   */
  public static LearningRateSchedule reduceOnPlateau(double factor, int patience,
      double minFraction) {
    if (!(factor > 0 && factor < 1) || patience < 1 || !(minFraction >= 0 && minFraction <= 1)) {
      throw new IllegalArgumentException("reduce-on-plateau needs factor in (0, 1), patience >= 1"
          + " and minFraction in [0, 1], got " + factor + ", " + patience + ", " + minFraction);
    }
    return new LearningRateSchedule(Kind.REDUCE_ON_PLATEAU, factor, patience, minFraction);
  }

  public Kind kind() { return kind; }

  /** Plateau patience in epochs (0 for other kinds). */
  public int patience() { return patience; }

  /**
   * The rate before back-off.
   *
   * @param step applied steps so far
   * @param totalSteps planned steps (epochs × batches, or the step limit)
   * @param plateauScale reduce-on-plateau's current factor (1 for other kinds)
   */
  public double rate(double base, long step, long totalSteps, double plateauScale) {
    switch (kind) {
      case CONSTANT:
        return base;
      case COSINE:
        double t = totalSteps <= 0 ? 1 : Math.min(step, totalSteps) / (double) totalSteps;
        return base * (minFraction + (1 - minFraction) * 0.5 * (1 + Math.cos(Math.PI * t)));
      case REDUCE_ON_PLATEAU:
        return base * plateauScale;
      default:
        throw new IllegalStateException("unhandled schedule " + kind);
    }
  }

  /** The plateau factor after one more reduction. */
  public double reduce(double plateauScale) {
    return Math.max(plateauScale * factor, minFraction);
  }

  @Override
  public String toString() {
    switch (kind) {
      case CONSTANT:
        return "constant";
      case COSINE:
        return String.format(Locale.ROOT, "cosine(min %.3g)", minFraction);
      case REDUCE_ON_PLATEAU:
        return String.format(Locale.ROOT, "reduce-on-plateau(x%.2g after %d, min %.3g)", factor,
            patience, minFraction);
      default:
        return kind.name();
    }
  }
}
