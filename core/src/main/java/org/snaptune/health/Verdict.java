package org.snaptune.health;

/**
 * The gradient-health judgement at one moment of training: a kind, a one-line explanation fit for a
 * UI and the action the trainer took because of it (or "none"). Immutable and thread-safe.
 */
public final class Verdict {

  /** Kinds, in increasing severity: a step judged by several rules gets the most severe. */
  public enum Kind {
    /** Norms and loss behave. */
    HEALTHY,
    /** No validation improvement for a number of epochs. */
    STALLED,
    /** Gradient norm below a floor for a number of steps in a row. */
    VANISHING,
    /** Gradient norm far above its running median, or loss rising fast. */
    EXPLODING,
    /** Non-finite loss or gradients. */
    DIVERGED
  }

  private final Kind kind;
  private final String explanation;
  private final String action;

  public Verdict(Kind kind, String explanation, String action) {
    if (kind == null || explanation == null || action == null) {
      throw new IllegalArgumentException("a verdict needs a kind, an explanation and an action");
    }
    this.kind = kind;
    this.explanation = explanation;
    this.action = action;
  }

  /** The healthy verdict with no action. */
  public static Verdict healthy() {
    return new Verdict(Kind.HEALTHY, "gradient norms and loss within normal range", "none");
  }

  public Kind kind() { return kind; }
  public String explanation() { return explanation; }
  public String action() { return action; }

  /** A copy with another action. */
  public Verdict withAction(String newAction) {
    return new Verdict(kind, explanation, newAction);
  }

  @Override
  public String toString() {
    return kind + ": " + explanation + ("none".equals(action) ? "" : " (" + action + ")");
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Verdict)) {
      return false;
    }
    Verdict v = (Verdict) o;
    return kind == v.kind && explanation.equals(v.explanation) && action.equals(v.action);
  }

  @Override
  public int hashCode() {
    return kind.hashCode() * 31 + explanation.hashCode();
  }
}
