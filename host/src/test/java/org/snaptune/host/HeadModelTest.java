package org.snaptune.host;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.tensorflowlite.FlatBufferModel;
import org.junit.Test;
import org.snaptune.model.HeadCompiler;
import org.snaptune.model.HeadContract;
import org.snaptune.model.HeadSpec;
import org.snaptune.model.HeadWeights;
import org.snaptune.model.ModelVerifier;
import org.snaptune.model.Optimizer;

/** Compiled heads on the real runtime: inference, training, weight round trips, class growth. */
public class HeadModelTest {

  private static final Map<String, float[]> NONE = new LinkedHashMap<>();

  @Test
  public void inferMatchesReferenceForAnyBatchSize() {
    HeadSpec spec = HeadSpec.builder().setEmbeddingSize(7).setNumClasses(4).setBatchSize(2)
        .optHiddenLayers(5, 3).optSeed(9).build();
    try (HostSignatureRunner r = HeadRuntimeSupport.open(HeadCompiler.compile(spec))) {
      Map<String, float[]> weights = r.run(HeadContract.GET_WEIGHTS, NONE);
      assertEquals(HeadWeights.initial(spec).keySet(), weights.keySet());
      for (int n : new int[] {1, 5, 2}) {
        r.resizeInput(HeadContract.INFER, HeadContract.X, new int[] {n, 7});
        float[] x = randomRows(n * 7, n);
        Map<String, float[]> out = r.run(HeadContract.INFER, single(HeadContract.X, x));
        double[] expected = HeadRuntimeSupport.logits(spec, weights, x);
        float[] logits = out.get(HeadContract.LOGITS);
        float[] probs = out.get(HeadContract.PROBABILITIES);
        assertEquals(n * 4, logits.length);
        for (int i = 0; i < logits.length; i++) {
          assertEquals("logit " + i + " of N=" + n, expected[i], logits[i], 1e-5);
        }
        for (int row = 0; row < n; row++) {
          double sum = 0;
          for (int c = 0; c < 4; c++) {
            sum += probs[row * 4 + c];
            assertTrue(probs[row * 4 + c] > 0);
          }
          assertEquals(1.0, sum, 1e-6);
        }
      }
    }
  }

  @Test
  public void lossDecreasesOnSeparableToySet() {
    for (int[] hidden : new int[][] {{}, {16}}) {
      HeadSpec spec = HeadSpec.builder().setEmbeddingSize(8).setNumClasses(3).setBatchSize(12)
          .optHiddenLayers(hidden).optOptimizer(Optimizer.adam()).optSeed(4).build();
      Map<String, float[]> batch = separable(spec, 21);
      batch.put(HeadContract.LR, new float[] {0.05f});
      try (HostSignatureRunner r = HeadRuntimeSupport.open(HeadCompiler.compile(spec))) {
        float first = r.run(HeadContract.TRAIN, batch).get(HeadContract.LOSS)[0];
        float last = first;
        for (int step = 0; step < 60; step++) {
          last = r.run(HeadContract.TRAIN, batch).get(HeadContract.LOSS)[0];
        }
        assertTrue(Arrays.toString(hidden) + ": loss " + first + " -> " + last,
            last < 0.1 * first && last < 0.1);
        // And the trained head classifies the training rows correctly.
        r.resizeInput(HeadContract.INFER, HeadContract.X, new int[] {12, 8});
        float[] p = r.run(HeadContract.INFER, single(HeadContract.X, batch.get(HeadContract.X)))
            .get(HeadContract.PROBABILITIES);
        float[] y = batch.get(HeadContract.Y);
        for (int row = 0; row < 12; row++) {
          int best = 0;
          for (int c = 1; c < 3; c++) {
            best = p[row * 3 + c] > p[row * 3 + best] ? c : best;
          }
          assertEquals("row " + row, 1f, y[row * 3 + best], 0f);
        }
      }
    }
  }

