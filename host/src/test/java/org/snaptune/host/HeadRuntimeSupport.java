package org.snaptune.host;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.snaptune.model.HeadContract;
import org.snaptune.model.HeadSpec;

/** Shared helpers of the head-model tests on the host runtime: data and a double-precision reference. */
final class HeadRuntimeSupport {

  private HeadRuntimeSupport() {}

  static HostSignatureRunner open(byte[] model) {
    return HostSignatureRunner.open(model, 1);
  }

  /** Random x [B,D], one-hot y [B,C] and weights w [B] in (0.5, 1.5). */
  static Map<String, float[]> batch(HeadSpec spec, long seed) {
    Random r = new Random(seed);
    int b = spec.batchSize();
    int d = spec.embeddingSize();
    int c = spec.numClasses();
    float[] x = new float[b * d];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    float[] y = new float[b * c];
    float[] w = new float[b];
    for (int i = 0; i < b; i++) {
      y[i * c + r.nextInt(c)] = 1f;
      w[i] = 0.5f + r.nextFloat();
    }
    Map<String, float[]> in = new LinkedHashMap<>();
    in.put(HeadContract.X, x);
    in.put(HeadContract.Y, y);
    in.put(HeadContract.W, w);
    return in;
  }

  /** Logits [N,C] of {@code x} [N,D] computed in double from {@code weights}. */
  static double[] logits(HeadSpec spec, Map<String, float[]> weights, float[] x) {
    return forward(spec, weights, x, null);
  }

  /**
   * Signs of every hidden pre-activation for {@code x}, in double: where they are the same at two
   * weight settings, the loss is smooth between them.
   */
  static boolean[] reluPattern(HeadSpec spec, Map<String, float[]> weights, float[] x) {
    int[] widths = spec.layerWidths();
    int n = x.length / widths[0];
    int total = 0;
    for (int l = 1; l < widths.length - 1; l++) {
      total += n * widths[l];
    }
    boolean[] pattern = new boolean[total];
    forward(spec, weights, x, pattern);
    return pattern;
  }

  /** The double-precision forward pass; records hidden pre-activation signs when asked. */
  private static double[] forward(HeadSpec spec, Map<String, float[]> weights, float[] x,
      boolean[] patternOut) {
    int[] widths = spec.layerWidths();
    int n = x.length / widths[0];
    double[] h = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      h[i] = x[i];
    }
    int at = 0;
    for (int l = 0; l < spec.numLayers(); l++) {
      float[] k = weights.get(HeadContract.kernel(l));
      float[] bias = weights.get(HeadContract.bias(l));
      boolean hidden = l < spec.numLayers() - 1;
      int in = widths[l];
      int out = widths[l + 1];
      double[] z = new double[n * out];
      for (int r = 0; r < n; r++) {
        for (int o = 0; o < out; o++) {
          double s = bias[o];
          for (int i = 0; i < in; i++) {
            s += h[r * in + i] * k[i * out + o];
          }
          if (hidden && patternOut != null) {
            patternOut[at++] = s > 0;
          }
          z[r * out + o] = hidden ? Math.max(0, s) : s;
        }
      }
      h = z;
    }
    return h;
  }

  /** The loss of the spec's formula, in double. */
  static double loss(HeadSpec spec, Map<String, float[]> weights, Map<String, float[]> batch) {
    int c = spec.numClasses();
    double[] z = logits(spec, weights, batch.get(HeadContract.X));
    float[] y = batch.get(HeadContract.Y);
    float[] w = batch.get(HeadContract.W);
    double eps = spec.labelSmoothing();
    double total = 0;
    double wsum = 0;
    for (int i = 0; i < w.length; i++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < c; j++) {
        max = Math.max(max, z[i * c + j]);
      }
      double lse = 0;
      for (int j = 0; j < c; j++) {
        lse += Math.exp(z[i * c + j] - max);
      }
      lse = Math.log(lse) + max;
      double ce = 0;
      for (int j = 0; j < c; j++) {
        double target = (1 - eps) * y[i * c + j] + eps / c;
        ce -= target * (z[i * c + j] - lse);
      }
      total += w[i] * ce;
      wsum += w[i];
    }
    double l2 = 0;
    for (int l = 0; l < spec.numLayers(); l++) {
      for (float v : weights.get(HeadContract.kernel(l))) {
        l2 += (double) v * v;
      }
    }
    return total / wsum + spec.l2() * l2;
  }
}
