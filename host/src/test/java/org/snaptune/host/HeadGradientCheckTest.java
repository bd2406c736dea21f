package org.snaptune.host;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.Test;
import org.snaptune.model.HeadCompiler;
import org.snaptune.model.HeadContract;
import org.snaptune.model.HeadSpec;
import org.snaptune.model.Optimizer;

/**
 * The analytic gradients of the {@code gradients} signature against central finite differences of
 * the {@code loss} output of the same signature, both on the real runtime, for every head shape.
 */
public class HeadGradientCheckTest {

  /**
   * Perturbations, tried largest first: large enough that float32 rounding of the loss stays far
   * below the slope; a smaller one is used where the largest would cross a ReLU kink.
   */
  private static final float[] EPS = {5e-2f, 2e-2f};

  @Test
  public void linearHead() {
    check(base().build());
  }

  @Test
  public void hiddenLayerHead() {
    check(base().optHiddenLayers(7).build());
  }

  @Test
  public void twoHiddenLayers() {
    check(base().optHiddenLayers(6, 5).optInitializer(HeadSpec.Initializer.HE_UNIFORM).optSeed(3).build());
  }

  @Test
  public void linearWithL2AndLabelSmoothing() {
    check(base().optL2(0.05).optLabelSmoothing(0.2).build());
  }

  @Test
  public void twoHiddenLayersWithL2AndLabelSmoothing() {
    check(base().optHiddenLayers(6, 5).optInitializer(HeadSpec.Initializer.HE_UNIFORM).optSeed(3)
        .optL2(0.05).optLabelSmoothing(0.2).build());
  }

  private static HeadSpec.Builder base() {
    return HeadSpec.builder().setEmbeddingSize(5).setNumClasses(4).setBatchSize(4)
        .optOptimizer(Optimizer.sgd()).optSeed(11);
  }

  private static void check(HeadSpec spec) {
    Map<String, float[]> batch = HeadRuntimeSupport.batch(spec, 3);
    try (HostSignatureRunner r = HeadRuntimeSupport.open(HeadCompiler.compile(spec))) {
      Map<String, float[]> weights = r.run(HeadContract.GET_WEIGHTS, new LinkedHashMap<>());
      Map<String, float[]> analytic = r.run(HeadContract.GRADIENTS, batch);
      // The runtime's loss must be the spec's formula before its slope is worth checking.
      assertEquals(HeadRuntimeSupport.loss(spec, weights, batch),
          analytic.get(HeadContract.LOSS)[0], 1e-5);
      double worst = 0;
      String worstAt = "";
      int checked = 0;
      int skipped = 0;
      boolean[] pattern = HeadRuntimeSupport.reluPattern(spec, weights, batch.get(HeadContract.X));
      for (String var : spec.trainableVariables()) {
        float[] grad = analytic.get(HeadContract.grad(var));
        float[] values = weights.get(var);
        assertEquals(var, values.length, grad.length);
        int checkedBefore = checked;
        for (int i = 0; i < values.length; i++) {
          float eps = 0;
          for (float e : EPS) {
            if (!crossesKink(spec, weights, batch, values, i, pattern, e)) {
              eps = e;
              break;
            }
          }
          if (eps == 0) {
            // The loss is not differentiable across a ReLU kink: finite differences are
            // meaningless there, so such entries are skipped (and counted below).
            skipped++;
            continue;
          }
          checked++;
          double numeric = slope(r, weights, batch, values, i, eps);
          // Relative error with a floor, so entries whose true slope is ~0 compare absolutely.
          double rel = Math.abs(numeric - grad[i]) / Math.max(1e-2,
              Math.max(Math.abs(numeric), Math.abs(grad[i])));
          if (rel > worst) {
            worst = rel;
            worstAt = var + "[" + i + "] analytic=" + grad[i] + " numeric=" + numeric;
          }
        }
        assertTrue(var + ": only " + (checked - checkedBefore) + " of " + values.length
            + " entries away from ReLU kinks", checked - checkedBefore >= Math.min(3, values.length));
      }
      System.out.println(spec + ": max relative error " + worst + " at " + worstAt + " ("
          + checked + " entries checked, " + skipped + " skipped at ReLU kinks)");
      assertTrue("too few entries checked: " + checked + " of " + (checked + skipped),
          checked >= skipped);
      assertTrue("max relative error " + worst + " at " + worstAt, worst <= 1e-3);
    }
  }

  /** Whether moving entry {@code i} by ±2·eps flips the sign of any hidden pre-activation. */
  private static boolean crossesKink(HeadSpec spec, Map<String, float[]> weights,
      Map<String, float[]> batch, float[] values, int i, boolean[] pattern, float eps) {
    if (spec.numLayers() == 1) {
      return false;
    }
    float saved = values[i];
    try {
      for (float step : new float[] {2 * eps, -2 * eps}) {
        values[i] = saved + step;
        if (!Arrays.equals(pattern,
            HeadRuntimeSupport.reluPattern(spec, weights, batch.get(HeadContract.X)))) {
          return true;
        }
      }
      return false;
    } finally {
      values[i] = saved;
    }
  }

  /**
   * Five-point central difference (error O(eps⁴)).
   */
  private static double slope(HostSignatureRunner r, Map<String, float[]> weights,
      Map<String, float[]> batch, float[] values, int i, float eps) {
    float saved = values[i];
    double[] f = new double[4];
    float[] steps = {2 * eps, eps, -eps, -2 * eps};
    for (int s = 0; s < 4; s++) {
      values[i] = saved + steps[s];
      f[s] = lossAt(r, weights, batch);
    }
    values[i] = saved;
    return (-f[0] + 8 * f[1] - 8 * f[2] + f[3]) / (12 * eps);
  }

  private static double lossAt(HostSignatureRunner r, Map<String, float[]> weights,
      Map<String, float[]> batch) {
    r.run(HeadContract.SET_WEIGHTS, weights);
    return r.run(HeadContract.GRADIENTS, batch).get(HeadContract.LOSS)[0];
  }
}
