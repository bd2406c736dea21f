package org.snaptune.train;

import java.util.Locale;
import org.snaptune.health.GradientHealthMonitor;
import org.snaptune.health.HealthThresholds;
import org.snaptune.health.Verdict;
import org.snaptune.metrics.Evaluation;

/** Whether a run that reached its end failed by its health. Stateless. */
final class HealthOutcome {

  private HealthOutcome() {}

  /**
   * Why the run failed, or null: it ends COLLAPSED or DIVERGED, or it exploded and its final
   * model is at chance level on the validation set (loss within twice the chance tolerance of
   * ln C and accuracy at most 1.5 / C).
   *
   * @param last the last published verdict
   * @param validation the final weights on the validation set, or null without one
   */
  static String failure(GradientHealthMonitor monitor, Verdict last, Evaluation validation,
      int numClasses, HealthThresholds t) {
    Verdict now = monitor.current();
    // A last skipped non-finite step is recovered from, not a failure (that is DIVERGED status).
    Verdict failing = failing(now) ? now : failing(last) ? last : null;
    if (failing != null) {
      return "the run ended " + failing.kind() + ": " + failing.explanation();
    }
    if (monitor.explodedSteps() > 0 && validation != null && numClasses >= 2) {
      double chance = Math.log(numClasses);
      if (Math.abs(validation.loss() - chance) <= 2 * t.chanceTolerance() * chance
          && validation.accuracy() <= 1.5 / numClasses) {
        return String.format(Locale.ROOT, "after %d exploding steps the final model is at chance"
            + " level: validation loss %.3g (ln C = %.3g), accuracy %.3f",
            monitor.explodedSteps(), validation.loss(), chance, validation.accuracy());
      }
    }
    return null;
  }

  private static boolean failing(Verdict v) {
    return v.kind().isFailure() && v.reason() != Verdict.Reason.NON_FINITE;
  }
}
