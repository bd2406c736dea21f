package org.snaptune.health;

import java.util.Locale;

/**
 * The explanation and advice of every rule of {@link GradientHealthMonitor}, in numbers. Formatting
 * happens only on steps that are not healthy. Stateless.
 */
final class Verdicts {

  private static final String LOWER_LR = "lower the learning rate (x0.1) or enable clipping"
      + " (global:1.0)";

  private Verdicts() {}

  static Verdict nonFinite(double loss, int nonFinite) {
    return new Verdict(Verdict.Kind.DIVERGED, Verdict.Reason.NON_FINITE, String.format(Locale.ROOT,
        "non-finite step: loss %s, %d non-finite gradient elements", g(loss), nonFinite),
        LOWER_LR + "; check the embeddings for extreme values", "none");
  }

  static Verdict updateRatio(double ratio, double limit, double loss, double baseLoss) {
    String why = ratio > limit
        ? String.format(Locale.ROOT, "update/weight ratio %.3g: the step changed the weights by"
            + " more than %.3g x their size", ratio, limit)
        : String.format(Locale.ROOT, "update/weight ratio %.3g (above %.3g) while the loss %.3g is"
            + " well above its start %.3g", ratio, limit, loss, baseLoss);
    return new Verdict(Verdict.Kind.EXPLODING, Verdict.Reason.UPDATE_RATIO, why, LOWER_LR, "none");
  }

  static Verdict lossSpike(double loss, double median, double factor) {
    return new Verdict(Verdict.Kind.EXPLODING, Verdict.Reason.LOSS_SPIKE, String.format(Locale.ROOT,
        "loss %.3g is %.3gx the rolling median %.3g (limit %.3gx)", loss, loss / median, median,
        factor), LOWER_LR, "none");
  }

  static Verdict normSpike(double norm, double median, double base, double factor,
      Verdict.Reason reason, String tensor) {
    return new Verdict(Verdict.Kind.EXPLODING, reason, String.format(Locale.ROOT,
        "gradient norm %.3g is %.3gx the rolling median %.3g and %.3gx the early level %.3g"
            + " (limit %.3gx)%s", norm, norm / median, median, norm / base, base, factor,
        tensor), advice(reason), "none");
  }

  static Verdict normGrowth(double norm, double base, int steps, Verdict.Reason reason,
      String tensor) {
    return new Verdict(Verdict.Kind.EXPLODING, reason, String.format(Locale.ROOT,
        "gradient norm %.3g is %.3gx its early level %.3g for %d steps in a row%s", norm,
        norm / base, base, steps, tensor), advice(reason), "none");
  }

  private static String advice(Verdict.Reason reason) {
    return reason == Verdict.Reason.CLIP_TOO_LOOSE
        ? "clipping let it through: lower the clipping threshold to about the early norm, or"
            + " lower the learning rate"
        : LOWER_LR;
  }

  static Verdict lossDiverged(double median, double base) {
    return new Verdict(Verdict.Kind.DIVERGED, Verdict.Reason.LOSS_DIVERGED,
        String.format(Locale.ROOT, "rolling loss %.3g stays %.3gx the starting loss %.3g",
            median, median / base, base), LOWER_LR, "none");
  }

  static Verdict chanceCollapse(double loss, double chance, int steps, boolean afterExplosion) {
    return new Verdict(Verdict.Kind.COLLAPSED, Verdict.Reason.CHANCE_LOSS,
        String.format(Locale.ROOT, "loss %.3g has sat at chance level ln C = %.3g for %d steps %s",
            loss, chance, steps, afterExplosion ? "after an explosion" : "after learning started"),
        "the model predicts no better than guessing: " + LOWER_LR + ", then train again",
        "none");
  }

  static Verdict deadUnits(double loss, int steps) {
    return new Verdict(Verdict.Kind.COLLAPSED, Verdict.Reason.DEAD_UNITS,
        String.format(Locale.ROOT, "hidden layers got zero gradient for %d steps (dead ReLUs)"
            + " with the loss %.3g at chance level", steps, loss),
        "the hidden units died: " + LOWER_LR + ", then train again", "none");
  }

  static Verdict notLearning(double loss, double chance, int steps) {
    return new Verdict(Verdict.Kind.STALLED, Verdict.Reason.NOT_LEARNING,
        String.format(Locale.ROOT, "loss %.3g has stayed at chance level ln C = %.3g for %d steps",
            loss, chance, steps),
        "raise the learning rate, or check that samples and labels match", "none");
  }

  static Verdict vanishing(double norm, double base, int steps, double loss, double baseLoss) {
    return new Verdict(Verdict.Kind.VANISHING, Verdict.Reason.VANISHING_NORM,
        String.format(Locale.ROOT, "gradient norm %.3g is %.1g of its early level %.3g for %d"
            + " steps while the loss %.3g is still %.0f%% of its start", norm, norm / base, base,
            steps, loss, 100 * loss / baseLoss),
        "raise the learning rate, use Adam, or a He initialiser for hidden layers", "none");
  }

  static Verdict saturated(double rate, int steps, double medianNorm, boolean adaptive,
      double unitRate) {
    if (adaptive) {
      return new Verdict(Verdict.Kind.SATURATED_CLIPPING, Verdict.Reason.AGC_SATURATED,
          String.format(Locale.ROOT, "adaptive clipping clipped %.0f%% of the last %d steps (%.0f%%"
              + " of units): the clipping, not the gradient, sets the step", 100 * rate, steps,
              100 * unitRate),
          "AGC λ too small for this optimizer: raise λ (e.g. x10) or use global-norm clipping",
          "none");
    }
    return new Verdict(Verdict.Kind.SATURATED_CLIPPING, Verdict.Reason.CLIP_TOO_TIGHT,
        String.format(Locale.ROOT, "clipping saturated: %.0f%% of the last %d steps clipped"
            + " (median norm %.3g): threshold too tight", 100 * rate, steps, medianNorm),
        String.format(Locale.ROOT, "raise the clipping threshold to about %.2g, or lower the"
            + " learning rate instead", 2 * medianNorm), "none");
  }

  static Verdict stalled(int epochs, double best) {
    return new Verdict(Verdict.Kind.STALLED, Verdict.Reason.NO_IMPROVEMENT,
        String.format(Locale.ROOT, "no validation improvement for %d epochs (best loss %.4g)",
            epochs, best),
        "stop here (early stopping), or lower the learning rate on plateaus", "none");
  }

  static Verdict overfitting(double validation, double best, double train, int epochs) {
    return new Verdict(Verdict.Kind.OVERFITTING, Verdict.Reason.VALIDATION_RISING,
        String.format(Locale.ROOT, "validation loss %.4g is %.0f%% above its best %.4g for %d"
            + " epochs while the training loss falls to %.4g", validation,
            100 * (validation / best - 1), best, epochs, train),
        "add samples, raise L2 or label smoothing, or stop early (the best weights are kept)",
        "none");
  }

  private static String g(double v) {
    return String.format(Locale.ROOT, "%.4g", v);
  }
}
