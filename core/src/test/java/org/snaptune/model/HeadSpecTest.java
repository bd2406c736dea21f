package org.snaptune.model;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.Test;

public class HeadSpecTest {

  private static HeadSpec.Builder valid() {
    return HeadSpec.builder().setEmbeddingSize(4).setNumClasses(3).setBatchSize(2);
  }

  @Test
  public void namesAndShapesFollowTheContract() {
    HeadSpec spec = valid().optHiddenLayers(5, 6).optOptimizer(Optimizer.adam()).build();
    assertEquals(Arrays.asList("kernel_0", "bias_0", "kernel_1", "bias_1", "kernel_2", "bias_2"),
        spec.trainableVariables());
    assertEquals(6 + 6 + 6 + 1, spec.allVariables().size());
    assertEquals("kernel_0_m", spec.allVariables().get(6));
    assertEquals("bias_2_v", spec.allVariables().get(17));
    assertEquals("step", spec.allVariables().get(18));
    assertArrayEquals(new int[] {4, 5}, spec.variableShape("kernel_0"));
    assertArrayEquals(new int[] {5, 6}, spec.variableShape("kernel_1_v"));
    assertArrayEquals(new int[] {3}, spec.variableShape("bias_2_m"));
    assertArrayEquals(new int[0], spec.variableShape("step"));
    assertArrayEquals(new int[] {4, 5, 6, 3}, spec.layerWidths());
    assertEquals(4 * 5 + 5 + 5 * 6 + 6 + 6 * 3 + 3, spec.parameterCount());
    HeadSpec momentum = valid().optOptimizer(Optimizer.momentum(0.9)).build();
    assertEquals(Arrays.asList("kernel_0", "bias_0", "kernel_0_velocity", "bias_0_velocity",
        "step"), momentum.allVariables());
    assertEquals(Arrays.asList("kernel_0", "bias_0", "step"),
        valid().optOptimizer(Optimizer.sgd()).build().allVariables());
  }

  @Test
  public void badSpecsAreRejectedNamingTheValue() {
    expect(valid().setNumClasses(1), "number of classes must be >= 2, got 1");
    expect(HeadSpec.builder().setEmbeddingSize(4).setBatchSize(2), "number of classes must be >= 2, got none");
    expect(valid().setEmbeddingSize(0), "embedding size must be >= 1, got 0");
    expect(valid().setBatchSize(0), "batch size must be >= 1, got 0");
    expect(valid().optHiddenLayers(8, 0), "hidden layer widths must be >= 1");
    expect(valid().optL2(-1e-3), "l2 must be finite and >= 0");
    expect(valid().optL2(Double.NaN), "l2 must be finite and >= 0, got NaN");
    expect(valid().optL2(Double.POSITIVE_INFINITY), "l2 must be finite");
    expect(valid().optLabelSmoothing(1.0), "label smoothing must be in [0, 1)");
    expect(valid().optLabelSmoothing(Double.NaN), "label smoothing must be in [0, 1), got NaN");
    expect(valid().optOptimizer(null), "optimizer must not be null");
    expect(valid().optInitializer(null), "initializer must not be null");
    expect(valid().setEmbeddingSize(100_000).optHiddenLayers(100_000), "at most 100000000");
    expect(valid().optInitialWeights(Collections.singletonMap("kernel_0", new float[11])),
        "need 12 values (shape [4, 3]), got 11");
    expect(valid().optInitialWeights(Collections.singletonMap("kernel_9", new float[12])),
        "unknown variable 'kernel_9'; valid: [kernel_0, bias_0, kernel_0_m");
    expect(valid().optInitialWeights(Collections.singletonMap("bias_0", new float[] {0, Float.NaN, 0})),
        "non-finite");
    Map<String, float[]> nullValue = new LinkedHashMap<>();
    nullValue.put("bias_0", null);
    expect(valid().optInitialWeights(nullValue), "null");
  }

  @Test
  public void badOptimizersAreRejected() {
    expectIae(() -> Optimizer.momentum(1.0), "momentum must be in [0, 1)");
    expectIae(() -> Optimizer.momentum(Double.NaN), "momentum must be in [0, 1)");
    expectIae(() -> Optimizer.adam(0.9, -0.1, 1e-7), "betas must be in [0, 1)");
    expectIae(() -> Optimizer.adam(1.0, 0.9, 1e-7), "betas must be in [0, 1)");
    expectIae(() -> Optimizer.adam(0.9, 0.999, 0), "epsilon must be finite and > 0");
    expectIae(() -> Optimizer.parse("rmsprop"), "valid: sgd, momentum, adam");
    assertEquals(Optimizer.Kind.MOMENTUM, Optimizer.parse("Momentum").kind());
  }

  @Test
  public void toBuilderRoundTrips() {
    HeadSpec spec = valid().optHiddenLayers(7).optL2(0.5).optLabelSmoothing(0.1).optSeed(3)
        .optInitialWeights(Collections.singletonMap("bias_1", new float[] {1, 2, 3})).build();
    HeadSpec copy = spec.toBuilder().build();
    assertEquals(spec.toString(), copy.toString());
    assertArrayEquals(new float[] {1, 2, 3}, copy.initialWeights().get("bias_1"), 0f);
  }

  private static void expect(HeadSpec.Builder b, String message) {
    expectIae(b::build, message);
  }

  private static void expectIae(Runnable r, String message) {
    try {
      r.run();
      fail("expected IllegalArgumentException: " + message);
    } catch (IllegalArgumentException e) {
      assertTrue("'" + e.getMessage() + "' should contain '" + message + "'",
          e.getMessage().contains(message));
    }
  }
}
