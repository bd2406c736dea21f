package org.snaptune.prototype;

import java.util.Locale;

/**
 * Which classifier serves the user's classes, the held-out evidence for both and the reason in
 * one sentence. AUTO keeps the trained head only when it is more accurate than the prototypes on
 * the same held-out samples; a tie, or no evidence at all (no class has two samples to hold one
 * out), keeps the prototypes: they need no training run, update the moment a sample is added and
 * are what the head started from. Immutable and thread-safe.
 */
public final class Selection {

  /** The two classifiers. */
  public enum Kind { PROTOTYPES, HEAD }

  private final Kind chosen;
  private final HeldOut prototypes;
  private final HeldOut head;
  private final String reason;
  private final boolean stopped;

  private Selection(Kind chosen, HeldOut prototypes, HeldOut head, String reason) {
    this(chosen, prototypes, head, reason, false);
  }

  private Selection(Kind chosen, HeldOut prototypes, HeldOut head, String reason,
      boolean stopped) {
    this.chosen = chosen;
    this.prototypes = prototypes;
    this.head = head;
    this.reason = reason;
    this.stopped = stopped;
  }

  /**
   * Decides for {@code choice} after a stop cut the head's cross-validation short, on what was
   * measured until then: {@code head} holds the folds it finished (null: none) and
   * {@code prototypes} must be judged on the same samples. AUTO without a single measured fold
   * keeps the prototypes. The reason says it was stopped and {@link #stopped()} is true: a
   * stopped comparison never reads as a completed one.
   */
  public static Selection stopped(ClassifierChoice choice, HeldOut prototypes, HeldOut head) {
    if (choice == ClassifierChoice.AUTO && head == null) {
      return new Selection(Kind.PROTOTYPES, prototypes, null, "stopped before cross-validation"
          + " measured the trained head on any fold: kept the prototypes, the head was not"
          + " compared", true);
    }
    Selection s = decide(choice, prototypes, head);
    String measured = head == null ? "before any fold was measured" : "(" + head.method() + ")";
    return new Selection(s.chosen, prototypes, head, "stopped during cross-validation "
        + measured + ", judged on what was measured: " + s.reason, true);
  }

  /**
   * Decides for {@code choice} given both estimates (each may be null: not measured).
   *
   * @throws IllegalArgumentException if {@code choice} is null
   */
  public static Selection decide(ClassifierChoice choice, HeldOut prototypes, HeldOut head) {
    if (choice == null) {
      throw new IllegalArgumentException("classifier choice must not be null; valid: auto,"
          + " prototype, head");
    }
    switch (choice) {
      case PROTOTYPE:
        return new Selection(Kind.PROTOTYPES, prototypes, head, "prototypes were requested");
      case HEAD:
        return new Selection(Kind.HEAD, prototypes, head, "the trained head was requested");
      case AUTO:
        if (prototypes == null || head == null) {
          return new Selection(Kind.PROTOTYPES, prototypes, head, "kept the prototypes: no class"
              + " has two samples, so nothing can be held out to show that a trained head is"
              + " better; add a second photo to each class");
        }
        if (head.accuracy() > prototypes.accuracy()) {
          return new Selection(Kind.HEAD, prototypes, head, String.format(Locale.ROOT,
              "the trained head is more accurate than the prototypes (%s vs %s on the same %d"
                  + " held-out samples)", pct(head.accuracy()), pct(prototypes.accuracy()),
              head.size()));
        }
        return new Selection(Kind.PROTOTYPES, prototypes, head, String.format(Locale.ROOT,
            "kept the prototypes: the trained head is not more accurate (%s vs %s on the same %d"
                + " held-out samples)", pct(head.accuracy()), pct(prototypes.accuracy()),
            head.size()));
      default:
        throw new IllegalArgumentException("unknown classifier choice " + choice);
    }
  }

  static String pct(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f %%", 100 * v);
  }

  public Kind chosen() { return chosen; }
  /** Prototypes on the held-out samples, or null when nothing could be held out. */
  public HeldOut prototypes() { return prototypes; }
  /** The trained head on the held-out samples, or null (not trained or nothing held out). */
  public HeldOut head() { return head; }
  /** The chosen classifier's held-out predictions, or null. */
  public HeldOut chosenHeldOut() { return chosen == Kind.HEAD ? head : prototypes; }
  public String reason() { return reason; }

  /** True when a stop cut the comparison short (see {@link #stopped}). */
  public boolean stopped() { return stopped; }

  @Override
  public String toString() {
    return chosen + ": " + reason;
  }
}
