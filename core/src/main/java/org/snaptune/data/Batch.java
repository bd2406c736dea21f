package org.snaptune.data;

/**
 * One fixed-size mini-batch in the head model's input layout: {@code x[B×D]}, one-hot
 * {@code y[B×C]} and per-row weights {@code w[B]}; rows past {@link #count()} are padding with
 * weight 0. The arrays are reused by the {@link MiniBatcher} that filled it, so a batch is valid
 * until the next fill. Not thread-safe.
 */
public final class Batch {

  final float[] x;
  final float[] y;
  final float[] w;
  final int[] rows;
  int count;

  Batch(int batchSize, int dimension, int numClasses) {
    x = new float[batchSize * dimension];
    y = new float[batchSize * numClasses];
    w = new float[batchSize];
    rows = new int[batchSize];
  }

  /** Embeddings, B×D row-major (shared, do not modify). */
  public float[] x() { return x; }

  /** One-hot labels, B×C row-major (shared, do not modify). */
  public float[] y() { return y; }

  /** Row weights, 0 for padding (shared, do not modify). */
  public float[] w() { return w; }

  /** Number of real (non-padding) rows. */
  public int count() { return count; }

  /** Dataset row index of batch row {@code r} (r &lt; count). */
  public int row(int r) { return rows[r]; }

  public int batchSize() { return w.length; }
}
