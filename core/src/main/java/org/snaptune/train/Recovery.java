package org.snaptune.train;

import java.util.Locale;
import org.snaptune.health.GradientHealthMonitor;
import org.snaptune.health.HealthThresholds;
import org.snaptune.health.StepReport;
import org.snaptune.health.Verdict;

/**
 * What a {@link Trainer} does about trouble, in the manner of dynamic loss scaling: back the
 * learning rate off on a non-finite step or on an EXPLODING / COLLAPSED / finitely DIVERGED one,
 * roll back to the last good snapshot when the damage is large, and grow the rate back after a
 * run of clean steps. Every action comes back as text for the step's verdict, and as a
 * {@link StepReport.Recovery}. Not thread-safe: one per training run, on its thread.
 */
final class Recovery {

  private final TrainerConfig config;
  private final TrainerState s;
  private final GradientHealthMonitor monitor;
  private final LastGood lastGood;
  private StepReport.Recovery last = StepReport.Recovery.NONE;
  private boolean gaveUp;
  private int sinceGrowth = Integer.MAX_VALUE;
  private int failedGrowths;

  Recovery(TrainerConfig config, TrainerState state, GradientHealthMonitor monitor,
      LastGood lastGood) {
    this.config = config;
    this.s = state;
    this.monitor = monitor;
    this.lastGood = lastGood;
  }

  /** The strongest action of the last call. */
  StepReport.Recovery last() { return last; }

  /** Whether recovery gave up on the last call (the run must end). */
  boolean gaveUp() { return gaveUp; }

  /**
   * Clean steps needed before the next growth: the configured interval, doubled for every growth
   * that trouble followed within one interval (at most 16x), so a rate that keeps failing is not
   * retried at the same pace.
   */
  int growthInterval() {
    return config.growthInterval() << Math.min(failedGrowths, 4);
  }

  /** After a skipped non-finite step: back off, and roll back after several in a row. */
  String nonFinite() {
    s.cleanSteps = 0;
    s.consecutiveBad++;
    backOff();
    last = StepReport.Recovery.SKIPPED;
    String action = String.format(Locale.ROOT,
        "%d non-finite step%s skipped, learning rate backed off to x%.3g", s.consecutiveBad,
        s.consecutiveBad == 1 ? "" : "s", s.backoff);
    if (s.consecutiveBad >= config.rollbackAfter()) {
      action += rollbackOrGiveUp();
    }
    return action;
  }

  /** After an applied finite step judged {@code v}; returns the action text, "none" if none. */
  String afterStep(Verdict v, double loss, double ratio) {
    last = StepReport.Recovery.NONE;
    gaveUp = false;
    sinceGrowth = sinceGrowth == Integer.MAX_VALUE ? sinceGrowth : sinceGrowth + 1;
    Verdict.Kind k = v.kind();
    boolean trouble = k == Verdict.Kind.EXPLODING || k == Verdict.Kind.COLLAPSED
        || k == Verdict.Kind.DIVERGED;
    if (!trouble) {
      s.cleanSteps++;
      int interval = growthInterval();
      if (s.backoff < 1 && s.cleanSteps >= interval) {
        s.backoff = Math.min(1, s.backoff * config.growthFactor());
        s.cleanSteps = 0;
        sinceGrowth = 0;
        last = StepReport.Recovery.GREW_BACK;
        return String.format(Locale.ROOT, "learning rate grew back to x%.3g after %d clean steps",
            s.backoff, interval);
      }
      return "none";
    }
    s.cleanSteps = 0;
    if (!config.finiteRecovery()) {
      return "none";
    }
    boolean severe = k != Verdict.Kind.EXPLODING || farAboveStart(loss)
        || v.reason() == Verdict.Reason.UPDATE_RATIO && ratio > config.health().updateRatioMax();
    if (sinceGrowth <= growthInterval()) {
      failedGrowths++;
      sinceGrowth = Integer.MAX_VALUE;
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
    double base = monitor.baselineLoss();
    HealthThresholds h = config.health();
    return loss > h.lossRiseFactor() * base && loss - base > h.lossRiseMin();
  }

  private void backOff() {
    s.backoff = Math.max(s.backoff * config.backoffFactor(), config.minBackoff());
  }

  private String rollbackOrGiveUp() {
    if (s.rollbacks >= config.maxRollbacks()) {
      gaveUp = true;
      last = StepReport.Recovery.GAVE_UP;
      return String.format(Locale.ROOT, "; recovery failed after %d rollbacks", s.rollbacks);
    }
    last = StepReport.Recovery.ROLLED_BACK;
    return ", rolled back to the weights of applied step " + lastGood.rollback();
  }
}
