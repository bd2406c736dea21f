package org.snaptune.health;

/**
 * The thresholds of {@link GradientHealthMonitor}. Immutable and thread-safe; build with
 * {@link #builder()}, every option has the default given on its accessor, chosen so that the
 * benchmark's healthy runs stay under one false alarm per 1,000 steps without tuning.
 */
public final class HealthThresholds {

  private final int window;
  private final int warmupSteps;
  private final double explodeFactor;
  private final int growthSteps;
  private final double lossRiseFactor;
  private final double lossRiseMin;
  private final double updateRatioLimit;
  private final double updateRatioMax;
  private final double vanishingFactor;
  private final double vanishingFloor;
  private final int vanishingSteps;
  private final double vanishingLossFraction;
  private final double fittedLossFraction;
  private final double saturatedClipRate;
  private final double chanceTolerance;
  private final int collapseSteps;
  private final int notLearningSteps;
  private final int stallEpochs;
  private final double stallMinDelta;
  private final int overfitEpochs;
  private final double overfitMargin;
  private final double overfitMinRise;

  private HealthThresholds(Builder b) {
    window = b.window;
    warmupSteps = b.warmupSteps;
    explodeFactor = b.explodeFactor;
    growthSteps = b.growthSteps;
    lossRiseFactor = b.lossRiseFactor;
    lossRiseMin = b.lossRiseMin;
    updateRatioLimit = b.updateRatioLimit;
    updateRatioMax = b.updateRatioMax;
    vanishingFactor = b.vanishingFactor;
    vanishingFloor = b.vanishingFloor;
    vanishingSteps = b.vanishingSteps;
    vanishingLossFraction = b.vanishingLossFraction;
    fittedLossFraction = b.fittedLossFraction;
    saturatedClipRate = b.saturatedClipRate;
    chanceTolerance = b.chanceTolerance;
    collapseSteps = b.collapseSteps;
    notLearningSteps = b.notLearningSteps;
    stallEpochs = b.stallEpochs;
    stallMinDelta = b.stallMinDelta;
    overfitEpochs = b.overfitEpochs;
    overfitMargin = b.overfitMargin;
    overfitMinRise = b.overfitMinRise;
  }

