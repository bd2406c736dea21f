package org.snaptune.train;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.snaptune.data.Dataset;
import org.snaptune.host.HostSignatureRunner;
import org.snaptune.model.HeadCompiler;
import org.snaptune.model.HeadSpec;
import org.snaptune.model.Optimizer;
import org.snaptune.runtime.SignatureRunner;

/** Real compiled heads on the host runtime, and seeded Gaussian-blob data, for trainer tests. */
final class TrainerFixtures {

  static final List<String> CLASSES = Arrays.asList("red", "green", "blue");
  static final int D = 8;

  private TrainerFixtures() {}

  static HostSignatureRunner head(int batch, Optimizer optimizer, int... hidden) {
    HeadSpec spec = HeadSpec.builder().setEmbeddingSize(D).setNumClasses(CLASSES.size())
        .setBatchSize(batch).optOptimizer(optimizer).optHiddenLayers(hidden).optSeed(5).build();
    return HostSignatureRunner.open(HeadCompiler.compile(spec), 1);
  }

  /** n samples per class around distinct centres; {@code labelShift} relabels class c as c+shift. */
  static Dataset blobs(int perClass, long seed, int labelShift) {
    Random r = new Random(seed);
    int n = perClass * CLASSES.size();
    float[] x = new float[n * D];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      int c = i % CLASSES.size();
      y[i] = (c + labelShift) % CLASSES.size();
      for (int j = 0; j < D; j++) {
        x[i * D + j] = (float) (0.5 * r.nextGaussian() + (j % CLASSES.size() == c ? 2.0 : 0.0));
      }
    }
    return new Dataset(CLASSES, D, x, y);
  }

  static Map<String, float[]> weights(SignatureRunner runner) {
    return new HashMap<>(runner.run("get_weights", new HashMap<String, float[]>()));
  }

  static boolean sameWeights(Map<String, float[]> a, Map<String, float[]> b) {
    if (!a.keySet().equals(b.keySet())) {
      return false;
    }
    for (String k : a.keySet()) {
      if (!Arrays.equals(a.get(k), b.get(k))) {
        return false;
      }
    }
    return true;
  }

  static boolean allFinite(Map<String, float[]> w) {
    for (float[] v : w.values()) {
      for (float f : v) {
        if (Float.isNaN(f) || Float.isInfinite(f)) {
          return false;
        }
      }
    }
    return true;
  }
}
