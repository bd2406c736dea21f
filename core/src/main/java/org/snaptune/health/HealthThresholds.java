package org.snaptune.health;

/**
 * The thresholds of {@link GradientHealthMonitor}. Immutable and thread-safe; build with
 * {@link #builder()}, every option has the default given below.
 */
public final class HealthThresholds {

  private final int window;
  private final int minHistory;
  private final double explodeFactor;
  private final double lossRiseFactor;
  private final double vanishingFloor;
  private final int vanishingSteps;
  private final int stallEpochs;
  private final double stallMinDelta;

  private HealthThresholds(Builder b) {
    window = b.window;
    minHistory = b.minHistory;
    explodeFactor = b.explodeFactor;
    lossRiseFactor = b.lossRiseFactor;
    vanishingFloor = b.vanishingFloor;
    vanishingSteps = b.vanishingSteps;
    stallEpochs = b.stallEpochs;
    stallMinDelta = b.stallMinDelta;
  }

  public static HealthThresholds defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Steps in the running window (default 50). */
  public int window() { return window; }
  /** Finite steps needed before EXPLODING can be judged (default 10). */
  public int minHistory() { return minHistory; }
  /** EXPLODING when the norm exceeds this × the window's median norm (default 10). */
  public double explodeFactor() { return explodeFactor; }
  /** EXPLODING when the loss exceeds this × the window's median loss (default 4). */
  public double lossRiseFactor() { return lossRiseFactor; }
  /** VANISHING when the norm stays below this (default 1e-7)... */
  public double vanishingFloor() { return vanishingFloor; }
  /** ...for this many steps in a row (default 20). */
  public int vanishingSteps() { return vanishingSteps; }
  /** STALLED after this many epochs without validation-loss improvement (default 5). */
  public int stallEpochs() { return stallEpochs; }
  /** An improvement must lower the best validation loss by more than this (default 1e-4). */
  public double stallMinDelta() { return stallMinDelta; }

  /** Builder; every option is optional and validated in {@link #build()}. */
  public static final class Builder {
    private int window = 50;
    private int minHistory = 10;
    private double explodeFactor = 10;
    private double lossRiseFactor = 4;
    private double vanishingFloor = 1e-7;
    private int vanishingSteps = 20;
    private int stallEpochs = 5;
    private double stallMinDelta = 1e-4;

    public Builder optWindow(int v) { window = v; return this; }
    public Builder optMinHistory(int v) { minHistory = v; return this; }
    public Builder optExplodeFactor(double v) { explodeFactor = v; return this; }
    public Builder optLossRiseFactor(double v) { lossRiseFactor = v; return this; }
    public Builder optVanishingFloor(double v) { vanishingFloor = v; return this; }
    public Builder optVanishingSteps(int v) { vanishingSteps = v; return this; }
    public Builder optStallEpochs(int v) { stallEpochs = v; return this; }
    public Builder optStallMinDelta(double v) { stallMinDelta = v; return this; }

    /** @throws IllegalArgumentException naming the first invalid option */
    public HealthThresholds build() {
      check(window >= 2, "window must be >= 2, got " + window);
      check(minHistory >= 1 && minHistory <= window,
          "minHistory must be in [1, window=" + window + "], got " + minHistory);
      check(explodeFactor > 1 && !Double.isInfinite(explodeFactor),
          "explodeFactor must be finite and > 1, got " + explodeFactor);
      check(lossRiseFactor > 1 && !Double.isInfinite(lossRiseFactor),
          "lossRiseFactor must be finite and > 1, got " + lossRiseFactor);
      check(vanishingFloor >= 0 && !Double.isInfinite(vanishingFloor),
          "vanishingFloor must be finite and >= 0, got " + vanishingFloor);
      check(vanishingSteps >= 1, "vanishingSteps must be >= 1, got " + vanishingSteps);
      check(stallEpochs >= 1, "stallEpochs must be >= 1, got " + stallEpochs);
      check(stallMinDelta >= 0, "stallMinDelta must be >= 0, got " + stallMinDelta);
      return new HealthThresholds(this);
    }

    private static void check(boolean ok, String message) {
      if (!ok) {
        throw new IllegalArgumentException(message);
      }
    }
  }
}
