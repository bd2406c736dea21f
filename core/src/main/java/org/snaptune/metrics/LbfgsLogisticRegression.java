package org.snaptune.metrics;

import java.util.Locale;

/**
 * Reference optimum for a linear head: multinomial logistic regression fitted by full-batch
 * L-BFGS, in pure Java and double precision. Minimises
 * {@code (1/N) Σ_i −log softmax(x_i·W + b)[y_i] + (λ/2)‖W‖²} (the bias is not regularised) with
 * the two-loop recursion (memory m) and a backtracking Armijo line search, until the gradient's
 * max-norm falls below the tolerance, the loss stops changing, or the iteration limit.
 *
 * <p>Instances are immutable results of {@link #fit}; thread-safe.
 */
public final class LbfgsLogisticRegression {

  private final int dimension;
  private final int numClasses;
  private final double[] weights;
  private final double loss;
  private final int iterations;
  private final double gradientNorm;

  private LbfgsLogisticRegression(int d, int c, double[] w, double loss, int iterations,
      double gradientNorm) {
    this.dimension = d;
    this.numClasses = c;
    this.weights = w;
    this.loss = loss;
    this.iterations = iterations;
    this.gradientNorm = gradientNorm;
  }

  /**
   * @param x N×D row-major features
   * @param y N labels in [0, numClasses)
   * @param l2 λ ≥ 0; with λ = 0 on separable data the optimum is at infinity and the iteration
   *     limit ends the fit
   * @param maxIterations at least 1
   * @param tolerance stop when max |∂loss| is below this
   */
  public static LbfgsLogisticRegression fit(float[] x, int[] y, int dimension, int numClasses,
      double l2, int maxIterations, double tolerance) {
    int n = y.length;
    if (n == 0 || dimension < 1 || numClasses < 2 || x.length != (long) n * dimension) {
      throw new IllegalArgumentException("need N >= 1 rows of D >= 1 floats and >= 2 classes, got N="
          + n + " D=" + dimension + " C=" + numClasses + " with " + x.length + " floats");
    }
    if (!(l2 >= 0) || maxIterations < 1) {
      throw new IllegalArgumentException("need l2 >= 0 and maxIterations >= 1, got " + l2 + ", "
          + maxIterations);
    }
    for (int label : y) {
      if (label < 0 || label >= numClasses) {
        throw new IllegalArgumentException("label " + label + " outside 0.." + (numClasses - 1));
      }
    }
    Objective f = new Objective(x, y, dimension, numClasses, l2);
    int p = (dimension + 1) * numClasses;
    int m = 10;
    double[][] s = new double[m][];
    double[][] yy = new double[m][];
    double[] rho = new double[m];
    double[] w = new double[p];
    double[] g = new double[p];
    double fx = f.eval(w, g);
    int k = 0;
    int stored = 0;
    int iter = 0;
    double[] dir = new double[p];
    double[] wNew = new double[p];
    double[] gNew = new double[p];
    for (; iter < maxIterations && maxAbs(g) > tolerance; iter++) {
      // Two-loop recursion: dir = −H·g.
      System.arraycopy(g, 0, dir, 0, p);
      double[] alpha = new double[m];
      for (int j = 0; j < stored; j++) {
        int idx = ((k - 1 - j) % m + m) % m;
        alpha[idx] = rho[idx] * dot(s[idx], dir);
        axpy(-alpha[idx], yy[idx], dir);
      }
      double gamma = 1.0 / Math.max(1.0, Math.sqrt(dot(g, g)));
      if (stored > 0) {
        int last = ((k - 1) % m + m) % m;
        gamma = dot(s[last], yy[last]) / dot(yy[last], yy[last]);
      }
      for (int i = 0; i < p; i++) {
        dir[i] *= gamma;
      }
      for (int j = stored - 1; j >= 0; j--) {
        int idx = ((k - 1 - j) % m + m) % m;
        double beta = rho[idx] * dot(yy[idx], dir);
        axpy(alpha[idx] - beta, s[idx], dir);
      }
      for (int i = 0; i < p; i++) {
        dir[i] = -dir[i];
      }
      double slope = dot(g, dir);
      if (slope >= 0) {
        // Not a descent direction (curvature info went stale): restart from steepest descent.
        stored = 0;
        for (int i = 0; i < p; i++) {
          dir[i] = -g[i] * gamma;
        }
        slope = dot(g, dir);
      }
      double step = 1.0;
      double fNew = Double.NaN;
      for (int ls = 0; ls < 40; ls++) {
        for (int i = 0; i < p; i++) {
          wNew[i] = w[i] + step * dir[i];
        }
        fNew = f.eval(wNew, gNew);
        if (fNew <= fx + 1e-4 * step * slope) {
          break;
        }
        step *= 0.5;
      }
      if (!(fNew <= fx)) {
        break;
      }
      double[] sk = new double[p];
      double[] yk = new double[p];
      for (int i = 0; i < p; i++) {
        sk[i] = wNew[i] - w[i];
        yk[i] = gNew[i] - g[i];
      }
      double sy = dot(sk, yk);
      if (sy > 1e-12) {
        int idx = k % m;
        s[idx] = sk;
        yy[idx] = yk;
        rho[idx] = 1.0 / sy;
        k++;
        stored = Math.min(stored + 1, m);
      }
      double change = fx - fNew;
      System.arraycopy(wNew, 0, w, 0, p);
      System.arraycopy(gNew, 0, g, 0, p);
      fx = fNew;
      if (change <= 1e-12 * Math.max(1.0, Math.abs(fx))) {
        iter++;
        break;
      }
    }
    return new LbfgsLogisticRegression(dimension, numClasses, w, fx, iter, maxAbs(g));
  }

  /** Class probabilities of N rows, N×C row-major. */
  public float[] predictProbabilities(float[] x) {
    if (x.length % dimension != 0) {
      throw new IllegalArgumentException(x.length + " floats are not rows of " + dimension);
    }
    int n = x.length / dimension;
    float[] out = new float[n * numClasses];
    double[] z = new double[numClasses];
    for (int i = 0; i < n; i++) {
      Objective.logits(weights, x, i, dimension, numClasses, z);
      Objective.softmaxInPlace(z);
      for (int c = 0; c < numClasses; c++) {
        out[i * numClasses + c] = (float) z[c];
      }
    }
    return out;
  }

  /** Final objective value (mean cross-entropy plus the L2 term). */
  public double loss() { return loss; }
  public int iterations() { return iterations; }
  /** max |∂loss| at the end; small means converged. */
  public double gradientNorm() { return gradientNorm; }

  /** The kernel, D×C row-major (the head's {@code [in, out]} layout). */
  public float[] kernel() {
    float[] k = new float[dimension * numClasses];
    for (int i = 0; i < k.length; i++) {
      k[i] = (float) weights[i];
    }
    return k;
  }

  /** The bias, C values. */
  public float[] bias() {
    float[] b = new float[numClasses];
    for (int c = 0; c < numClasses; c++) {
      b[c] = (float) weights[dimension * numClasses + c];
    }
    return b;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "L-BFGS logistic regression: loss %.6f after %d iterations,"
        + " |grad|max %.2e", loss, iterations, gradientNorm);
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static void axpy(double a, double[] x, double[] y) {
    for (int i = 0; i < x.length; i++) {
      y[i] += a * x[i];
    }
  }

  private static double maxAbs(double[] a) {
    double m = 0;
    for (double v : a) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }
}
