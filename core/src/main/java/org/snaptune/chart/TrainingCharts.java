package org.snaptune.chart;

import org.snaptune.health.EpochReport;
import org.snaptune.health.StepReport;
import org.snaptune.health.Verdict;
import org.snaptune.metrics.Evaluation;
import org.snaptune.train.TrainingListener;
import org.snaptune.train.TrainingResult;

/**
 * Collects what the training screen draws from the trainer's events: per step the training loss,
 * the global gradient norm before and after clipping, the clipping threshold, the clip rate over
 * the last {@link #CLIP_RATE_WINDOW} steps, the update/weight ratio and the learning rate; per
 * epoch (at x = steps so far) the training and validation loss and validation accuracy; the current health verdict, the
 * latest per-class evaluation and the final result.
 *
 * <p>Written by the training thread (as a {@link TrainingListener}), read by the UI thread through
 * {@link #snapshot()}: series are synchronized and the scalar fields volatile, so any thread may
 * take a snapshot at any time. Holds bounded memory however long the run.
 */
public final class TrainingCharts implements TrainingListener {

  /** Steps over which the clip rate is averaged. */
  public static final int CLIP_RATE_WINDOW = 20;
  private static final int CAPACITY = 4096;

  private final Series trainLoss = new Series("training loss", CAPACITY);
  private final Series normBefore = new Series("norm before clipping", CAPACITY);
  private final Series normAfter = new Series("norm after clipping", CAPACITY);
  private final Series threshold = new Series("clipping threshold", CAPACITY);
  private final Series clipRate = new Series("clip rate", CAPACITY);
  private final Series updateRatio = new Series("update/weight ratio", CAPACITY);
  private final Series learningRate = new Series("learning rate", CAPACITY);
  private final Series epochTrainLoss = new Series("training loss (epoch)", 1024);
  private final Series validationLoss = new Series("validation loss", 1024);
  private final Series validationAccuracy = new Series("validation accuracy", 1024);
  private volatile boolean withValidation = true;

  private final boolean[] clipWindow = new boolean[CLIP_RATE_WINDOW];
  private int clipWindowFill;
  private int clipWindowCount;

  private volatile long steps;
  private volatile int epochs;
  private volatile int nonFiniteSteps;
  private volatile int clippedSteps;
  private volatile Verdict verdict = Verdict.healthy();
  private volatile double lrScale = 1;
  private volatile int backOffs;
  private volatile int growths;
  private volatile int rollbacks;
  private volatile Evaluation evaluation;
  private volatile TrainingResult result;

  @Override
  public void onStep(StepReport r) {
    float x = r.step();
    trainLoss.add(x, (float) r.loss());
    normBefore.add(x, (float) r.normBefore());
    normAfter.add(x, (float) r.normAfter());
    // NaN here means "no threshold" / "not measured this step", not a failure: leave a gap.
    if (!Double.isNaN(r.threshold())) {
      threshold.add(x, (float) r.threshold());
    }
    if (!Double.isNaN(r.updateRatio())) {
      updateRatio.add(x, (float) r.updateRatio());
    }
    learningRate.add(x, (float) r.learningRate());
    synchronized (clipWindow) {
      int slot = (int) ((r.step() - 1) % CLIP_RATE_WINDOW);
      if (clipWindowFill == CLIP_RATE_WINDOW && clipWindow[slot]) {
        clipWindowCount--;
      }
      clipWindow[slot] = r.clipped();
      clipWindowCount += r.clipped() ? 1 : 0;
      clipWindowFill = Math.min(CLIP_RATE_WINDOW, clipWindowFill + 1);
      clipRate.add(x, clipWindowCount / (float) clipWindowFill);
    }
    steps = r.step();
    if (!r.applied() || r.nanCount() + r.infCount() > 0) {
      nonFiniteSteps++;
    }
    if (r.clipped()) {
      clippedSteps++;
    }
    switch (r.recovery()) {
      case SKIPPED:
      case BACKED_OFF:
        backOffs++;
        break;
      case ROLLED_BACK:
        backOffs++;
        rollbacks++;
        break;
      case GREW_BACK:
        growths++;
        break;
      default:
        break;
    }
    lrScale = r.lrScale();
    verdict = r.verdict();
  }

