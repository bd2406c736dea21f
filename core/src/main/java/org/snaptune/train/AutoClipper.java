package org.snaptune.train;

import java.util.Arrays;
import java.util.Map;

/**
 * {@link Clipping#autoPercentile(double)}, AutoClip (Seetharaman et al. 2020): keeps the finite
 * global norms of the last {@link #HISTORY} steps, sorted for the percentile and in arrival order
 * for eviction, so memory and cost stay bounded however long the run, and clips as global-norm
 * mode to that percentile. {@link #reset()} forgets them (after a rollback they describe other
 * weights). Not thread-safe: one per training run.
 */
final class AutoClipper implements GradientClipper {

  /** Norms AutoClip remembers: the percentile of a recent history, in bounded memory. */
  static final int HISTORY = 1000;

  private final double percentile;
  private final double[] sorted = new double[HISTORY];
  private final double[] arrival = new double[HISTORY];
  private int size;
  private int next;

  AutoClipper(double percentile) {
    this.percentile = percentile;
  }

  @Override
  public ClipResult clip(Map<String, float[]> gradients, Map<String, Double> norms,
      Map<String, float[]> weights, Map<String, int[]> shapes) {
    double before = Norms.combine(norms);
    if (Double.isNaN(before) || Double.isInfinite(before)) {
      return new ClipResult(before, before, size == 0 ? Double.NaN : threshold(), false);
    }
    insert(before);
    return GlobalNormClipper.scaleTo(gradients, before, threshold());
  }

  private void insert(double v) {
    if (size == sorted.length) {
      // Evict the oldest norm from the sorted view; the arrival ring then reuses its slot.
      int old = Arrays.binarySearch(sorted, 0, size, arrival[next]);
      System.arraycopy(sorted, old + 1, sorted, old, size - old - 1);
      size--;
    }
    arrival[next] = v;
    next = (next + 1) % arrival.length;
    int pos = Arrays.binarySearch(sorted, 0, size, v);
    if (pos < 0) {
      pos = -pos - 1;
    }
    System.arraycopy(sorted, pos, sorted, pos + 1, size - pos);
    sorted[pos] = v;
    size++;
  }

  @Override
  public void reset() {
    size = 0;
    next = 0;
  }

  @Override
  public double[] history() {
    double[] out = new double[size];
    int start = size == arrival.length ? next : 0;
    for (int i = 0; i < size; i++) {
      out[i] = arrival[(start + i) % arrival.length];
    }
    return out;
  }

  @Override
  public void restoreHistory(double[] values) {
    reset();
    for (int i = Math.max(0, values.length - HISTORY); i < values.length; i++) {
      if (values[i] >= 0 && !Double.isInfinite(values[i])) {
        insert(values[i]);
      }
    }
  }

  /** The percentile of the history, interpolating linearly between order statistics (numpy). */
  private double threshold() {
    double rank = percentile / 100.0 * (size - 1);
    int lo = (int) Math.floor(rank);
    int hi = Math.min(size - 1, lo + 1);
    return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
  }

  @Override
  public boolean needsWeights() { return false; }
}
