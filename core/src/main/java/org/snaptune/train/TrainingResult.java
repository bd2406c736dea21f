package org.snaptune.train;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.snaptune.health.Verdict;
import org.snaptune.metrics.Evaluation;

/** How a training run ended. Immutable and thread-safe. */
public final class TrainingResult {

  /** Why training stopped. */
  public enum Status {
    /** The epoch or step limit was reached. */
    COMPLETED,
    /** Early stopping: validation loss stopped improving; the best weights were restored. */
    EARLY_STOPPED,
    /** {@link Trainer#cancel()} was called; the run can be resumed. */
    CANCELLED,
    /** Non-finite recovery failed; see {@link #advice()}. */
    DIVERGED,
    /**
     * The run ended collapsed or diverged with finite numbers (or finite recovery gave up): its
     * weights must not be used; see {@link #failedReason()} and {@link #advice()}.
     */
    FAILED
  }

  private final Status status;
  private final int epochs;
  private final long steps;
  private final long appliedSteps;
  private final int nonFiniteSteps;
  private final int clippedSteps;
  private final int rollbacks;
  private final Verdict finalVerdict;
  private final double bestValidationLoss;
  private final Evaluation validation;
  private final double trainSeconds;
  private final String advice;
  private final String failedReason;
  private final Map<Verdict.Kind, Long> verdictCounts;

  TrainingResult(Status status, int epochs, long steps, long appliedSteps, int nonFiniteSteps,
      int clippedSteps, int rollbacks, Verdict finalVerdict, double bestValidationLoss,
      Evaluation validation, double trainSeconds, String advice, String failedReason,
      long[] verdictSteps) {
    this.failedReason = failedReason;
    Map<Verdict.Kind, Long> counts = new EnumMap<>(Verdict.Kind.class);
    for (Verdict.Kind k : Verdict.Kind.values()) {
      counts.put(k, verdictSteps[k.ordinal()]);
    }
    this.verdictCounts = Collections.unmodifiableMap(counts);
    this.status = status;
    this.epochs = epochs;
    this.steps = steps;
    this.appliedSteps = appliedSteps;
    this.nonFiniteSteps = nonFiniteSteps;
    this.clippedSteps = clippedSteps;
    this.rollbacks = rollbacks;
    this.finalVerdict = finalVerdict;
    this.bestValidationLoss = bestValidationLoss;
    this.validation = validation;
    this.trainSeconds = trainSeconds;
    this.advice = advice;
  }

  public Status status() { return status; }
  /** Completed epochs. */
  public int epochs() { return epochs; }
  /** Step attempts, skipped ones included. */
  public long steps() { return steps; }
  /** Steps whose update was applied. */
  public long appliedSteps() { return appliedSteps; }
  /** Steps skipped because the loss or a gradient was non-finite. */
  public int nonFiniteSteps() { return nonFiniteSteps; }
  /** Steps where clipping changed the gradients. */
  public int clippedSteps() { return clippedSteps; }
  /** Times the weights were rolled back to the last good checkpoint. */
  public int rollbacks() { return rollbacks; }
  public Verdict finalVerdict() { return finalVerdict; }
  /** Best validation loss seen; NaN without validation. */
  public double bestValidationLoss() { return bestValidationLoss; }
  /** Metrics of the final weights on the validation set; null without validation. */
  public Evaluation validation() { return validation; }
  /** Wall-clock seconds spent in this run (all resumed parts together). */
  public double trainSeconds() { return trainSeconds; }
  /** What to change when the run DIVERGED or FAILED; empty otherwise. */
  public String advice() { return advice; }
  /** Why the run FAILED or DIVERGED, in numbers; empty otherwise. */
  public String failedReason() { return failedReason; }
  /** Whether the run's weights must not be used (DIVERGED or FAILED). */
  public boolean failed() { return status == Status.DIVERGED || status == Status.FAILED; }
  /** Step attempts per verdict kind (every kind present, in severity order). */
  public Map<Verdict.Kind, Long> verdictCounts() { return verdictCounts; }

  @Override
  public String toString() {
    return String.format(Locale.ROOT,
        "%s after %d epochs, %d steps (%d applied, %d non-finite, %d clipped, %d rollbacks) in"
            + " %.2fs; %s%s%s%s", status, epochs, steps, appliedSteps, nonFiniteSteps, clippedSteps,
        rollbacks, trainSeconds, finalVerdict,
        validation == null ? "" : "; validation " + validation,
        failedReason.isEmpty() ? "" : "; failed: " + failedReason,
        advice.isEmpty() ? "" : "; advice: " + advice);
  }
}
