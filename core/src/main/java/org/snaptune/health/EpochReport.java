package org.snaptune.health;

import java.util.Locale;

/** Summary of one finished epoch. Immutable and thread-safe. */
public final class EpochReport {

  private final int epoch;
  private final long steps;
  private final double trainLoss;
  private final double validationLoss;
  private final double validationAccuracy;
  private final double learningRate;
  private final int nonFiniteSteps;
  private final int clippedSteps;
  private final boolean improved;
  private final Verdict verdict;

  public EpochReport(int epoch, long steps, double trainLoss, double validationLoss,
      double validationAccuracy, double learningRate, int nonFiniteSteps, int clippedSteps,
      boolean improved, Verdict verdict) {
    this.epoch = epoch;
    this.steps = steps;
    this.trainLoss = trainLoss;
    this.validationLoss = validationLoss;
    this.validationAccuracy = validationAccuracy;
    this.learningRate = learningRate;
    this.nonFiniteSteps = nonFiniteSteps;
    this.clippedSteps = clippedSteps;
    this.improved = improved;
    this.verdict = verdict;
  }

  /** Epoch number, counting from 1. */
  public int epoch() { return epoch; }
  /** Step attempts so far in the run. */
  public long steps() { return steps; }
  /** Mean loss of this epoch's applied steps; NaN if none was applied. */
  public double trainLoss() { return trainLoss; }
  /** Validation loss (weighted mean cross-entropy); NaN without a validation set. */
  public double validationLoss() { return validationLoss; }
  /** Validation accuracy in [0, 1]; NaN without a validation set. */
  public double validationAccuracy() { return validationAccuracy; }
  /** Learning rate at the end of the epoch. */
  public double learningRate() { return learningRate; }
  /** Skipped non-finite steps in this epoch. */
  public int nonFiniteSteps() { return nonFiniteSteps; }
  /** Clipped steps in this epoch. */
  public int clippedSteps() { return clippedSteps; }
  /** Whether the validation loss reached a new best (weights were remembered). */
  public boolean improved() { return improved; }
  public Verdict verdict() { return verdict; }

  @Override
  public String toString() {
    return String.format(Locale.ROOT,
        "epoch %d: train loss %.4g, val loss %.4g, val acc %.3f, lr %.3g, %d non-finite, %d clipped%s,"
            + " %s", epoch, trainLoss, validationLoss, validationAccuracy, learningRate,
        nonFiniteSteps, clippedSteps, improved ? ", best" : "", verdict);
  }
}
