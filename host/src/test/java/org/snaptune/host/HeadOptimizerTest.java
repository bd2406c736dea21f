package org.snaptune.host;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.Test;
import org.snaptune.model.HeadCompiler;
import org.snaptune.model.HeadContract;
import org.snaptune.model.HeadSpec;
import org.snaptune.model.Optimizer;

/**
 * The in-graph optimizer updates of {@code apply} against values computed by hand (in double) for
 * two consecutive steps with different gradients and learning rates, and the fused {@code train}
 * against {@code gradients} followed by {@code apply}.
 */
public class HeadOptimizerTest {

  // A 2 → 2 linear head: kernel_0 [2,2], bias_0 [2].
  private static final float[] K0 = {0.5f, -0.25f, 1.0f, 2.0f};
  private static final float[] B0 = {0.1f, -0.3f};
  private static final float[][] GK = {{0.2f, -0.4f, 1.5f, -0.01f}, {-0.3f, 0.1f, 0.5f, 2.0f}};
  private static final float[][] GB = {{0.05f, -1.0f}, {0.7f, 0.0f}};
  private static final float[] LR = {0.1f, 0.03f};

  private static HeadSpec spec(Optimizer optimizer) {
    Map<String, float[]> init = new LinkedHashMap<>();
    init.put(HeadContract.kernel(0), K0);
    init.put(HeadContract.bias(0), B0);
    return HeadSpec.builder().setEmbeddingSize(2).setNumClasses(2).setBatchSize(3)
        .optOptimizer(optimizer).optInitialWeights(init).build();
  }

  /** Runs two apply steps; returns the weights after each. */
  private static Map<String, float[]>[] twoSteps(Optimizer optimizer) {
    @SuppressWarnings("unchecked")
    Map<String, float[]>[] after = new Map[2];
    try (HostSignatureRunner r = HeadRuntimeSupport.open(HeadCompiler.compile(spec(optimizer)))) {
      Map<String, float[]> before = r.run(HeadContract.GET_WEIGHTS, new LinkedHashMap<>());
      assertArrayEquals("given initial kernel", K0, before.get("kernel_0"), 0f);
      assertArrayEquals("step starts at 0", new float[] {0f}, before.get("step"), 0f);
      for (int s = 0; s < 2; s++) {
        Map<String, float[]> in = new LinkedHashMap<>();
        in.put("grad_kernel_0", GK[s]);
        in.put("grad_bias_0", GB[s]);
        in.put("lr", new float[] {LR[s]});
        float[] step = r.run(HeadContract.APPLY, in).get("step");
        assertArrayEquals(new float[] {s + 1}, step, 0f);
        after[s] = r.run(HeadContract.GET_WEIGHTS, new LinkedHashMap<>());
      }
    }
    return after;
  }

  private static void assertClose(String what, double[] expected, float[] actual) {
    assertEquals(what + " length", expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(what + "[" + i + "]", expected[i], actual[i], 1e-6 * Math.max(1, Math.abs(expected[i])));
    }
  }

  @Test
  public void sgd() {
    Map<String, float[]>[] after = twoSteps(Optimizer.sgd());
    double[] k = toDouble(K0);
    double[] b = toDouble(B0);
    for (int s = 0; s < 2; s++) {
      for (int i = 0; i < k.length; i++) {
        k[i] -= LR[s] * GK[s][i];
      }
      for (int i = 0; i < b.length; i++) {
        b[i] -= LR[s] * GB[s][i];
      }
      assertClose("sgd step " + (s + 1) + " kernel", k, after[s].get("kernel_0"));
      assertClose("sgd step " + (s + 1) + " bias", b, after[s].get("bias_0"));
    }
  }

