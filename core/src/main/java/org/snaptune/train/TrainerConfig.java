package org.snaptune.train;

import org.snaptune.health.HealthThresholds;

/**
 * Settings of one training run. Immutable and thread-safe; build with {@link #builder()}:
 * {@code setLearningRate} and {@code setEpochs} are required, every {@code opt…} has the default
 * stated on it, and {@link Builder#build()} validates everything.
 */
public final class TrainerConfig {

  private final double learningRate;
  private final int epochs;
  private final long maxSteps;
  private final Clipping clipping;
  private final LearningRateSchedule schedule;
  private final int earlyStoppingPatience;
  private final double earlyStoppingMinDelta;
  private final boolean restoreBestWeights;
  private final boolean classBalanced;
  private final double validationFraction;
  private final long seed;
  private final HealthThresholds health;
  private final double backoffFactor;
  private final double minBackoff;
  private final int rollbackAfter;
  private final int maxRollbacks;
  private final int snapshotEvery;
  private final int weightStatsEvery;
  private final boolean finiteRecovery;
  private final int growthInterval;
  private final double growthFactor;

  private TrainerConfig(Builder b) {
    finiteRecovery = b.finiteRecovery;
    growthInterval = b.growthInterval;
    growthFactor = b.growthFactor;
    learningRate = b.learningRate;
    epochs = b.epochs;
    maxSteps = b.maxSteps;
    clipping = b.clipping;
    schedule = b.schedule;
    earlyStoppingPatience = b.earlyStoppingPatience;
    earlyStoppingMinDelta = b.earlyStoppingMinDelta;
    restoreBestWeights = b.restoreBestWeights;
    classBalanced = b.classBalanced;
    validationFraction = b.validationFraction;
    seed = b.seed;
    health = b.health;
    backoffFactor = b.backoffFactor;
    minBackoff = b.minBackoff;
    rollbackAfter = b.rollbackAfter;
    maxRollbacks = b.maxRollbacks;
    snapshotEvery = b.snapshotEvery;
    weightStatsEvery = b.weightStatsEvery;
  }

  public static Builder builder() {
    return new Builder();
  }

  public double learningRate() { return learningRate; }
  public int epochs() { return epochs; }
  /** Step-attempt limit; {@code Long.MAX_VALUE} when unlimited. */
  public long maxSteps() { return maxSteps; }
  public Clipping clipping() { return clipping; }
  public LearningRateSchedule schedule() { return schedule; }
  /** Epochs without validation improvement before stopping; 0 = early stopping off. */
  public int earlyStoppingPatience() { return earlyStoppingPatience; }
  public double earlyStoppingMinDelta() { return earlyStoppingMinDelta; }
  public boolean restoreBestWeights() { return restoreBestWeights; }
  public boolean classBalanced() { return classBalanced; }
  public double validationFraction() { return validationFraction; }
  public long seed() { return seed; }
  public HealthThresholds health() { return health; }
  public double backoffFactor() { return backoffFactor; }
  public double minBackoff() { return minBackoff; }
  public int rollbackAfter() { return rollbackAfter; }
  public int maxRollbacks() { return maxRollbacks; }
  public int snapshotEvery() { return snapshotEvery; }
  public int weightStatsEvery() { return weightStatsEvery; }
  /** Whether EXPLODING, COLLAPSED and finite DIVERGED verdicts back off and roll back. */
  public boolean finiteRecovery() { return finiteRecovery; }
  /** Clean applied steps after which a backed-off learning rate grows back. */
  public int growthInterval() { return growthInterval; }
  /** Factor of that growth, up to the configured rate. */
  public double growthFactor() { return growthFactor; }

  @Override
  public String toString() {
    return "TrainerConfig{lr=" + learningRate + ", epochs=" + epochs
        + (maxSteps == Long.MAX_VALUE ? "" : ", maxSteps=" + maxSteps) + ", clip=" + clipping
        + ", schedule=" + schedule + ", earlyStopping=" + earlyStoppingPatience + ", seed=" + seed
        + (finiteRecovery ? "" : ", finiteRecovery=off") + "}";
  }

  /** Builder: setX required, optX optional. Not thread-safe. */
  public static final class Builder {
    private double learningRate = Double.NaN;
    private int epochs = -1;
    private long maxSteps = Long.MAX_VALUE;
    private Clipping clipping = Clipping.off();
    private LearningRateSchedule schedule = LearningRateSchedule.constant();
    private int earlyStoppingPatience = 0;
    private double earlyStoppingMinDelta = 1e-4;
    private boolean restoreBestWeights = true;
    private boolean classBalanced = false;
    private double validationFraction = 0.2;
    private long seed = 0;
    private HealthThresholds health = HealthThresholds.defaults();
    private double backoffFactor = 0.5;
    private double minBackoff = 1e-6;
    private int rollbackAfter = 3;
    private int maxRollbacks = 10;
    private int snapshotEvery = 25;
    private int weightStatsEvery = 1;
    private boolean finiteRecovery = true;
    private int growthInterval = 50;
    private double growthFactor = 2;

    private Builder() {}

    /** Required: base learning rate, finite and &gt; 0. */
    public Builder setLearningRate(double lr) { learningRate = lr; return this; }

    /** Required: epoch limit, at least 1. */
    public Builder setEpochs(int n) { epochs = n; return this; }

    /** Step-attempt limit (default unlimited), at least 1. */
    public Builder optMaxSteps(long n) { maxSteps = n; return this; }

    /** Gradient clipping (default {@link Clipping#off()}). */
    public Builder optClipping(Clipping c) { clipping = c; return this; }

