package org.snaptune.chart;

import java.util.Arrays;

/**
 * A growing (x, y) series for a live chart, such as loss per step. One thread appends (the
 * training thread) while another takes {@link #snapshot()}s to draw: all methods are synchronized.
 * Memory stays bounded: past {@code capacity} points the series halves itself with
 * {@link Downsampler#minMax}, which keeps spikes and non-finite markers, so a run of any length
 * can be charted.
 */
public final class Series {

  private final String name;
  private final int capacity;
  private float[] xs;
  private float[] ys;
  private int size;

  /**
   * @param capacity most points kept, at least 16
   */
  public Series(String name, int capacity) {
    if (capacity < 16) {
      throw new IllegalArgumentException("series capacity must be at least 16, got " + capacity);
    }
    this.name = name;
    this.capacity = capacity;
    this.xs = new float[Math.min(capacity, 256)];
    this.ys = new float[xs.length];
  }

  public String name() {
    return name;
  }

  /** Appends a point; {@code y} may be NaN or infinite (drawn as a gap with a marker). */
  public synchronized void add(float x, float y) {
    if (Float.isNaN(x)) {
      throw new IllegalArgumentException("x must be a number, got NaN");
    }
    if (size == capacity) {
      Points half = Downsampler.minMax(xs, ys, size, capacity / 2);
      System.arraycopy(half.xs(), 0, xs, 0, half.size());
      System.arraycopy(half.ys(), 0, ys, 0, half.size());
      size = half.size();
    }
    if (size == xs.length) {
      int grown = Math.min(capacity, xs.length * 2);
      xs = Arrays.copyOf(xs, grown);
      ys = Arrays.copyOf(ys, grown);
    }
    xs[size] = x;
    ys[size] = y;
    size++;
  }

  public synchronized int size() {
    return size;
  }

  public synchronized void clear() {
    size = 0;
  }

  /** A copy of the points, safe to draw from any thread. */
  public synchronized Points snapshot() {
    return new Points(Arrays.copyOf(xs, size), Arrays.copyOf(ys, size), size);
  }

  /** At most {@code maxPoints} points for drawing {@code width} pixels (use 2 × width). */
  public synchronized Points forDrawing(int maxPoints) {
    return Downsampler.minMax(xs, ys, size, maxPoints);
  }
}