  @Test
  public void momentum() {
    double mu = 0.8;
    Map<String, float[]>[] after = twoSteps(Optimizer.momentum(mu));
    double[] k = toDouble(K0);
    double[] vel = new double[k.length];
    for (int s = 0; s < 2; s++) {
      for (int i = 0; i < k.length; i++) {
        vel[i] = mu * vel[i] - LR[s] * GK[s][i];
        k[i] += vel[i];
      }
      assertClose("momentum step " + (s + 1) + " kernel", k, after[s].get("kernel_0"));
      assertClose("momentum step " + (s + 1) + " velocity", vel,
          after[s].get("kernel_0_velocity"));
    }
  }

  @Test
  public void adam() {
    double b1 = 0.8;
    double b2 = 0.95;
    double eps = 1e-3;
    Map<String, float[]>[] after = twoSteps(Optimizer.adam(b1, b2, eps));
    double[] k = toDouble(K0);
    double[] b = toDouble(B0);
    double[] mk = new double[4];
    double[] vk = new double[4];
    double[] mb = new double[2];
    double[] vb = new double[2];
    for (int s = 0; s < 2; s++) {
      int t = s + 1;
      double rate = LR[s] * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
      adamStep(k, mk, vk, GK[s], b1, b2, eps, rate);
      adamStep(b, mb, vb, GB[s], b1, b2, eps, rate);
      assertClose("adam step " + t + " kernel", k, after[s].get("kernel_0"));
      assertClose("adam step " + t + " kernel m", mk, after[s].get("kernel_0_m"));
      assertClose("adam step " + t + " kernel v", vk, after[s].get("kernel_0_v"));
      assertClose("adam step " + t + " bias", b, after[s].get("bias_0"));
      assertClose("adam step " + t + " bias v", vb, after[s].get("bias_0_v"));
    }
  }

  private static void adamStep(double[] w, double[] m, double[] v, float[] g, double b1, double b2,
      double eps, double rate) {
    for (int i = 0; i < w.length; i++) {
      m[i] = b1 * m[i] + (1 - b1) * g[i];
      v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
      w[i] -= rate * m[i] / (Math.sqrt(v[i]) + eps);
    }
  }

  @Test
  public void fusedTrainEqualsGradientsThenApply() {
    HeadSpec spec = HeadSpec.builder().setEmbeddingSize(6).setNumClasses(3).setBatchSize(5)
        .optHiddenLayers(4).optOptimizer(Optimizer.adam()).optL2(0.01).optSeed(2).build();
    byte[] model = HeadCompiler.compile(spec);
    try (HostSignatureRunner fused = HeadRuntimeSupport.open(model);
        HostSignatureRunner split = HeadRuntimeSupport.open(model)) {
      for (int s = 0; s < 3; s++) {
        Map<String, float[]> batch = HeadRuntimeSupport.batch(spec, 100 + s);
        Map<String, float[]> trainIn = new LinkedHashMap<>(batch);
        trainIn.put("lr", new float[] {0.05f});
        float fusedLoss = fused.run(HeadContract.TRAIN, trainIn).get("loss")[0];

        Map<String, float[]> grads = split.run(HeadContract.GRADIENTS, batch);
        Map<String, float[]> applyIn = new LinkedHashMap<>();
        for (String var : spec.trainableVariables()) {
          applyIn.put(HeadContract.grad(var), grads.get(HeadContract.grad(var)));
        }
        applyIn.put("lr", new float[] {0.05f});
        split.run(HeadContract.APPLY, applyIn);
        assertEquals("loss at step " + s, grads.get("loss")[0], fusedLoss, 1e-6);
      }
      Map<String, float[]> a = fused.run(HeadContract.GET_WEIGHTS, new LinkedHashMap<>());
      Map<String, float[]> b = split.run(HeadContract.GET_WEIGHTS, new LinkedHashMap<>());
      assertEquals(spec.allVariables().size(), a.size());
      for (String var : spec.allVariables()) {
        assertArrayEquals(var, b.get(var), a.get(var), 1e-6f);
      }
      assertArrayEquals(new float[] {3f}, a.get("step"), 0f);
    }
  }

  private static double[] toDouble(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }
}
