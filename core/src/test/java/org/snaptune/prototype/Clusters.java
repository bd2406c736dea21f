package org.snaptune.prototype;

import java.util.List;
import java.util.Random;
import org.snaptune.data.Dataset;

/** Synthetic embeddings: class k around a random centre plus a shared offset, as backbones give. */
public final class Clusters {

  private Clusters() {}

  /** {@code counts[k]} samples of class k, dimension d, Gaussian noise of σ = noise. */
  public static Dataset of(List<String> names, int[] counts, int d, double noise, long seed) {
    Random r = new Random(seed);
    float[][] centres = new float[names.size()][d];
    for (float[] c : centres) {
      for (int j = 0; j < d; j++) {
        c[j] = (float) (5 + r.nextGaussian());
      }
    }
    int n = 0;
    for (int c : counts) {
      n += c;
    }
    float[] x = new float[n * d];
    int[] y = new int[n];
    int i = 0;
    for (int k = 0; k < counts.length; k++) {
      for (int s = 0; s < counts[k]; s++, i++) {
        y[i] = k;
        for (int j = 0; j < d; j++) {
          x[i * d + j] = (float) (centres[k][j] + noise * r.nextGaussian());
        }
      }
    }
    return new Dataset(names, d, x, y);
  }
}
