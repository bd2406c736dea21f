package org.snaptune.chart;

/**
 * Reduces a long series to a few points per pixel column without hiding what matters on a training
 * chart: each bucket keeps its first, lowest, highest and last finite point (in x order), so a
 * single exploding gradient norm stays visible, and one non-finite point if the bucket had any, so
 * a NaN step still shows as a gap. Stateless and thread-safe.
 */
public final class Downsampler {

  private Downsampler() {}

  /**
   * At most {@code maxPoints} (≥ 8) points from the first {@code size} of {@code xs}/{@code ys},
   * which must be in increasing x order. Returns a copy; the inputs are not modified.
   */
  public static Points minMax(float[] xs, float[] ys, int size, int maxPoints) {
    if (maxPoints < 8) {
      throw new IllegalArgumentException("maxPoints must be at least 8, got " + maxPoints);
    }
    if (size < 0 || size > xs.length || size > ys.length) {
      throw new IllegalArgumentException("size " + size + " exceeds the arrays ("
          + xs.length + ", " + ys.length + ")");
    }
    if (size <= maxPoints) {
      return new Points(java.util.Arrays.copyOf(xs, size), java.util.Arrays.copyOf(ys, size), size);
    }
    // Five points per bucket at most: first, min, max, last and one non-finite marker.
    int buckets = Math.max(1, maxPoints / 5);
    float[] ox = new float[buckets * 5];
    float[] oy = new float[buckets * 5];
    int n = 0;
    for (int b = 0; b < buckets; b++) {
      int from = (int) ((long) size * b / buckets);
      int to = (int) ((long) size * (b + 1) / buckets);
      int first = -1;
      int last = -1;
      int min = -1;
      int max = -1;
      int bad = -1;
      for (int i = from; i < to; i++) {
        float y = ys[i];
        if (Float.isNaN(y) || Float.isInfinite(y)) {
          if (bad < 0) {
            bad = i;
          }
          continue;
        }
        if (first < 0) {
          first = i;
        }
        last = i;
        if (min < 0 || y < ys[min]) {
          min = i;
        }
        if (max < 0 || y > ys[max]) {
          max = i;
        }
      }
      int[] keep = sortedDistinct(first, min, max, last, bad);
      for (int i : keep) {
        ox[n] = xs[i];
        oy[n] = ys[i];
        n++;
      }
    }
    return new Points(ox, oy, n);
  }

  private static int[] sortedDistinct(int... idx) {
    java.util.Arrays.sort(idx);
    int[] out = new int[idx.length];
    int n = 0;
    for (int i : idx) {
      if (i >= 0 && (n == 0 || out[n - 1] != i)) {
        out[n++] = i;
      }
    }
    return java.util.Arrays.copyOf(out, n);
  }
}
