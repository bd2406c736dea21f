package org.snaptune.prototype;

import org.snaptune.metrics.Evaluation;

/**
 * Predictions of one classifier on samples it was not fitted on (a validation set or the
 * held-out folds of a cross-validation), with each prediction's row in the full sample set, so a
 * report can point at the very photo that was misclassified. Immutable and thread-safe.
 */
public final class HeldOut {

  private final Evaluation evaluation;
  private final int[] rows;
  private final String method;

  /**
   * @param rows for prediction i, its row in the full sample set (-1 when it is not one of them)
   * @param method how the samples were held out, e.g. "5-fold cross-validation over 50 samples"
   */
  public HeldOut(Evaluation evaluation, int[] rows, String method) {
    if (evaluation == null || rows == null || rows.length != evaluation.size()) {
      throw new IllegalArgumentException("held-out predictions need an evaluation and one row per"
          + " prediction, got " + (rows == null ? "no rows" : rows.length + " rows") + " for "
          + (evaluation == null ? "no evaluation" : evaluation.size() + " predictions"));
    }
    this.evaluation = evaluation;
    this.rows = rows.clone();
    this.method = method;
  }

  public Evaluation evaluation() { return evaluation; }

  /** Accuracy on the held-out samples. */
  public double accuracy() { return evaluation.accuracy(); }

  public int size() { return rows.length; }

  /** Row of prediction {@code i} in the full sample set, or -1. */
  public int row(int i) { return rows[i]; }

  public String method() { return method; }

  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT, "%.4f on %d held-out samples (%s)", accuracy(),
        size(), method);
  }
}
