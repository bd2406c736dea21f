package org.snaptune.health;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.snaptune.model.HeadContract;

/**
 * Judges gradient health from the first step, from every signal the trainer has: the loss and
 * global gradient norm against an early <em>baseline</em> (first loss; median norm of the first
 * {@code warmupSteps} steps) and against a rolling median, the per-tensor norms, the update/weight
 * ratio when it was sampled, the clip rate, the loss relative to chance level ln C, and per epoch
 * the validation loss. Rules, with the thresholds of {@link HealthThresholds}, most severe first:
 * <ul>
 *   <li>DIVERGED — non-finite loss or gradients; or the rolling loss stays
 *       {@code lossRiseFactor ×} (and {@code lossRiseMin} nats) above the starting loss;</li>
 *   <li>EXPLODING — update/weight ratio above {@code updateRatioMax} (or above
 *       {@code updateRatioLimit} while the loss is {@code lossRiseMin} nats above its start); a loss above
 *       {@code lossRiseFactor ×} the rolling median and {@code lossRiseMin} nats above it; a norm
 *       above {@code explodeFactor ×} the rolling median that also tops the early level; or a norm
 *       above {@code explodeFactor ×} the early level for {@code growthSteps} steps (reason
 *       CLIP_TOO_LOOSE when clipping is on but left such a step unclipped);</li>
 *   <li>COLLAPSED — the loss at ln C for {@code collapseSteps} steps after learning started (the
 *       rolling loss went below 0.75 ln C) or after an explosion; or zero gradient in every hidden
 *       layer for as long (dead ReLUs) with the loss at chance;</li>
 *   <li>(Neither norm rule of EXPLODING nor VANISHING judges a step whose loss is fitted,
 *       below {@code fittedLossFraction} × ln C; such steps do not set the early level.)</li>
 *   <li>VANISHING — the norm below {@code vanishingFactor ×} its early level (or below
 *       {@code vanishingFloor}) for {@code vanishingSteps} steps while the loss is still above
 *       {@code vanishingLossFraction ×} its start: a converged run is not vanishing;</li>
 *   <li>SATURATED_CLIPPING — at least {@code saturatedClipRate} of the last {@code window} steps,
 *       or of this epoch's steps, were clipped (AGC: reason AGC_SATURATED);</li>
 *   <li>OVERFITTING, then STALLED — from the epochs (and STALLED when the loss has sat at chance
 *       level for {@code notLearningSteps} steps from the start);</li>
 *   <li>HEALTHY otherwise.</li>
 * </ul>
 * Non-finite steps never enter the windows. Not thread-safe: the training thread owns it.
 */
public final class GradientHealthMonitor {

  private static final double LEARNED_FRACTION = 0.75;
  private static final int REFRESH = 10;

  private final HealthThresholds t;
  private final double chance;
  private boolean clippingOn;
  private boolean adaptive;
  final RollingWindow norms;
  final RollingWindow losses;
  final RollingWindow clips;
  final RollingWindow unitClips;
  final double[] early;
  int earlyCount;
  double baseNorm = Double.NaN;
  double baseLoss = Double.NaN;
  double minMedianLoss = Double.POSITIVE_INFINITY;
  int above;
  int below;
  int atChance;
  int deadHidden;
  int explodedSteps;
  int epochSteps;
  int epochClipped;
  private String[] hidden;
  Verdict saturated;
  private int saturatedAge;
  double bestValidation = Double.POSITIVE_INFINITY;
  double bestTrainLoss = Double.NaN;
  double lastTrainLoss = Double.NaN;
  int epochsWithoutImprovement;
  int risingEpochs;
  Verdict epochVerdict = Verdict.healthy();
  Verdict current = Verdict.healthy();
  /** The last finite validation loss, for rebuilding an OVERFITTING verdict on restore. */
  double lastValidation = Double.NaN;

  /** A monitor that does not know the class count (chance-level rules off). */
  public GradientHealthMonitor(HealthThresholds thresholds) {
    this(thresholds, 0);
  }

  /** @param numClasses the head's classes C; chance level is ln C (rules off below 2) */
  public GradientHealthMonitor(HealthThresholds thresholds, int numClasses) {
    this.t = thresholds;
    this.chance = numClasses >= 2 ? Math.log(numClasses) : Double.NaN;
    norms = new RollingWindow(thresholds.window());
    losses = new RollingWindow(thresholds.window());
    clips = new RollingWindow(thresholds.window());
    unitClips = new RollingWindow(thresholds.window());
    early = new double[thresholds.warmupSteps()];
  }