  public static HealthThresholds defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Finite steps in the rolling window of norms, losses and clip rates (default 50). */
  public int window() { return window; }
  /** Early steps whose median norm and first loss form the baseline (default 3). */
  public int warmupSteps() { return warmupSteps; }
  /**
   * EXPLODING when a norm exceeds this × the rolling median (and the early level), or stays above
   * this × the early level for {@link #growthSteps()} steps (default 10).
   */
  public double explodeFactor() { return explodeFactor; }
  /** Consecutive steps above explodeFactor × the early norm that make growth EXPLODING (3). */
  public int growthSteps() { return growthSteps; }
  /** A loss spike must exceed this × the rolling median loss... (default 4) */
  public double lossRiseFactor() { return lossRiseFactor; }
  /** ...and exceed it by this many nats (default 1.0), so noise at a tiny loss is no spike. */
  public double lossRiseMin() { return lossRiseMin; }
  /** An update/weight ratio above this with the loss lossRiseMin above its start: EXPLODING (0.1). */
  public double updateRatioLimit() { return updateRatioLimit; }
  /** An update/weight ratio above this is EXPLODING on its own (default 1.0). */
  public double updateRatioMax() { return updateRatioMax; }
  /** VANISHING when the norm stays below this × its early level... (default 1e-3) */
  public double vanishingFactor() { return vanishingFactor; }
  /** ...or below this absolute floor (default 1e-7)... */
  public double vanishingFloor() { return vanishingFloor; }
  /** ...for this many steps in a row (default 20)... */
  public int vanishingSteps() { return vanishingSteps; }
  /** ...while the loss is still above this × its starting value (default 0.5). */
  public double vanishingLossFraction() { return vanishingLossFraction; }
  /**
   * A loss below this × ln C counts as fitted (default 0.1: 0.23 nats at C = 10). The norm rules
   * of EXPLODING and VANISHING stay quiet on fitted steps and fitted steps do not set the early
   * norm level: a head that starts fitted (prototype-imprinted, one sample per class) has a
   * near-zero early norm that is no yardstick, and Adam's first steps move it ×100 harmlessly.
   * Off without a class count.
   */
  public double fittedLossFraction() { return fittedLossFraction; }
  /** SATURATED_CLIPPING when the rolling share of clipped steps (AGC: units) reaches this (0.5). */
  public double saturatedClipRate() { return saturatedClipRate; }
  /** A loss within this fraction of ln C counts as chance level (default 0.05). */
  public double chanceTolerance() { return chanceTolerance; }
  /** Steps at chance level (or with dead hidden units) that make COLLAPSED (default 20). */
  public int collapseSteps() { return collapseSteps; }
  /** Steps at chance level from the start that make STALLED (default 100). */
  public int notLearningSteps() { return notLearningSteps; }
  /** STALLED after this many epochs without validation-loss improvement (default 5). */
  public int stallEpochs() { return stallEpochs; }
  /** An improvement must lower the best validation loss by more than this (default 1e-4). */
  public double stallMinDelta() { return stallMinDelta; }
  /** OVERFITTING after this many epochs of rising validation and falling training loss (2). */
  public int overfitEpochs() { return overfitEpochs; }
  /** ...with the validation loss at least this fraction above its best (default 0.05). */
  public double overfitMargin() { return overfitMargin; }
  /**
   * ...and at least this many nats above it (default 0.01), so that a loss moving from 1e-6 to
   * 2e-6 on a separable set is not called overfitting.
   */
  public double overfitMinRise() { return overfitMinRise; }

  /** Builder; every option is optional and validated in {@link #build()}. Not thread-safe. */
  public static final class Builder {
    private int window = 50;
    private int warmupSteps = 3;
    private double explodeFactor = 10;
    private int growthSteps = 3;
    private double lossRiseFactor = 4;
    private double lossRiseMin = 1.0;
    private double updateRatioLimit = 0.1;
    private double updateRatioMax = 1.0;
    private double vanishingFactor = 1e-3;
    private double vanishingFloor = 1e-7;
    private int vanishingSteps = 20;
    private double vanishingLossFraction = 0.5;
    private double fittedLossFraction = 0.1;
    private double saturatedClipRate = 0.5;
    private double chanceTolerance = 0.05;
    private int collapseSteps = 20;
    private int notLearningSteps = 100;
    private int stallEpochs = 5;
    private double stallMinDelta = 1e-4;
    private int overfitEpochs = 2;
    private double overfitMargin = 0.05;
    private double overfitMinRise = 0.01;

    private Builder() {}

    public Builder optWindow(int v) { window = v; return this; }
    public Builder optWarmupSteps(int v) { warmupSteps = v; return this; }
    public Builder optExplodeFactor(double v) { explodeFactor = v; return this; }
    public Builder optGrowthSteps(int v) { growthSteps = v; return this; }
    public Builder optLossRiseFactor(double v) { lossRiseFactor = v; return this; }
    public Builder optLossRiseMin(double v) { lossRiseMin = v; return this; }
    public Builder optUpdateRatioLimit(double v) { updateRatioLimit = v; return this; }
    public Builder optUpdateRatioMax(double v) { updateRatioMax = v; return this; }
    public Builder optVanishingFactor(double v) { vanishingFactor = v; return this; }
    public Builder optVanishingFloor(double v) { vanishingFloor = v; return this; }
    public Builder optVanishingSteps(int v) { vanishingSteps = v; return this; }
    public Builder optVanishingLossFraction(double v) { vanishingLossFraction = v; return this; }
    public Builder optFittedLossFraction(double v) { fittedLossFraction = v; return this; }
    public Builder optSaturatedClipRate(double v) { saturatedClipRate = v; return this; }
    public Builder optChanceTolerance(double v) { chanceTolerance = v; return this; }
    public Builder optCollapseSteps(int v) { collapseSteps = v; return this; }
    public Builder optNotLearningSteps(int v) { notLearningSteps = v; return this; }
    public Builder optStallEpochs(int v) { stallEpochs = v; return this; }
    public Builder optStallMinDelta(double v) { stallMinDelta = v; return this; }
    public Builder optOverfitEpochs(int v) { overfitEpochs = v; return this; }
    public Builder optOverfitMargin(double v) { overfitMargin = v; return this; }
    public Builder optOverfitMinRise(double v) { overfitMinRise = v; return this; }

