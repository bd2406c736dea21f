package org.snaptune.health;

import java.util.Locale;

/**
 * The gradient-health judgement at one moment of training: a kind, the rule that fired (its
 * {@link Reason}), a one-line explanation in numbers fit for a UI, the advice for the user (what to
 * change) and the action the trainer took because of it (or "none"). Immutable and thread-safe.
 */
public final class Verdict {

  /** Kinds, in increasing severity: a step judged by several rules gets the most severe. */
  public enum Kind {
    /** Norms, loss and clipping behave. */
    HEALTHY,
    /** No validation improvement for a number of epochs, or the loss sits at chance level. */
    STALLED,
    /** Training loss falls while validation loss rises. */
    OVERFITTING,
    /** Most steps (or, for AGC, most units) are clipped: the threshold sets the step size. */
    SATURATED_CLIPPING,
    /** Gradient norm collapsed far below its early level while the loss is still high. */
    VANISHING,
    /** Loss back at chance level after learning started or after an explosion; or dead ReLUs. */
    COLLAPSED,
    /** Gradient norm, loss or update size far above their early or recent level. */
    EXPLODING,
    /** Non-finite loss or gradients, or a loss that stays far above where it started. */
    DIVERGED;

    /** Whether a run that ends in this state failed (its model must not be used). */
    public boolean isFailure() {
      return this == COLLAPSED || this == DIVERGED;
    }

    /**
     * The kind named {@code name} (case-insensitive, '-' or ' ' for '_').
     *
     * @throws IllegalArgumentException naming the text and every valid name
     */
    public static Kind parse(String name) {
      String n = name == null ? "" : name.trim().toUpperCase(Locale.ROOT).replace('-', '_')
          .replace(' ', '_');
      for (Kind k : values()) {
        if (k.name().equals(n)) {
          return k;
        }
      }
      StringBuilder valid = new StringBuilder();
      for (Kind k : values()) {
        valid.append(valid.length() == 0 ? "" : ", ").append(k.name().toLowerCase(Locale.ROOT));
      }
      throw new IllegalArgumentException("unknown verdict '" + name + "'; valid: " + valid);
    }
  }

  /** The rule behind a verdict, so screens and tests need not read the explanation text. */
  public enum Reason {
    NONE,
    /** NaN or ±∞ in the loss or a gradient. */
    NON_FINITE,
    /** One step's norm far above the rolling median and above the early level. */
    NORM_SPIKE,
    /** The norm stayed far above its early level for several steps. */
    NORM_GROWTH,
    /** The loss jumped far above its rolling median, relatively and absolutely. */
    LOSS_SPIKE,
    /** The update was larger than the weights it changed (or large while the loss rose). */
    UPDATE_RATIO,
    /** Clipping is on but let an exploding norm through: the threshold is too loose. */
    CLIP_TOO_LOOSE,
    /** Most steps were clipped: the threshold is too tight. */
    CLIP_TOO_TIGHT,
    /** Adaptive clipping clipped most units: λ is too small. */
    AGC_SATURATED,
    /** The norm fell far below its early level while the loss stayed high. */
    VANISHING_NORM,
    /** The loss returned to ln C (chance) after learning or an explosion. */
    CHANCE_LOSS,
    /** Hidden layers get no gradient at all (dead ReLUs) while the loss is at chance. */
    DEAD_UNITS,
    /** The rolling loss stays far above the starting loss. */
    LOSS_DIVERGED,
    /** The loss has stayed at chance level from the start. */
    NOT_LEARNING,
    /** No validation-loss improvement for several epochs. */
    NO_IMPROVEMENT,
    /** Validation loss rising while training loss falls. */
    VALIDATION_RISING
  }

  private static final Verdict HEALTHY = new Verdict(Kind.HEALTHY, Reason.NONE,
      "gradient norms, loss and clipping within normal range", "", "none");

  private final Kind kind;
  private final Reason reason;
  private final String explanation;
  private final String advice;
  private final String action;

  /** A verdict without a specific reason or advice. */
  public Verdict(Kind kind, String explanation, String action) {
    this(kind, Reason.NONE, explanation, "", action);
  }

  /**
   * @param advice what the user should change; empty when nothing
   * @param action what the trainer did, "none" when nothing
   */
  public Verdict(Kind kind, Reason reason, String explanation, String advice, String action) {
    if (kind == null || reason == null || explanation == null || advice == null
        || action == null) {
      throw new IllegalArgumentException(
          "a verdict needs a kind, a reason, an explanation, advice and an action");
    }
    this.kind = kind;
    this.reason = reason;
    this.explanation = explanation;
    this.advice = advice;
    this.action = action;
  }

  /** The healthy verdict with no action (a shared instance: allocation-free per step). */
  public static Verdict healthy() {
    return HEALTHY;
  }

  public Kind kind() { return kind; }
  public Reason reason() { return reason; }
  public String explanation() { return explanation; }
  /** What to change, for the user; empty for HEALTHY. */
  public String advice() { return advice; }
  public String action() { return action; }

  /** A copy with another action. */
  public Verdict withAction(String newAction) {
    return newAction.equals(action) ? this
        : new Verdict(kind, reason, explanation, advice, newAction);
  }

  @Override
  public String toString() {
    return kind + ": " + explanation + ("none".equals(action) ? "" : " (" + action + ")")
        + (advice.isEmpty() ? "" : "; advice: " + advice);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Verdict)) {
      return false;
    }
    Verdict v = (Verdict) o;
    return kind == v.kind && reason == v.reason && explanation.equals(v.explanation)
        && advice.equals(v.advice) && action.equals(v.action);
  }

  @Override
  public int hashCode() {
    return (kind.hashCode() * 31 + reason.hashCode()) * 31 + explanation.hashCode();
  }
}