  @Override
  public void onEpoch(EpochReport r) {
    // Epoch series share the step axis with the step series so they can be drawn together.
    float x = r.steps();
    epochTrainLoss.add(x, (float) r.trainLoss());
    if (withValidation) {
      validationLoss.add(x, (float) r.validationLoss());
      validationAccuracy.add(x, (float) r.validationAccuracy());
    }
    epochs = r.epoch();
    verdict = r.verdict();
  }

  @Override
  public void onVerdictChange(Verdict previous, Verdict current) {
    verdict = current;
  }

  @Override
  public void onFinished(TrainingResult r) {
    result = r;
    verdict = r.finalVerdict();
    if (r.validation() != null) {
      evaluation = r.validation();
    }
  }

  /**
   * Whether the run has a validation set (default true). Without one the trainer reports NaN
   * validation numbers every epoch; they are left out instead of being drawn as non-finite marks.
   * Call before the run starts.
   */
  public void setValidation(boolean present) {
    withValidation = present;
  }

  /** Records the per-class evaluation of the validation set after an epoch (any thread). */
  public void setEvaluation(Evaluation e) {
    evaluation = e;
  }

  /** Forgets everything, for a new run. Call from the thread that trains, between runs. */
  public void clear() {
    for (Series s : new Series[] {trainLoss, normBefore, normAfter, threshold, clipRate, updateRatio,
        learningRate, epochTrainLoss, validationLoss, validationAccuracy}) {
      s.clear();
    }
    synchronized (clipWindow) {
      clipWindowFill = 0;
      clipWindowCount = 0;
    }
    steps = 0;
    epochs = 0;
    nonFiniteSteps = 0;
    clippedSteps = 0;
    lrScale = 1;
    backOffs = 0;
    growths = 0;
    rollbacks = 0;
    verdict = Verdict.healthy();
    evaluation = null;
    result = null;
  }

  /** An immutable copy of every series (each at most {@code maxPoints}) and the scalars. */
  public Snapshot snapshot(int maxPoints) {
    return new Snapshot(this, maxPoints);
  }

  /** What one frame of the training screen shows. Immutable and thread-safe. */
  public static final class Snapshot {
    public final Points trainLoss;
    public final Points normBefore;
    public final Points normAfter;
    public final Points threshold;
    public final Points clipRate;
    public final Points updateRatio;
    public final Points learningRate;
    public final Points epochTrainLoss;
    public final Points validationLoss;
    public final Points validationAccuracy;
    public final long steps;
    public final int epochs;
    public final int nonFiniteSteps;
    public final int clippedSteps;
    public final Verdict verdict;
    /** The recovery back-off after the last step: the scheduled rate is multiplied by this. */
    public final double lrScale;
    /** Steps on which the learning rate was backed off (non-finite, exploding, collapsed). */
    public final int backOffs;
    /** Steps on which a backed-off learning rate grew back. */
    public final int growths;
    /** Rollbacks to the last good weights. */
    public final int rollbacks;
    /** Latest validation evaluation, or null before the first epoch ends. */
    public final Evaluation evaluation;
    /** The final result, or null while training. */
    public final TrainingResult result;

    private Snapshot(TrainingCharts c, int maxPoints) {
      trainLoss = c.trainLoss.forDrawing(maxPoints);
      normBefore = c.normBefore.forDrawing(maxPoints);
      normAfter = c.normAfter.forDrawing(maxPoints);
      threshold = c.threshold.forDrawing(maxPoints);
      clipRate = c.clipRate.forDrawing(maxPoints);
      updateRatio = c.updateRatio.forDrawing(maxPoints);
      learningRate = c.learningRate.forDrawing(maxPoints);
      epochTrainLoss = c.epochTrainLoss.forDrawing(maxPoints);
      validationLoss = c.validationLoss.forDrawing(maxPoints);
      validationAccuracy = c.validationAccuracy.forDrawing(maxPoints);
      steps = c.steps;
      epochs = c.epochs;
      nonFiniteSteps = c.nonFiniteSteps;
      clippedSteps = c.clippedSteps;
      verdict = c.verdict;
      lrScale = c.lrScale;
      backOffs = c.backOffs;
      growths = c.growths;
      rollbacks = c.rollbacks;
      evaluation = c.evaluation;
      result = c.result;
    }
  }
}