  /** Tells the monitor whether clipping is on and whether it is adaptive (unit-wise). */
  public GradientHealthMonitor setClipping(boolean on, boolean adaptiveUnits) {
    clippingOn = on;
    adaptive = adaptiveUnits;
    return this;
  }

  /** The verdict after the last observation. */
  public Verdict current() { return current; }
  /** The best validation loss seen, +∞ before any. */
  public double bestValidationLoss() { return bestValidation; }
  /** The early gradient norm level; NaN before the first finite step. */
  public double baselineNorm() { return baseNorm; }
  /** The first finite loss; NaN before it. */
  public double baselineLoss() { return baseLoss; }
  /** Steps judged EXPLODING so far. */
  public int explodedSteps() { return explodedSteps; }

  /**
   * What this monitor has learnt (early level, rolling windows, run counters, epoch memory) as
   * named series for a checkpoint; see {@link HealthMemory}.
   */
  public Map<String, double[]> memory() {
    return HealthMemory.save(this);
  }

  /**
   * Continues from {@link #memory()} taken in an earlier process, so the steps after a resume
   * are judged as in the uninterrupted run. Returns false, changing nothing, when {@code series}
   * holds no health memory (a version-1 checkpoint) or an unusable one: the monitor then learns
   * its early level and windows afresh from the resumed steps.
   */
  public boolean restoreMemory(Map<String, double[]> series) {
    return HealthMemory.restore(this, series);
  }

  /** As {@link #onStep(double, double, int, double, double, Map)} without the optional signals. */
  public Verdict onStep(double loss, double norm, int nonFinite) {
    return onStep(loss, norm, nonFinite, 0, Double.NaN, null);
  }

  /**
   * Records one step and returns the verdict for it (with action "none"; the trainer adds what it
   * did).
   *
   * @param loss the batch loss
   * @param norm the global gradient norm before clipping
   * @param nonFinite number of NaN/±∞ loss and gradient elements
   * @param clipFraction 0 when the step was not clipped; else the share of units clipped (1 for
   *     the whole-gradient modes)
   * @param updateRatio ‖Δw‖/‖w‖ of this step, NaN when not sampled
   * @param tensorNorms per-tensor gradient norms before clipping, or null
   */
  public Verdict onStep(double loss, double norm, int nonFinite, double clipFraction,
      double updateRatio, Map<String, Double> tensorNorms) {
    Verdict v;
    if (nonFinite > 0 || !finite(loss) || !finite(norm)) {
      below = 0;
      v = Verdicts.nonFinite(loss, nonFinite);
    } else {
      v = judge(loss, norm, clipFraction, updateRatio, tensorNorms);
    }
    current = v;
    return v;
  }

