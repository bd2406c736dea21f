package org.snaptune.train;

import java.util.Map;

/** L2 norms and finiteness checks over flattened tensors, in double precision. Stateless. */
public final class Norms {

  private Norms() {}

  /** Sum of squares of {@code a}; NaN or ∞ exactly when an element is non-finite. */
  public static double sumSquares(float[] a) {
    // Four independent sums: a single double accumulator serialises on the add latency.
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int n = a.length & ~3;
    for (int i = 0; i < n; i += 4) {
      s0 += (double) a[i] * a[i];
      s1 += (double) a[i + 1] * a[i + 1];
      s2 += (double) a[i + 2] * a[i + 2];
      s3 += (double) a[i + 3] * a[i + 3];
    }
    for (int i = n; i < a.length; i++) {
      s0 += (double) a[i] * a[i];
    }
    return (s0 + s1) + (s2 + s3);
  }

  /** ‖a‖₂. */
  public static double l2(float[] a) {
    return Math.sqrt(sumSquares(a));
  }

  /** ‖t‖₂ of every tensor, by name, in the map's order. */
  public static Map<String, Double> perTensor(Map<String, float[]> tensors) {
    Map<String, Double> out = new java.util.LinkedHashMap<>();
    for (Map.Entry<String, float[]> e : tensors.entrySet()) {
      out.put(e.getKey(), l2(e.getValue()));
    }
    return out;
  }

  /** sqrt(Σ n²) of per-tensor norms: the global norm. */
  public static double combine(Map<String, Double> norms) {
    double s = 0;
    for (double n : norms.values()) {
      s += n * n;
    }
    return Math.sqrt(s);
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