  @Test
  public void getSetWeightsRoundTripIsExact() {
    HeadSpec spec = HeadSpec.builder().setEmbeddingSize(6).setNumClasses(3).setBatchSize(4)
        .optHiddenLayers(5).optOptimizer(Optimizer.momentum(0.9)).optSeed(1).build();
    byte[] model = HeadCompiler.compile(spec);
    float[] probe = randomRows(3 * 6, 77);
    try (HostSignatureRunner trained = HeadRuntimeSupport.open(model);
        HostSignatureRunner fresh = HeadRuntimeSupport.open(model)) {
      Map<String, float[]> batch = HeadRuntimeSupport.batch(spec, 5);
      batch.put(HeadContract.LR, new float[] {0.1f});
      for (int i = 0; i < 3; i++) {
        trained.run(HeadContract.TRAIN, batch);
      }
      Map<String, float[]> saved = trained.run(HeadContract.GET_WEIGHTS, NONE);
      float[] step = fresh.run(HeadContract.SET_WEIGHTS, saved).get(HeadContract.STEP);
      assertArrayEquals(new float[] {3f}, step, 0f);
      Map<String, float[]> restored = fresh.run(HeadContract.GET_WEIGHTS, NONE);
      for (String var : spec.allVariables()) {
        assertArrayEquals(var, saved.get(var), restored.get(var), 0f);
      }
      for (HostSignatureRunner r : new HostSignatureRunner[] {trained, fresh}) {
        r.resizeInput(HeadContract.INFER, HeadContract.X, new int[] {3, 6});
      }
      Map<String, float[]> a = trained.run(HeadContract.INFER, single(HeadContract.X, probe));
      Map<String, float[]> b = fresh.run(HeadContract.INFER, single(HeadContract.X, probe));
      assertArrayEquals(a.get(HeadContract.LOGITS), b.get(HeadContract.LOGITS), 0f);
      assertArrayEquals(a.get(HeadContract.PROBABILITIES), b.get(HeadContract.PROBABILITIES), 0f);
      // Training on from the same state gives the same losses on both runners.
      assertEquals(trained.run(HeadContract.TRAIN, batch).get(HeadContract.LOSS)[0],
          fresh.run(HeadContract.TRAIN, batch).get(HeadContract.LOSS)[0], 0f);
    }
  }

  @Test
  public void addingAClassKeepsOldClassesWeights() {
    for (int[] hidden : new int[][] {{}, {6}}) {
      HeadSpec spec = HeadSpec.builder().setEmbeddingSize(5).setNumClasses(3).setBatchSize(4)
          .optHiddenLayers(hidden).optSeed(3).build();
      float[] probe = randomRows(2 * 5, 8);
      Map<String, float[]> trainedWeights;
      float[] oldLogits;
      try (HostSignatureRunner r = HeadRuntimeSupport.open(HeadCompiler.compile(spec))) {
        Map<String, float[]> batch = HeadRuntimeSupport.batch(spec, 6);
        batch.put(HeadContract.LR, new float[] {0.05f});
        r.run(HeadContract.TRAIN, batch);
        trainedWeights = r.run(HeadContract.GET_WEIGHTS, NONE);
        r.resizeInput(HeadContract.INFER, HeadContract.X, new int[] {2, 5});
        oldLogits = r.run(HeadContract.INFER, single(HeadContract.X, probe)).get(HeadContract.LOGITS);
      }
      Map<String, float[]> widened = HeadWeights.widenClasses(spec, trainedWeights, 4, 99);
      HeadSpec wider = spec.toBuilder().setNumClasses(4).optInitialWeights(widened).build();
      try (HostSignatureRunner r = HeadRuntimeSupport.open(HeadCompiler.compile(wider))) {
        Map<String, float[]> now = r.run(HeadContract.GET_WEIGHTS, NONE);
        String lastKernel = HeadContract.kernel(hidden.length);
        int fanIn = hidden.length == 0 ? 5 : hidden[0];
        float[] k = now.get(lastKernel);
        float[] oldK = trainedWeights.get(lastKernel);
        for (int row = 0; row < fanIn; row++) {
          for (int c = 0; c < 3; c++) {
            assertEquals(lastKernel + "[" + row + "," + c + "]", oldK[row * 3 + c], k[row * 4 + c], 0f);
          }
        }
        assertArrayEquals(Arrays.copyOf(trainedWeights.get(HeadContract.bias(hidden.length)), 4),
            now.get(HeadContract.bias(hidden.length)), 0f);
        assertArrayEquals(trainedWeights.get("step"), now.get("step"), 0f);
        if (hidden.length > 0) {
          assertArrayEquals(trainedWeights.get("kernel_0"), now.get("kernel_0"), 0f);
        }
        r.resizeInput(HeadContract.INFER, HeadContract.X, new int[] {2, 5});
        float[] newLogits = r.run(HeadContract.INFER, single(HeadContract.X, probe))
            .get(HeadContract.LOGITS);
        for (int row = 0; row < 2; row++) {
          for (int c = 0; c < 3; c++) {
            assertEquals(oldLogits[row * 3 + c], newLogits[row * 4 + c], 1e-6);
          }
        }
      }
    }
  }