  private Verdict judge(double loss, double norm, double clipFraction, double ratio,
      Map<String, Double> tensors) {
    if (Double.isNaN(baseLoss)) {
      baseLoss = loss;
    }
    // The floor keeps a recovery from a vanishing phase from reading as an explosion.
    double medianNorm = Math.max(norms.median(), t.vanishingFloor());
    double medianLoss = losses.median();
    double base = Double.isNaN(baseNorm) ? norm : baseNorm;
    boolean clipped = clipFraction > 0;
    // A fitted loss has a near-zero gradient: its norm swings by orders of magnitude without
    // anything going wrong, so the norm rules and the early level wait for a loss that is not.
    boolean fitted = !Double.isNaN(chance) && loss < t.fittedLossFraction() * chance;
    Verdict v = null;
    if (finite(ratio) && (ratio > t.updateRatioMax()
        || ratio > t.updateRatioLimit() && loss - baseLoss > t.lossRiseMin())) {
      v = Verdicts.updateRatio(ratio, t.updateRatioMax(), loss, baseLoss);
    } else if (losses.count() > 0 && loss > t.lossRiseFactor() * medianLoss
        && loss - medianLoss > t.lossRiseMin()) {
      v = Verdicts.lossSpike(loss, medianLoss, t.lossRiseFactor());
    }
    // Run counters advance on every finite unfitted step, whatever this step's verdict.
    above = !fitted && norm > t.explodeFactor() * Math.max(base, t.vanishingFloor())
        ? above + 1 : 0;
    below = !fitted && norm < Math.max(t.vanishingFactor() * base, t.vanishingFloor())
        ? below + 1 : 0;
    if (!Double.isNaN(chance)) {
      atChance = Math.abs(loss - chance) <= t.chanceTolerance() * chance ? atChance + 1 : 0;
      deadHidden = hiddenGradientIsZero(tensors) && loss >= (1 - t.chanceTolerance()) * chance
          ? deadHidden + 1 : 0;
    }
    if (v == null && !fitted && norms.count() > 0 && norm > t.explodeFactor() * medianNorm
        && norm > base) {
      v = Verdicts.normSpike(norm, medianNorm, base, t.explodeFactor(), looseOr(clipped,
          Verdict.Reason.NORM_SPIKE), dominant(tensors, norm));
    } else if (v == null && above >= t.growthSteps()) {
      v = Verdicts.normGrowth(norm, base, above, looseOr(clipped, Verdict.Reason.NORM_GROWTH),
          dominant(tensors, norm));
    }
    if (v != null) {
      explodedSteps++;
    } else if (earlyCount < early.length && norm > t.vanishingFloor() && !fitted) {
      // Only unflagged, non-zero, unfitted steps set the early level, so an explosion at step 2
      // cannot raise it and a dead or already fitted first step cannot make every later norm
      // look huge.
      early[earlyCount++] = norm;
      baseNorm = median(early, earlyCount);
    }
    if (!fitted) {
      // Fitted norms would make the median of a run leaving the fitted range look like a spike.
      norms.add(norm);
    }
    losses.add(loss);
    clips.add(clipped ? 1 : 0);
    unitClips.add(clipFraction);
    epochSteps++;
    epochClipped += clipped ? 1 : 0;
    // The median before this step stands in for the one after: one quickselect less per step.
    medianLoss = Double.isNaN(medianLoss) ? loss : medianLoss;
    if (losses.count() >= 5) {
      minMedianLoss = Math.min(minMedianLoss, medianLoss);
    }
    if (v != null) {
      return v;
    }
    return judgeSlow(loss, norm, medianLoss);
  }

  /** The rules that need a run of steps: divergence, collapse, vanishing, saturation. */
  private Verdict judgeSlow(double loss, double norm, double medianLoss) {
    if (losses.count() >= t.collapseSteps() && medianLoss > t.lossRiseFactor() * baseLoss
        && medianLoss - baseLoss > t.lossRiseMin()) {
      return Verdicts.lossDiverged(medianLoss, baseLoss);
    }
    if (!Double.isNaN(chance)) {
      if (deadHidden >= t.collapseSteps()) {
        return Verdicts.deadUnits(loss, deadHidden);
      }
      boolean learned = minMedianLoss < LEARNED_FRACTION * chance;
      if (atChance >= t.collapseSteps() && (learned || explodedSteps > 0)) {
        return Verdicts.chanceCollapse(loss, chance, atChance, explodedSteps > 0);
      }
    }
    if (below >= t.vanishingSteps() && medianLoss > t.vanishingLossFraction() * baseLoss) {
      return Verdicts.vanishing(norm, Double.isNaN(baseNorm) ? norm : baseNorm, below, medianLoss,
          baseLoss);
    }
    double windowRate = clips.mean();
    double epochRate = epochSteps >= 5 ? (double) epochClipped / epochSteps : 0;
    double rate = Math.max(windowRate, epochRate);
    if (rate >= t.saturatedClipRate()) {
      // Saturation can last a whole run: formatting its numbers costs more than the clipping,
      // so they are refreshed every REFRESH steps while it lasts.
      if (saturated == null || ++saturatedAge >= REFRESH) {
        saturated = Verdicts.saturated(rate, rate == windowRate ? clips.count() : epochSteps,
            norms.count() > 0 ? norms.median() : norm, adaptive, unitClips.mean());
        saturatedAge = 0;
      }
      return saturated;
    }
    saturated = null;
    if (epochVerdict.kind() != Verdict.Kind.HEALTHY) {
      return epochVerdict;
    }
    if (!Double.isNaN(chance) && atChance >= t.notLearningSteps()) {
      return Verdicts.notLearning(loss, chance, atChance);
    }
    return Verdict.healthy();
  }

  private Verdict.Reason looseOr(boolean clipped, Verdict.Reason reason) {
    return clippingOn && !clipped ? Verdict.Reason.CLIP_TOO_LOOSE : reason;
  }