    /** Learning-rate schedule (default constant). */
    public Builder optSchedule(LearningRateSchedule s) { schedule = s; return this; }

    /**
     * Early stopping on validation loss: stop after {@code patience} epochs without lowering the
     * best loss by more than {@code minDelta} (default off: patience 0, minDelta 1e-4).
     */
    public Builder optEarlyStopping(int patience, double minDelta) {
      earlyStoppingPatience = patience;
      earlyStoppingMinDelta = minDelta;
      return this;
    }

    /** Whether to end with the best-validation weights (default true; needs validation data). */
    public Builder optRestoreBestWeights(boolean b) { restoreBestWeights = b; return this; }

    /** Weight rows N / (C · n_class) instead of 1 (default false). */
    public Builder optClassBalanced(boolean b) { classBalanced = b; return this; }

    /** Validation share when the trainer splits the data itself, in [0, 1) (default 0.2). */
    public Builder optValidationFraction(double f) { validationFraction = f; return this; }

    /** Seed of the split and the batch order (default 0). */
    public Builder optSeed(long s) { seed = s; return this; }

    /** Health verdict thresholds (default {@link HealthThresholds#defaults()}). */
    public Builder optHealth(HealthThresholds h) { health = h; return this; }

    /**
     * Non-finite recovery: every skipped step multiplies the learning rate by {@code factor}
     * (default 0.5), never below {@code minBackoff} × its scheduled value (default 1e-6); after
     * {@code rollbackAfter} skipped steps in a row (default 3) the weights roll back to the last
     * good snapshot; after {@code maxRollbacks} rollbacks (default 10) the run ends DIVERGED.
     */
    public Builder optRecovery(double factor, double minBackoff, int rollbackAfter,
        int maxRollbacks) {
      this.backoffFactor = factor;
      this.minBackoff = minBackoff;
      this.rollbackAfter = rollbackAfter;
      this.maxRollbacks = maxRollbacks;
      return this;
    }

    /** Take a rollback snapshot of the weights every this many applied steps (default 25). */
    public Builder optSnapshotEvery(int steps) { snapshotEvery = steps; return this; }

    /**
     * Measure the update/weight norm ratio every this many steps (default 1, every step); it
     * costs a {@code get_weights} call per measurement. 0 turns it off.
     */
    public Builder optWeightStatsEvery(int steps) { weightStatsEvery = steps; return this; }

    /**
     * Recovery from finite trouble, as dynamic loss scaling does for overflow (default on): an
     * EXPLODING, COLLAPSED or finitely DIVERGED step backs the learning rate off by the back-off
     * factor of {@link #optRecovery}; a loss far above its start, an update larger than the
     * weights, a collapse or a divergence also rolls back to the last good snapshot (counted
     * against maxRollbacks; beyond it the run ends FAILED). Off: such steps are only reported.
     */
    public Builder optFiniteRecovery(boolean on) { finiteRecovery = on; return this; }

    /**
     * After {@code interval} applied steps in a row without trouble (default 50), a backed-off
     * learning rate grows by {@code factor} (default 2), up to the configured rate; this applies
     * to non-finite back-off too.
     */
    public Builder optGrowth(int interval, double factor) {
      growthInterval = interval;
      growthFactor = factor;
      return this;
    }

    /** @throws IllegalArgumentException naming the first invalid or missing value */
    public TrainerConfig build() {
      check(learningRate > 0 && !Double.isInfinite(learningRate),
          "learning rate must be finite and > 0, got "
              + (Double.isNaN(learningRate) ? "none (call setLearningRate)" : learningRate));
      check(epochs >= 1, "epochs must be >= 1, got "
          + (epochs == -1 ? "none (call setEpochs)" : String.valueOf(epochs)));
      check(maxSteps >= 1, "maxSteps must be >= 1, got " + maxSteps);
      check(clipping != null, "clipping must not be null; use Clipping.off() for no clipping");
      check(schedule != null, "schedule must not be null; use LearningRateSchedule.constant()");
      check(health != null, "health thresholds must not be null");
      check(earlyStoppingPatience >= 0, "early stopping patience must be >= 0, got "
          + earlyStoppingPatience);
      check(earlyStoppingMinDelta >= 0, "early stopping minDelta must be >= 0, got "
          + earlyStoppingMinDelta);
      check(validationFraction >= 0 && validationFraction < 1,
          "validation fraction must be in [0, 1), got " + validationFraction);
      check(backoffFactor > 0 && backoffFactor <= 1, "back-off factor must be in (0, 1], got "
          + backoffFactor);
      check(minBackoff > 0 && minBackoff <= 1, "minBackoff must be in (0, 1], got " + minBackoff);
      check(rollbackAfter >= 1, "rollbackAfter must be >= 1, got " + rollbackAfter);
      check(maxRollbacks >= 0, "maxRollbacks must be >= 0, got " + maxRollbacks);
      check(snapshotEvery >= 1, "snapshotEvery must be >= 1, got " + snapshotEvery);
      check(weightStatsEvery >= 0, "weightStatsEvery must be >= 0, got " + weightStatsEvery);
      check(growthInterval >= 1, "growth interval must be >= 1, got " + growthInterval);
      check(growthFactor >= 1 && !Double.isInfinite(growthFactor),
          "growth factor must be finite and >= 1, got " + growthFactor);
      return new TrainerConfig(this);
    }

    private static void check(boolean ok, String message) {
      if (!ok) {
        throw new IllegalArgumentException(message);
      }
    }
  }
}
