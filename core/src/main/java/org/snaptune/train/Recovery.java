package org.snaptune.train;

import java.util.Locale;
import org.snaptune.health.HealthThresholds;
import org.snaptune.health.StepReport;
import org.snaptune.health.Verdict;

/**
 * What a {@link Trainer} does about trouble, in the manner of dynamic loss scaling: back the
 * learning rate off on a non-finite step or on an EXPLODING / COLLAPSED / finitely DIVERGED one,
 * roll back to the last good snapshot when the damage is large, and grow the rate back after a
 * run of clean steps. Every action comes back as text for the step's verdict, and as a
 * {@link StepReport.Recovery}. Not thread-safe: one per trainer, on its thread.
 */
final class Recovery {

  private final Trainer t;
  private StepReport.Recovery last = StepReport.Recovery.NONE;
  private boolean gaveUp;
  private int sinceBackoff = Integer.MAX_VALUE;

  Recovery(Trainer trainer) {
    this.t = trainer;
  }

  /** The strongest action of the last call. */
  StepReport.Recovery last() { return last; }

  /** Whether recovery gave up on the last call (the run must end). */
  boolean gaveUp() { return gaveUp; }

  void reset() {
    last = StepReport.Recovery.NONE;
    gaveUp = false;
    sinceBackoff = Integer.MAX_VALUE;
  }

  /** After a skipped non-finite step: back off, and roll back after several in a row. */
  String nonFinite() {
    TrainerState s = t.state();
    TrainerConfig c = t.config();
    s.cleanSteps = 0;
    s.consecutiveBad++;
    backOff();
    last = StepReport.Recovery.SKIPPED;
    String action = String.format(Locale.ROOT,
        "%d non-finite step%s skipped, learning rate backed off to x%.3g", s.consecutiveBad,
        s.consecutiveBad == 1 ? "" : "s", s.backoff);
    if (s.consecutiveBad >= c.rollbackAfter()) {
      action += rollbackOrGiveUp();
    }
    return action;
  }

  /** After an applied finite step judged {@code v}; returns the action text, "none" if none. */
  String afterStep(Verdict v, double loss, double ratio) {
    TrainerState s = t.state();
    TrainerConfig c = t.config();
    last = StepReport.Recovery.NONE;
    gaveUp = false;
    sinceBackoff = sinceBackoff == Integer.MAX_VALUE ? sinceBackoff : sinceBackoff + 1;
    Verdict.Kind k = v.kind();
    boolean trouble = k == Verdict.Kind.EXPLODING || k == Verdict.Kind.COLLAPSED
        || k == Verdict.Kind.DIVERGED;
    if (!trouble) {
      s.cleanSteps++;
      if (s.backoff < 1 && s.cleanSteps >= c.growthInterval()) {
        s.backoff = Math.min(1, s.backoff * c.growthFactor());
        s.cleanSteps = 0;
        last = StepReport.Recovery.GREW_BACK;
        return String.format(Locale.ROOT, "learning rate grew back to x%.3g after %d clean steps",
            s.backoff, c.growthInterval());
      }
      return "none";
    }
    s.cleanSteps = 0;
    if (!c.finiteRecovery()) {
      return "none";
    }
    boolean severe = k != Verdict.Kind.EXPLODING || farAboveStart(loss)
        || v.reason() == Verdict.Reason.UPDATE_RATIO && ratio > c.health().updateRatioMax();
    HealthThresholds h = c.health();
    // A norm that stays high flags every step; halving on each would stop training, so a mild
    // episode backs off once per growthSteps steps.
    if (!severe && sinceBackoff < h.growthSteps()) {
      return "none";
    }
    backOff();
    last = StepReport.Recovery.BACKED_OFF;
    String action = String.format(Locale.ROOT, "learning rate backed off to x%.3g", s.backoff);
    if (severe) {
      action += rollbackOrGiveUp();
    }
    return action;
  }

  private boolean farAboveStart(double loss) {
    double base = t.monitor().baselineLoss();
    HealthThresholds h = t.config().health();
    return loss > h.lossRiseFactor() * base && loss - base > h.lossRiseMin();
  }

  private void backOff() {
    TrainerState s = t.state();
    TrainerConfig c = t.config();
    s.backoff = Math.max(s.backoff * c.backoffFactor(), c.minBackoff());
    sinceBackoff = 0;
  }

  private String rollbackOrGiveUp() {
    TrainerState s = t.state();
    if (s.rollbacks >= t.config().maxRollbacks()) {
      gaveUp = true;
      last = StepReport.Recovery.GAVE_UP;
      return String.format(Locale.ROOT, "; recovery failed after %d rollbacks", s.rollbacks);
    }
    last = StepReport.Recovery.ROLLED_BACK;
    return ", rolled back to the weights of applied step " + t.rollback();
  }
}