  /** ", mostly kernel_1 (12.3)" when one tensor carries most of the norm. */
  private static String dominant(Map<String, Double> tensors, double total) {
    if (tensors == null || tensors.size() < 2) {
      return "";
    }
    String name = null;
    double max = -1;
    for (Map.Entry<String, Double> e : tensors.entrySet()) {
      if (e.getValue() > max) {
        max = e.getValue();
        name = e.getKey();
      }
    }
    return max * max > 0.5 * total * total
        ? String.format(Locale.ROOT, ", mostly %s (%.3g)", name, max) : "";
  }

  /** Whether the head has hidden layers and every one of their gradients is exactly zero. */
  private boolean hiddenGradientIsZero(Map<String, Double> tensors) {
    if (tensors == null) {
      return false;
    }
    if (hidden == null) {
      hidden = hiddenTensors(tensors);
    }
    if (hidden.length == 0) {
      return false;
    }
    for (String h : hidden) {
      Double n = tensors.get(h);
      if (n == null || n != 0) {
        return false;
      }
    }
    return true;
  }

  /** kernel_i / bias_i with i below the last layer's index. */
  private static String[] hiddenTensors(Map<String, Double> tensors) {
    int last = -1;
    for (String name : tensors.keySet()) {
      last = Math.max(last, HeadContract.layerOf(name));
    }
    List<String> out = new ArrayList<>();
    for (String name : tensors.keySet()) {
      int i = HeadContract.layerOf(name);
      if (i >= 0 && i < last) {
        out.add(name);
      }
    }
    return out.toArray(new String[0]);
  }


  /** As {@link #onEpoch(double, double)} without the training loss (no OVERFITTING rule). */
  public Verdict onEpoch(double validationLoss) {
    return onEpoch(validationLoss, Double.NaN);
  }

  /**
   * Records one epoch's validation loss (NaN without a validation set: nothing is judged) and
   * mean training loss, and returns the verdict. STALLED and OVERFITTING stay until the
   * validation loss improves; step rules that are more severe still win on later steps.
   */
  public Verdict onEpoch(double validationLoss, double trainLoss) {
    epochSteps = 0;
    epochClipped = 0;
    if (!Double.isNaN(validationLoss)) {
      lastValidation = validationLoss;
      if (validationLoss < bestValidation - t.stallMinDelta()) {
        bestValidation = validationLoss;
        bestTrainLoss = trainLoss;
        epochsWithoutImprovement = 0;
        risingEpochs = 0;
        epochVerdict = Verdict.healthy();
      } else {
        epochsWithoutImprovement++;
        boolean trainFalls = !Double.isNaN(trainLoss) && !(trainLoss >= lastTrainLoss)
            && trainLoss < bestTrainLoss;
        // Relative and absolute: a tiny loss doubling on a separable set is noise, not overfitting.
        boolean rising = validationLoss > bestValidation * (1 + t.overfitMargin())
            && validationLoss - bestValidation > t.overfitMinRise();
        risingEpochs = trainFalls && rising ? risingEpochs + 1 : 0;
        if (risingEpochs >= t.overfitEpochs()) {
          epochVerdict = Verdicts.overfitting(validationLoss, bestValidation, trainLoss,
              risingEpochs);
        } else if (epochsWithoutImprovement >= t.stallEpochs()) {
          epochVerdict = Verdicts.stalled(epochsWithoutImprovement, bestValidation);
        } else {
          epochVerdict = Verdict.healthy();
        }
      }
    }
    lastTrainLoss = trainLoss;
    Verdict.Kind k = current.kind();
    // A step rule's verdict outranks the epoch's until the next step judges again.
    if (k == Verdict.Kind.HEALTHY || k == Verdict.Kind.STALLED || k == Verdict.Kind.OVERFITTING) {
      current = epochVerdict;
    }
    return current;
  }

  /**
   * Clears the rolling windows and run counters (after a rollback the old norms describe other
   * weights). The early baseline and the memory of explosions stay.
   */
  public void resetWindow() {
    norms.clear();
    losses.clear();
    clips.clear();
    unitClips.clear();
    above = 0;
    below = 0;
    atChance = 0;
    deadHidden = 0;
  }

  private static double median(double[] a, int n) {
    double[] c = java.util.Arrays.copyOf(a, n);
    java.util.Arrays.sort(c);
    return n % 2 == 1 ? c[n / 2] : 0.5 * (c[n / 2 - 1] + c[n / 2]);
  }

  private static boolean finite(double v) {
    return !Double.isNaN(v) && !Double.isInfinite(v);
  }
}
