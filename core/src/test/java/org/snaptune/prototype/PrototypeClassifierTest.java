package org.snaptune.prototype;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.Test;
import org.snaptune.data.Dataset;
import org.snaptune.model.HeadContract;

public class PrototypeClassifierTest {

  private static final List<String> NAMES = Arrays.asList("keys", "wallet", "mug");

  /** Class k's samples lie around a random centre plus a large shared offset (as embeddings do). */
  private static Dataset clusters(int perClass, int d, double noise, long seed) {
    Random r = new Random(seed);
    float[][] centres = new float[NAMES.size()][d];
    for (float[] c : centres) {
      for (int j = 0; j < d; j++) {
        c[j] = (float) (5 + r.nextGaussian());
      }
    }
    int n = perClass * NAMES.size();
    float[] x = new float[n * d];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % NAMES.size();
      for (int j = 0; j < d; j++) {
        x[i * d + j] = (float) (centres[y[i]][j] + noise * r.nextGaussian());
      }
    }
    return new Dataset(NAMES, d, x, y);
  }

  private static float[] row(Dataset data, int i) {
    float[] row = new float[data.dimension()];
    data.copyRow(i, row, 0);
    return row;
  }

  @Test
  public void oneSamplePerClassClassifiesFreshSamplesOfTheSameClusters() {
    PrototypeClassifier p = PrototypeClassifier.fit(clusters(1, 64, 0.3, 1));
    Dataset fresh = clusters(20, 64, 0.3, 1);
    int right = 0;
    for (int i = 0; i < fresh.size(); i++) {
      right += p.predict(row(fresh, i)) == fresh.label(i) ? 1 : 0;
    }
    assertEquals(fresh.size(), right);
  }

  @Test
  public void probabilitiesSumToOneAndFavourTheNearestClass() {
    Dataset data = clusters(5, 32, 0.5, 2);
    PrototypeClassifier p = PrototypeClassifier.fit(data);
    float[] probs = p.probabilities(row(data, 1));
    double sum = 0;
    for (float v : probs) {
      sum += v;
    }
    assertEquals(1.0, sum, 1e-5);
    assertEquals(1, p.predict(row(data, 1)));
    assertTrue(probs[1] > 0.5f);
  }

  @Test
  public void imprintedLinearHeadRanksClassesLikeThePrototypes() {
    Dataset data = clusters(4, 48, 2.0, 3);
    PrototypeClassifier p = PrototypeClassifier.fit(data);
    Map<String, float[]> w = p.imprintedLinearWeights();
    float[] kernel = w.get(HeadContract.kernel(0));
    float[] bias = w.get(HeadContract.bias(0));
    assertEquals(48 * 3, kernel.length);
    Dataset probe = clusters(30, 48, 3.0, 4);
    for (int i = 0; i < probe.size(); i++) {
      float[] x = row(probe, i);
      int best = 0;
      double bestLogit = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < 3; k++) {
        double logit = bias[k];
        for (int j = 0; j < 48; j++) {
          logit += x[j] * kernel[j * 3 + k];
        }
        if (logit > bestLogit) {
          bestLogit = logit;
          best = k;
        }
      }
      assertEquals("sample " + i, p.predict(x), best);
    }
  }

  @Test
  public void refusesAClassWithoutSamplesAndNonFiniteValues() {
    Dataset data = clusters(2, 8, 0.1, 5);
    Dataset missing = data.subset(new int[] {0, 1, 3, 4});
    try {
      PrototypeClassifier.fit(missing.withClassList(Arrays.asList("keys", "wallet", "mug", "hat")));
      fail("a class without samples must be refused");
    } catch (IllegalArgumentException expected) {
      assertTrue(expected.getMessage(), expected.getMessage().contains("hat"));
    }
    float[] x = new float[2 * 8];
    x[3] = Float.NaN;
    try {
      PrototypeClassifier.fit(new Dataset(Arrays.asList("a", "b"), 8, x, new int[] {0, 1}));
      fail("NaN must be refused");
    } catch (IllegalArgumentException expected) {
      assertTrue(expected.getMessage(), expected.getMessage().contains("non-finite"));
    }
  }

  @Test
  public void classCountsAreReported() {
    assertArrayEquals(new int[] {3, 3, 3}, PrototypeClassifier.fit(clusters(3, 4, 0.1, 6))
        .classCounts());
  }
}
