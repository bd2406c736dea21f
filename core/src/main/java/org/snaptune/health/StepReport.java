package org.snaptune.health;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Everything a chart needs about one training step. Immutable and thread-safe, so a listener may
 * hand it to a UI thread as is.
 */
public final class StepReport {

  /** The strongest recovery action the trainer took on this step. */
  public enum Recovery {
    NONE,
    /** The learning rate grew back toward the configured one after clean steps. */
    GREW_BACK,
    /** A non-finite step was skipped (never applied). */
    SKIPPED,
    /** The learning rate was backed off. */
    BACKED_OFF,
    /** Weights and optimizer state went back to the last good snapshot. */
    ROLLED_BACK,
    /** Recovery gave up: the run ends. */
    GAVE_UP
  }

  private final long step;
  private final int epoch;
  private final double loss;
  private final double normBefore;
  private final double normAfter;
  private final double threshold;
  private final boolean clipped;
  private final Map<String, Double> variableNorms;
  private final double updateRatio;
  private final int nanCount;
  private final int infCount;
  private final double learningRate;
  private final boolean applied;
  private final Verdict verdict;
  private final double lrScale;
  private final Recovery recovery;

  /** A report without recovery: learning-rate scale 1, recovery NONE. */
  public StepReport(long step, int epoch, double loss, double normBefore, double normAfter,
      double threshold, boolean clipped, Map<String, Double> variableNorms, double updateRatio,
      int nanCount, int infCount, double learningRate, boolean applied, Verdict verdict) {
    this(step, epoch, loss, normBefore, normAfter, threshold, clipped, variableNorms, updateRatio,
        nanCount, infCount, learningRate, applied, verdict, 1, Recovery.NONE);
  }

  /** See the accessors for the meaning of each field. */
  public StepReport(long step, int epoch, double loss, double normBefore, double normAfter,
      double threshold, boolean clipped, Map<String, Double> variableNorms, double updateRatio,
      int nanCount, int infCount, double learningRate, boolean applied, Verdict verdict,
      double lrScale, Recovery recovery) {
    this.lrScale = lrScale;
    this.recovery = recovery;
    this.step = step;
    this.epoch = epoch;
    this.loss = loss;
    this.normBefore = normBefore;
    this.normAfter = normAfter;
    this.threshold = threshold;
    this.clipped = clipped;
    this.variableNorms = Collections.unmodifiableMap(new LinkedHashMap<>(variableNorms));
    this.updateRatio = updateRatio;
    this.nanCount = nanCount;
    this.infCount = infCount;
    this.learningRate = learningRate;
    this.applied = applied;
    this.verdict = verdict;
  }

  /** Step attempt number, counting from 1, skipped steps included. */
  public long step() { return step; }
  /** Epoch number, counting from 1. */
  public int epoch() { return epoch; }
  /** Batch loss as the model computed it (may be NaN or ∞). */
  public double loss() { return loss; }
  /** Global gradient norm before clipping. */
  public double normBefore() { return normBefore; }
  /** Global gradient norm after clipping (what was applied). */
  public double normAfter() { return normAfter; }
  /** The clipping threshold in force; NaN when clipping is off. */
  public double threshold() { return threshold; }
  /** Whether clipping changed the gradients. */
  public boolean clipped() { return clipped; }
  /** Per-variable gradient L2 norms before clipping, by variable name. */
  public Map<String, Double> variableNorms() { return variableNorms; }
  /**
   * ‖weights after − weights before‖ / ‖weights before‖ over all trainable variables; NaN on steps
   * where it was not measured (see TrainerConfig's weight-statistics interval) or not applied.
   */
  public double updateRatio() { return updateRatio; }
  /** NaN elements in loss and gradients. */
  public int nanCount() { return nanCount; }
  /** ±∞ elements in loss and gradients. */
  public int infCount() { return infCount; }
  /** Learning rate used (or that would have been used, for a skipped step). */
  public double learningRate() { return learningRate; }
  /** Whether the update was applied; false for skipped non-finite steps. */
  public boolean applied() { return applied; }
  /** The health verdict after this step, with the action the trainer took. */
  public Verdict verdict() { return verdict; }
  /**
   * The recovery back-off after this step: the factor (at most 1) the scheduled learning rate is
   * multiplied by from the next step on.
   */
  public double lrScale() { return lrScale; }
  /** The strongest recovery action of this step (the verdict's action says all of them). */
  public Recovery recovery() { return recovery; }

  @Override
  public String toString() {
    return String.format(Locale.ROOT,
        "step %d (epoch %d): loss %.4g, norm %.3g -> %.3g%s, ratio %.2g, lr %.3g (x%.3g)%s, %s",
        step, epoch, loss, normBefore, normAfter, clipped ? " (clipped)" : "", updateRatio,
        learningRate, lrScale, applied ? "" : ", SKIPPED", verdict);
  }
}
