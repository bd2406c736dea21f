package org.snaptune.health;

import java.util.Locale;

/**
 * Judges gradient health from the per-step loss and global gradient norm (before clipping) and
 * the per-epoch validation loss. Rules, with the thresholds of {@link HealthThresholds}, the most
 * severe winning:
 * <ul>
 *   <li>DIVERGED — this step's loss or gradients are non-finite;</li>
 *   <li>EXPLODING — with at least {@code minHistory} finite steps in the window, the norm exceeds
 *       {@code explodeFactor × max(their median, vanishingFloor)}, or the loss exceeds {@code lossRiseFactor ×} their
 *       median loss;</li>
 *   <li>VANISHING — the norm has stayed below {@code vanishingFloor} for {@code vanishingSteps}
 *       steps in a row;</li>
 *   <li>STALLED — the validation loss has not improved by {@code stallMinDelta} for
 *       {@code stallEpochs} epochs (kept until it improves);</li>
 *   <li>HEALTHY otherwise.</li>
 * </ul>
 * The window holds the last {@code window} finite steps; non-finite steps never enter it. Not
 * thread-safe: the training thread owns it.
 */
public final class GradientHealthMonitor {

  private final HealthThresholds t;
  private final double[] norms;
  private final double[] losses;
  private final double[] scratch;
  private int count;
  private int next;
  private int belowFloor;
  private double bestValidation = Double.POSITIVE_INFINITY;
  private int epochsWithoutImprovement;
  private Verdict current = Verdict.healthy();

  public GradientHealthMonitor(HealthThresholds thresholds) {
    this.t = thresholds;
    norms = new double[thresholds.window()];
    losses = new double[thresholds.window()];
    scratch = new double[thresholds.window()];
  }

  /** The verdict after the last observation. */
  public Verdict current() { return current; }

  /** The best validation loss seen, +∞ before any. */
  public double bestValidationLoss() { return bestValidation; }

  /**
   * Records one step and returns the verdict for it (with action "none"; the trainer adds what it
   * did).
   *
   * @param loss the batch loss
   * @param norm the global gradient norm before clipping
   * @param nonFinite number of NaN/±∞ gradient elements
   */
  public Verdict onStep(double loss, double norm, int nonFinite) {
    Verdict v;
    if (nonFinite > 0 || isBad(loss) || isBad(norm)) {
      v = new Verdict(Verdict.Kind.DIVERGED, String.format(Locale.ROOT,
          "non-finite step: loss %s, %d non-finite gradient elements", fmt(loss), nonFinite),
          "none");
      belowFloor = 0;
    } else {
      v = judgeFinite(loss, norm);
      norms[next] = norm;
      losses[next] = loss;
      next = (next + 1) % norms.length;
      count = Math.min(count + 1, norms.length);
    }
    current = v;
    return v;
  }

  private Verdict judgeFinite(double loss, double norm) {
    belowFloor = norm < t.vanishingFloor() ? belowFloor + 1 : 0;
    if (count >= t.minHistory()) {
      // The floor keeps a recovery from a vanishing phase from reading as an explosion.
      double medianNorm = Math.max(median(norms), t.vanishingFloor());
      double medianLoss = median(losses);
      if (norm > t.explodeFactor() * medianNorm && medianNorm > 0) {
        return new Verdict(Verdict.Kind.EXPLODING, String.format(Locale.ROOT,
            "gradient norm %.3g is %.0fx the running median %.3g (limit %.0fx)", norm,
            norm / medianNorm, medianNorm, t.explodeFactor()), "none");
      }
      if (loss > t.lossRiseFactor() * medianLoss && medianLoss > 0) {
        return new Verdict(Verdict.Kind.EXPLODING, String.format(Locale.ROOT,
            "loss %.3g is %.1fx the running median %.3g (limit %.1fx)", loss, loss / medianLoss,
            medianLoss, t.lossRiseFactor()), "none");
      }
    }
    if (belowFloor >= t.vanishingSteps()) {
      return new Verdict(Verdict.Kind.VANISHING, String.format(Locale.ROOT,
          "gradient norm below %.1g for %d steps in a row", t.vanishingFloor(), belowFloor),
          "none");
    }
    if (epochsWithoutImprovement >= t.stallEpochs()) {
      return stalled();
    }
    return Verdict.healthy();
  }

  /**
   * Records one epoch's validation loss (NaN when there is no validation set: nothing is judged)
   * and returns the verdict.
   */
  public Verdict onEpoch(double validationLoss) {
    if (!Double.isNaN(validationLoss)) {
      if (validationLoss < bestValidation - t.stallMinDelta()) {
        bestValidation = validationLoss;
        epochsWithoutImprovement = 0;
        if (current.kind() == Verdict.Kind.STALLED) {
          current = Verdict.healthy();
        }
      } else {
        epochsWithoutImprovement++;
        if (epochsWithoutImprovement >= t.stallEpochs()
            && current.kind().compareTo(Verdict.Kind.STALLED) <= 0) {
          current = stalled();
        }
      }
    }
    return current;
  }

  private Verdict stalled() {
    return new Verdict(Verdict.Kind.STALLED, String.format(Locale.ROOT,
        "no validation improvement for %d epochs (best loss %.4g)", epochsWithoutImprovement,
        bestValidation), "none");
  }

  /** Clears the step window (after a rollback the old norms describe other weights). */
  public void resetWindow() {
    count = 0;
    next = 0;
    belowFloor = 0;
  }

  /** Median of the window by quickselect: runs every step, so O(n) beats a sort. */
  private double median(double[] ring) {
    System.arraycopy(ring, 0, scratch, 0, count);
    int k = count / 2;
    select(scratch, count, k);
    if (count % 2 == 1) {
      return scratch[k];
    }
    double lower = scratch[0];
    for (int i = 1; i < k; i++) {
      lower = Math.max(lower, scratch[i]);
    }
    return 0.5 * (lower + scratch[k]);
  }

  /** Rearranges a[0..n) so a[k] is the k-th smallest, smaller ones before it, larger after. */
  private static void select(double[] a, int n, int k) {
    int lo = 0;
    int hi = n - 1;
    while (lo < hi) {
      double pivot = a[(lo + hi) >>> 1];
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (a[i] < pivot) {
          i++;
        }
        while (a[j] > pivot) {
          j--;
        }
        if (i <= j) {
          double t = a[i];
          a[i] = a[j];
          a[j] = t;
          i++;
          j--;
        }
      }
      if (k <= j) {
        hi = j;
      } else if (k >= i) {
        lo = i;
      } else {
        return;
      }
    }
  }

  private static boolean isBad(double v) {
    return Double.isNaN(v) || Double.isInfinite(v);
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4g", v);
  }
}
