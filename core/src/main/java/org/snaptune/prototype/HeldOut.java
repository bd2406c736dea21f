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
  private final boolean complete;

  /** Predictions of a complete estimate (every planned sample held out); see below. */
  public HeldOut(Evaluation evaluation, int[] rows, String method) {
    this(evaluation, rows, method, true);
  }

  /**
   * @param rows for prediction i, its row in the full sample set (-1 when it is not one of them)
   * @param method how the samples were held out, e.g. "5-fold cross-validation over 50 samples"
   * @param complete false when a stop cut the estimate short: only some folds were measured
   */
  public HeldOut(Evaluation evaluation, int[] rows, String method, boolean complete) {
    if (evaluation == null || rows == null || rows.length != evaluation.size()) {
      throw new IllegalArgumentException("held-out predictions need an evaluation and one row per"
          + " prediction, got " + (rows == null ? "no rows" : rows.length + " rows") + " for "
          + (evaluation == null ? "no evaluation" : evaluation.size() + " predictions"));
    }
    this.evaluation = evaluation;
    this.rows = rows.clone();
    this.method = method;
    this.complete = complete;
  }

  public Evaluation evaluation() { return evaluation; }

  /** Accuracy on the held-out samples. */
  public double accuracy() { return evaluation.accuracy(); }

  public int size() { return rows.length; }

  /** Row of prediction {@code i} in the full sample set, or -1. */
  public int row(int i) { return rows[i]; }

  public String method() { return method; }

  /** False when a stop cut the estimate short (see {@link CrossValidation}). */
  public boolean complete() { return complete; }

  /**
   * These predictions restricted to the rows {@code other} holds, in its order and with its
   * method and completeness: prototypes judged on exactly the samples a stopped head estimate
   * reached.
   *
   * @throws IllegalArgumentException if {@code other} holds a row these predictions lack
   */
  public HeldOut onRowsOf(HeldOut other) {
    java.util.Map<Integer, Integer> index = new java.util.HashMap<>();
    for (int i = 0; i < rows.length; i++) {
      index.put(rows[i], i);
    }
    int c = evaluation.classNames().size();
    float[] probs = new float[other.size() * c];
    int[] labels = new int[other.size()];
    for (int j = 0; j < other.size(); j++) {
      Integer i = index.get(other.row(j));
      if (i == null) {
        throw new IllegalArgumentException("row " + other.row(j) + " was not held out here ("
            + method + ")");
      }
      for (int k = 0; k < c; k++) {
        probs[j * c + k] = evaluation.probability(i, k);
      }
      labels[j] = evaluation.label(i);
    }
    return new HeldOut(Evaluation.of(evaluation.classNames(), probs, labels), other.rows,
        other.method, other.complete);
  }

  @Override
  public String toString() {
    return String.format(java.util.Locale.ROOT, "%.4f on %d held-out samples (%s)", accuracy(),
        size(), method);
  }
}