    /** @throws IllegalArgumentException naming the first invalid option and its valid range */
    public HealthThresholds build() {
      check(window >= 4, "window must be >= 4, got " + window);
      check(warmupSteps >= 1 && warmupSteps <= 3,
          "warmupSteps must be in [1, 3] (judging starts at once), got " + warmupSteps);
      above("explodeFactor", explodeFactor, 1);
      check(growthSteps >= 1 && growthSteps <= window,
          "growthSteps must be in [1, window=" + window + "], got " + growthSteps);
      above("lossRiseFactor", lossRiseFactor, 1);
      atLeast("lossRiseMin", lossRiseMin, 0);
      above("updateRatioLimit", updateRatioLimit, 0);
      check(updateRatioMax >= updateRatioLimit && !Double.isInfinite(updateRatioMax),
          "updateRatioMax must be finite and >= updateRatioLimit=" + updateRatioLimit + ", got "
              + updateRatioMax);
      check(vanishingFactor > 0 && vanishingFactor < 1,
          "vanishingFactor must be in (0, 1), got " + vanishingFactor);
      atLeast("vanishingFloor", vanishingFloor, 0);
      check(vanishingSteps >= 1, "vanishingSteps must be >= 1, got " + vanishingSteps);
      check(vanishingLossFraction > 0 && vanishingLossFraction <= 1,
          "vanishingLossFraction must be in (0, 1], got " + vanishingLossFraction);
      check(fittedLossFraction >= 0 && fittedLossFraction < 1,
          "fittedLossFraction must be in [0, 1), got " + fittedLossFraction);
      check(saturatedClipRate > 0 && saturatedClipRate <= 1,
          "saturatedClipRate must be in (0, 1], got " + saturatedClipRate);
      check(chanceTolerance > 0 && chanceTolerance < 1,
          "chanceTolerance must be in (0, 1), got " + chanceTolerance);
      check(collapseSteps >= 1 && collapseSteps <= window,
          "collapseSteps must be in [1, window=" + window + "], got " + collapseSteps);
      check(notLearningSteps >= 1, "notLearningSteps must be >= 1, got " + notLearningSteps);
      check(stallEpochs >= 1, "stallEpochs must be >= 1, got " + stallEpochs);
      atLeast("stallMinDelta", stallMinDelta, 0);
      check(overfitEpochs >= 1, "overfitEpochs must be >= 1, got " + overfitEpochs);
      atLeast("overfitMargin", overfitMargin, 0);
      atLeast("overfitMinRise", overfitMinRise, 0);
      return new HealthThresholds(this);
    }

    /** NaN fails every comparison, so these checks reject it too. */
    private static void above(String name, double v, double min) {
      check(v > min && !Double.isInfinite(v),
          name + " must be finite and > " + fmt(min) + ", got " + v);
    }

    private static void atLeast(String name, double v, double min) {
      check(v >= min && !Double.isInfinite(v),
          name + " must be finite and >= " + fmt(min) + ", got " + v);
    }

    private static String fmt(double v) {
      return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static void check(boolean ok, String message) {
      if (!ok) {
        throw new IllegalArgumentException(message);
      }
    }
  }
}