  @Test
  public void zeroWeightRowsAreIgnoredAndWeightsAreNormalised() {
    HeadSpec spec = HeadSpec.builder().setEmbeddingSize(4).setNumClasses(3).setBatchSize(4)
        .optHiddenLayers(5).optSeed(2).build();
    try (HostSignatureRunner r = HeadRuntimeSupport.open(HeadCompiler.compile(spec))) {
      Map<String, float[]> batch = HeadRuntimeSupport.batch(spec, 12);
      batch.get(HeadContract.W)[3] = 0f;
      Map<String, float[]> a = r.run(HeadContract.GRADIENTS, batch);
      // Padding row 3 with other data changes nothing while its weight is 0 ...
      Map<String, float[]> padded = new LinkedHashMap<>(batch);
      float[] x = batch.get(HeadContract.X).clone();
      Arrays.fill(x, 12, 16, 50f);
      padded.put(HeadContract.X, x);
      Map<String, float[]> b = r.run(HeadContract.GRADIENTS, padded);
      // ... and scaling every weight by 3 changes nothing either: the loss is a weighted mean.
      Map<String, float[]> scaled = new LinkedHashMap<>(batch);
      float[] w = batch.get(HeadContract.W).clone();
      for (int i = 0; i < w.length; i++) {
        w[i] *= 3;
      }
      scaled.put(HeadContract.W, w);
      Map<String, float[]> c = r.run(HeadContract.GRADIENTS, scaled);
      for (String name : a.keySet()) {
        assertArrayEquals(name, a.get(name), b.get(name), 1e-6f);
        assertArrayEquals(name, a.get(name), c.get(name), 1e-6f);
      }
    }
  }

  @Test
  public void everyGeneratedModelPassesBothVerifiers() {
    HeadSpec.Builder[] specs = {
      HeadSpec.builder().setEmbeddingSize(1).setNumClasses(2).setBatchSize(1),
      HeadSpec.builder().setEmbeddingSize(1280).setNumClasses(10).setBatchSize(32),
      HeadSpec.builder().setEmbeddingSize(256).setNumClasses(5).setBatchSize(8)
          .optHiddenLayers(128, 64).optOptimizer(Optimizer.sgd()).optL2(1e-4),
      HeadSpec.builder().setEmbeddingSize(64).setNumClasses(3).setBatchSize(16)
          .optHiddenLayers(32).optOptimizer(Optimizer.momentum(0.5)).optLabelSmoothing(0.1),
    };
    for (HeadSpec.Builder b : specs) {
      HeadSpec spec = b.build();
      byte[] model = HeadCompiler.compile(spec);
      ModelVerifier.verify(model);
      try (BytePointer bytes = new BytePointer(model);
          FlatBufferModel verified = FlatBufferModel.VerifyAndBuildFromBuffer(bytes, model.length)) {
        assertNotNull(spec.toString(), verified);
        assertTrue(spec.toString(), !verified.isNull() && verified.initialized());
      }
      try (HostSignatureRunner r = HeadRuntimeSupport.open(model)) {
        assertEquals(spec.toString(), 6, r.signatureKeys().size());
      }
    }
  }

  /** Three well-separated Gaussian clusters, four rows each, one-hot labels, unit weights. */
  private static Map<String, float[]> separable(HeadSpec spec, long seed) {
    Random random = new Random(seed);
    int d = spec.embeddingSize();
    int b = spec.batchSize();
    float[] x = new float[b * d];
    float[] y = new float[b * 3];
    float[] w = new float[b];
    for (int row = 0; row < b; row++) {
      int c = row % 3;
      for (int j = 0; j < d; j++) {
        x[row * d + j] = (float) (0.3 * random.nextGaussian() + (j % 3 == c ? 2 : 0));
      }
      y[row * 3 + c] = 1f;
      w[row] = 1f;
    }
    Map<String, float[]> m = new LinkedHashMap<>();
    m.put(HeadContract.X, x);
    m.put(HeadContract.Y, y);
    m.put(HeadContract.W, w);
    return m;
  }

  private static float[] randomRows(int size, long seed) {
    Random random = new Random(seed);
    float[] x = new float[size];
    for (int i = 0; i < size; i++) {
      x[i] = (float) random.nextGaussian();
    }
    return x;
  }

  private static Map<String, float[]> single(String name, float[] values) {
    Map<String, float[]> m = new LinkedHashMap<>();
    m.put(name, values);
    return m;
  }
}
