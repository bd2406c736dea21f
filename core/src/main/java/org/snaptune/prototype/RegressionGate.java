package org.snaptune.prototype;

import java.util.Locale;

/**
 * Never replace a working classifier with a worse one: a new classifier is accepted only if, on
 * the classes the previous head knew, its held-out accuracy is at most {@value #MAX_LOSS_POINTS}
 * points below the previous head's recorded held-out accuracy, weighted by the new held-out
 * samples of each class (so both numbers describe the same class mix). Stateless and thread-safe.
 */
public final class RegressionGate {

  /** Largest allowed loss in accuracy points on the previous classes. */
  public static final double MAX_LOSS_POINTS = 2.0;

  /** The gate's verdict and the sentence saying why. */
  public static final class Decision {
    private final boolean accepted;
    private final double previous;
    private final double next;
    private final String reason;

    Decision(boolean accepted, double previous, double next, String reason) {
      this.accepted = accepted;
      this.previous = previous;
      this.next = next;
      this.reason = reason;
    }

    public boolean accepted() { return accepted; }
    /** The previous head's accuracy on the shared classes, NaN when not compared. */
    public double previousAccuracy() { return previous; }
    /** The new classifier's accuracy on the shared classes, NaN when not compared. */
    public double newAccuracy() { return next; }
    public String reason() { return reason; }

    @Override
    public String toString() {
      return (accepted ? "accepted: " : "rejected: ") + reason;
    }
  }

  private RegressionGate() {}

  /**
   * @param previous the previous head's record, or null when there is no previous head or it has
   *     no record (imported, or saved by an older version)
   * @param next the new classifier's held-out predictions, or null when nothing was held out
   */
  public static Decision check(HeldOutRecord previous, HeldOut next) {
    if (previous == null) {
      return new Decision(true, Double.NaN, Double.NaN,
          "no earlier trained head with a held-out record to compare with");
    }
    if (next == null) {
      return new Decision(true, Double.NaN, Double.NaN, "nothing could be held out to compare"
          + " with the earlier head");
    }
    int[][] m = next.evaluation().confusionMatrix();
    double weightedPrevious = 0;
    int correct = 0;
    int total = 0;
    for (int k = 0; k < m.length; k++) {
      double[] old = previous.perClass().get(next.evaluation().classNames().get(k));
      if (old == null) {
        continue;
      }
      int n = 0;
      for (int v : m[k]) {
        n += v;
      }
      weightedPrevious += old[0] * n;
      correct += m[k][k];
      total += n;
    }
    if (total == 0) {
      return new Decision(true, Double.NaN, Double.NaN,
          "no held-out samples of the earlier head's classes to compare on");
    }
    double before = weightedPrevious / total;
    double after = (double) correct / total;
    double loss = 100 * (before - after);
    boolean ok = loss <= MAX_LOSS_POINTS + 1e-9;
    String classes = total + " held-out samples of the earlier classes";
    return new Decision(ok, before, after, ok
        ? String.format(Locale.ROOT, "no regression: %s vs %s before on %s",
            Selection.pct(after), Selection.pct(before), classes)
        : String.format(Locale.ROOT, "it would lose %.1f points on the earlier classes (%s vs %s"
            + " before on %s; at most %.0f allowed), so the earlier head stays", loss,
            Selection.pct(after), Selection.pct(before), classes, MAX_LOSS_POINTS));
  }
}
