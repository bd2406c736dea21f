package org.snaptune.model;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.Arrays;
import java.util.Map;
import org.junit.Test;

public class HeadWeightsTest {

  @Test
  public void initialValuesAreSeededAndWithinTheInitializerLimit() {
    HeadSpec spec = HeadSpec.builder().setEmbeddingSize(30).setNumClasses(10).setBatchSize(4)
        .optHiddenLayers(20).optSeed(5).build();
    Map<String, float[]> a = HeadWeights.initial(spec);
    Map<String, float[]> b = HeadWeights.initial(spec);
    assertEquals(spec.allVariables(), new java.util.ArrayList<>(a.keySet()));
    for (String var : spec.allVariables()) {
      assertArrayEquals(var, a.get(var), b.get(var), 0f);
    }
    double limit = Math.sqrt(6.0 / (30 + 20));
    double max = 0;
    for (float v : a.get("kernel_0")) {
      max = Math.max(max, Math.abs(v));
    }
    assertTrue("max " + max, max <= limit && max > 0.8 * limit);
    assertArrayEquals(new float[20], a.get("bias_0"), 0f);
    assertArrayEquals(new float[600], a.get("kernel_0_m"), 0f);
    assertArrayEquals(new float[1], a.get("step"), 0f);
    Map<String, float[]> other = HeadWeights.initial(spec.toBuilder().optSeed(6).build());
    assertFalse(Arrays.equals(a.get("kernel_0"), other.get("kernel_0")));
    Map<String, float[]> he = HeadWeights.initial(
        spec.toBuilder().optInitializer(HeadSpec.Initializer.HE_UNIFORM).build());
    double heMax = 0;
    for (float v : he.get("kernel_0")) {
      heMax = Math.max(heMax, Math.abs(v));
    }
    assertTrue("he max " + heMax, heMax <= Math.sqrt(6.0 / 30) && heMax > limit);
  }

  @Test
  public void givenWeightsWinAndOthersStayIndependentOfThem() {
    HeadSpec plain = HeadSpec.builder().setEmbeddingSize(3).setNumClasses(2).setBatchSize(1)
        .optHiddenLayers(2).build();
    float[] k0 = {1, 2, 3, 4, 5, 6};
    HeadSpec given = plain.toBuilder()
        .optInitialWeights(java.util.Collections.singletonMap("kernel_0", k0)).build();
    Map<String, float[]> a = HeadWeights.initial(plain);
    Map<String, float[]> b = HeadWeights.initial(given);
    assertArrayEquals(k0, b.get("kernel_0"), 0f);
    assertArrayEquals(a.get("kernel_1"), b.get("kernel_1"), 0f);
  }

  @Test
  public void widenClassesKeepsOldColumnsAndZeroExtendsState() {
    HeadSpec spec = HeadSpec.builder().setEmbeddingSize(2).setNumClasses(2).setBatchSize(1)
        .optOptimizer(Optimizer.adam()).build();
    Map<String, float[]> w = HeadWeights.initial(spec);
    w.put("kernel_0", new float[] {1, 2, 3, 4});
    w.put("bias_0", new float[] {5, 6});
    w.put("kernel_0_m", new float[] {7, 8, 9, 10});
    w.put("step", new float[] {12});
    Map<String, float[]> wide = HeadWeights.widenClasses(spec, w, 3, 1);
    float[] k = wide.get("kernel_0");
    assertEquals(6, k.length);
    assertEquals(1, k[0], 0f);
    assertEquals(2, k[1], 0f);
    assertEquals(3, k[3], 0f);
    assertEquals(4, k[4], 0f);
    assertTrue("new column drawn, not zero", k[2] != 0 && k[5] != 0);
    assertArrayEquals(new float[] {5, 6, 0}, wide.get("bias_0"), 0f);
    assertArrayEquals(new float[] {7, 8, 0, 9, 10, 0}, wide.get("kernel_0_m"), 0f);
    assertArrayEquals(new float[] {12}, wide.get("step"), 0f);
    HeadSpec wider = spec.toBuilder().setNumClasses(3).optInitialWeights(wide).build();
    assertArrayEquals(k, HeadWeights.initial(wider).get("kernel_0"), 0f);
    try {
      HeadWeights.widenClasses(spec, w, 1, 1);
      fail("shrinking");
    } catch (IllegalArgumentException expected) {
      assertTrue(expected.getMessage().contains("can only add classes"));
    }
    w.put("bias_0", new float[3]);
    try {
      HeadWeights.widenClasses(spec, w, 3, 1);
      fail("wrong size");
    } catch (IllegalArgumentException expected) {
      assertTrue(expected.getMessage(), expected.getMessage().contains("'bias_0' need 2 values"));
    }
  }
}
