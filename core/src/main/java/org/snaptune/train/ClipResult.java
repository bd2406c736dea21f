package org.snaptune.train;

/**
 * What one clipping call did: the global L2 norm of all gradients before and after, the threshold
 * in force (meaning depends on the mode; NaN when clipping is off) and whether anything changed.
 * Immutable and thread-safe.
 */
public final class ClipResult {

  private final double normBefore;
  private final double normAfter;
  private final double threshold;
  private final boolean clipped;
  private final double clippedFraction;

  public ClipResult(double normBefore, double normAfter, double threshold, boolean clipped) {
    this(normBefore, normAfter, threshold, clipped, clipped ? 1 : 0);
  }

  /** @param clippedFraction share of clipping units clipped, in [0, 1] (AGC: units) */
  public ClipResult(double normBefore, double normAfter, double threshold, boolean clipped,
      double clippedFraction) {
    this.clippedFraction = clippedFraction;
    this.normBefore = normBefore;
    this.normAfter = normAfter;
    this.threshold = threshold;
    this.clipped = clipped;
  }

  /** ‖all gradients‖₂ before clipping; NaN or ∞ when a gradient was non-finite. */
  public double normBefore() { return normBefore; }

  /** ‖all gradients‖₂ after clipping (equal to before when nothing was clipped). */
  public double normAfter() { return normAfter; }

  /** The threshold used: the value bound, the norm bound, AGC's λ or AutoClip's percentile norm. */
  public double threshold() { return threshold; }

  /** Whether any gradient element changed. */
  public boolean clipped() { return clipped; }

  /**
   * The share of the clipper's units that were clipped: for AGC the share of units (output units
   * and bias vectors), for the other modes 1 when anything was clipped, else 0.
   */
  public double clippedFraction() { return clippedFraction; }

  @Override
  public String toString() {
    return "ClipResult{before=" + normBefore + ", after=" + normAfter + ", threshold=" + threshold
        + ", clipped=" + clipped + "}";
  }
}
