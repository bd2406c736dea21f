package org.snaptune.train;

import java.util.Map;

/** L2 norms and finiteness checks over flattened tensors, in double precision. Stateless. */
public final class Norms {

  private Norms() {}

  /** Sum of squares of {@code a}. */
  public static double sumSquares(float[] a) {
    double s = 0;
    for (float v : a) {
      s += (double) v * v;
    }
    return s;
  }

  /** ‖a‖₂. */
  public static double l2(float[] a) {
    return Math.sqrt(sumSquares(a));
  }

  /** ‖all tensors‖₂, the norm of their concatenation. */
  public static double global(Map<String, float[]> tensors) {
    double s = 0;
    for (float[] t : tensors.values()) {
      s += sumSquares(t);
    }
    return Math.sqrt(s);
  }

  /** Counts NaN elements. */
  public static int countNaN(float[] a) {
    int n = 0;
    for (float v : a) {
      if (v != v) {
        n++;
      }
    }
    return n;
  }

  /** Counts ±∞ elements. */
  public static int countInf(float[] a) {
    int n = 0;
    for (float v : a) {
      if (v == Float.POSITIVE_INFINITY || v == Float.NEGATIVE_INFINITY) {
        n++;
      }
    }
    return n;
  }

  /** Whether every element of every tensor is finite. */
  public static boolean allFinite(Map<String, float[]> tensors) {
    for (float[] t : tensors.values()) {
      for (float v : t) {
        if (v - v != 0f) {
          return false;
        }
      }
    }
    return true;
  }

  /** Multiplies every element of every tensor by {@code c}. */
  public static void scale(Map<String, float[]> tensors, double c) {
    float f = (float) c;
    for (float[] t : tensors.values()) {
      for (int i = 0; i < t.length; i++) {
        t[i] *= f;
      }
    }
  }
}
