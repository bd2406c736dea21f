package org.snaptune.chart;

/**
 * An immutable run of chart points: parallel x and y arrays of which the first {@link #size()}
 * are used. The arrays are owned by this object; callers must not modify them. Thread-safe.
 */
public final class Points {

  private final float[] xs;
  private final float[] ys;
  private final int size;

  Points(float[] xs, float[] ys, int size) {
    this.xs = xs;
    this.ys = ys;
    this.size = size;
  }

  public int size() { return size; }

  public float x(int i) { return xs[check(i)]; }

  public float y(int i) { return ys[check(i)]; }

  float[] xs() { return xs; }

  float[] ys() { return ys; }

  /** Smallest and largest finite y, or null when there is none; {@code [min, max]}. */
  public float[] finiteYRange() {
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < size; i++) {
      float y = ys[i];
      if (!Float.isNaN(y) && !Float.isInfinite(y)) {
        min = Math.min(min, y);
        max = Math.max(max, y);
      }
    }
    return min > max ? null : new float[] {min, max};
  }

  /** Number of points whose y is NaN or infinite. */
  public int nonFiniteCount() {
    int n = 0;
    for (int i = 0; i < size; i++) {
      if (Float.isNaN(ys[i]) || Float.isInfinite(ys[i])) {
        n++;
      }
    }
    return n;
  }

  private int check(int i) {
    if (i < 0 || i >= size) {
      throw new IndexOutOfBoundsException("point " + i + " of " + size);
    }
    return i;
  }
}
