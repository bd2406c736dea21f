package org.snaptune.health;

/**
 * The last {@code capacity} values with their sum and an O(n) median. Not thread-safe: the
 * monitor that owns it runs on the training thread.
 */
final class RollingWindow {

  private final double[] ring;
  private final double[] scratch;
  private int count;
  private int next;
  private double sum;

  RollingWindow(int capacity) {
    ring = new double[capacity];
    scratch = new double[capacity];
  }

  void add(double v) {
    if (count == ring.length) {
      sum -= ring[next];
    } else {
      count++;
    }
    ring[next] = v;
    sum += v;
    next = (next + 1) % ring.length;
  }

  int count() { return count; }

  /** Mean of the held values; NaN when empty. */
  double mean() {
    return count == 0 ? Double.NaN : sum / count;
  }

  /** The held values, oldest first. */
  double[] values() {
    double[] out = new double[count];
    int start = count == ring.length ? next : 0;
    for (int i = 0; i < count; i++) {
      out[i] = ring[(start + i) % ring.length];
    }
    return out;
  }

  void clear() {
    count = 0;
    next = 0;
    sum = 0;
  }

  /** Median by quickselect: runs every step, so O(n) beats a sort. NaN when empty. */
  double median() {
    if (count == 0) {
      return Double.NaN;
    }
    System.arraycopy(ring, 0, scratch, 0, count);
    int k = count / 2;
    select(scratch, count, k);
    if (count % 2 == 1) {
      return scratch[k];
    }
    double lower = scratch[0];
    for (int i = 1; i < k; i++) {
      lower = Math.max(lower, scratch[i]);
    }
    return 0.5 * (lower + scratch[k]);
  }

  /** Rearranges a[0..n) so a[k] is the k-th smallest, smaller ones before it, larger after. */
  private static void select(double[] a, int n, int k) {
    int lo = 0;
    int hi = n - 1;
    while (lo < hi) {
      double pivot = a[(lo + hi) >>> 1];
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (a[i] < pivot) {
          i++;
        }
        while (a[j] > pivot) {
          j--;
        }
        if (i <= j) {
          double t = a[i];
          a[i] = a[j];
          a[j] = t;
          i++;
          j--;
        }
      }
      if (k <= j) {
        hi = j;
      } else if (k >= i) {
        lo = i;
      } else {
        return;
      }
    }
  }
}
