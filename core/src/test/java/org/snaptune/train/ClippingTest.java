package org.snaptune.train;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.Test;

public class ClippingTest {

  private static Map<String, float[]> grads(float[] kernel, float[] bias) {
    Map<String, float[]> g = new LinkedHashMap<>();
    g.put("kernel_0", kernel);
    g.put("bias_0", bias);
    return g;
  }

  private static Map<String, int[]> shapes(int in, int out) {
    Map<String, int[]> s = new LinkedHashMap<>();
    s.put("kernel_0", new int[] {in, out});
    s.put("bias_0", new int[] {out});
    return s;
  }

  private static ClipResult clip(Clipping c, Map<String, float[]> g) {
    return c.newClipper().clip(g, null, null);
  }

  @Test
  public void globalNormMatchesPytorchFormula() {
    Map<String, float[]> g = grads(new float[] {3, 0, 0, 0}, new float[] {0, 4});
    ClipResult r = clip(Clipping.globalNorm(1.0), g);
    double coef = 1.0 / (5.0 + 1e-6);
    assertEquals(5.0, r.normBefore(), 1e-12);
    assertEquals(5.0 * coef, r.normAfter(), 1e-6);
    assertTrue(r.clipped());
    assertArrayEquals(new float[] {(float) (3 * coef), 0, 0, 0}, g.get("kernel_0"), 1e-7f);
    assertArrayEquals(new float[] {0, (float) (4 * coef)}, g.get("bias_0"), 1e-7f);
  }

  @Test
  public void globalNormBelowThresholdIsUntouched() {
    Map<String, float[]> g = grads(new float[] {0.3f, 0.4f}, new float[] {0});
    ClipResult r = clip(Clipping.globalNorm(1.0), g);
    assertFalse(r.clipped());
    assertArrayEquals(new float[] {0.3f, 0.4f}, g.get("kernel_0"), 0f);
    assertEquals(0.5, r.normAfter(), 1e-7);
  }

  @Test
  public void allZeroGradientsStayZeroInEveryMode() {
    Clipping[] modes = {Clipping.off(), Clipping.byValue(0.1), Clipping.perTensorNorm(0.1),
        Clipping.globalNorm(0.1), Clipping.adaptive(0.01, 1e-3), Clipping.autoPercentile(10)};
    for (Clipping c : modes) {
      Map<String, float[]> g = grads(new float[6], new float[3]);
      Map<String, float[]> w = grads(new float[6], new float[3]);
      ClipResult r = c.newClipper().clip(g, w, shapes(2, 3));
      assertEquals(c.toString(), 0.0, r.normBefore(), 0);
      assertEquals(c.toString(), 0.0, r.normAfter(), 0);
      assertFalse(c.toString(), r.clipped());
      assertArrayEquals(new float[6], g.get("kernel_0"), 0f);
    }
  }

  @Test
  public void oneHugeComponent() {
    float huge = 1e30f;
    Map<String, float[]> g = grads(new float[] {huge, 1}, new float[] {-2});
    ClipResult r = clip(Clipping.byValue(0.5), g);
    assertArrayEquals(new float[] {0.5f, 0.5f}, g.get("kernel_0"), 0f);
    assertArrayEquals(new float[] {-0.5f}, g.get("bias_0"), 0f);
    assertEquals(Math.sqrt(0.75), r.normAfter(), 1e-7);
    assertEquals(Math.sqrt(1e60 + 5), r.normBefore(), 1e24);

    g = grads(new float[] {huge, 1}, new float[] {-2});
    r = clip(Clipping.perTensorNorm(1.0), g);
    assertEquals(1.0, g.get("kernel_0")[0], 1e-6);
    assertEquals(1e-30, g.get("kernel_0")[1], 1e-36);
    assertArrayEquals(new float[] {-1f}, g.get("bias_0"), 1e-7f);
    assertEquals(Math.sqrt(2), r.normAfter(), 1e-6);

    g = grads(new float[] {huge, 1}, new float[] {-2});
    r = clip(Clipping.globalNorm(2.0), g);
    assertEquals(2.0, r.normAfter(), 1e-6);
    assertEquals(2.0, g.get("kernel_0")[0], 1e-6);
  }

  @Test
  public void nanPresentLeavesGradientsUntouchedAndReportsIt() {
    Clipping[] modes = {Clipping.byValue(0.1), Clipping.perTensorNorm(0.1),
        Clipping.globalNorm(0.1), Clipping.adaptive(0.01, 1e-3), Clipping.autoPercentile(50)};
    for (Clipping c : modes) {
      Map<String, float[]> g = grads(new float[] {Float.NaN, 5, 0, 0, 0, 0}, new float[] {7, 0, 0});
      Map<String, float[]> w = grads(new float[6], new float[3]);
      ClipResult r = c.newClipper().clip(g, w, shapes(2, 3));
      assertTrue(c.toString(), Double.isNaN(r.normBefore()));
      assertFalse(c.toString(), r.clipped());
      assertEquals(5f, g.get("kernel_0")[1], 0f);
      assertEquals(7f, g.get("bias_0")[0], 0f);
    }
    Map<String, float[]> g = grads(new float[] {Float.POSITIVE_INFINITY, 1}, new float[] {1});
    ClipResult r = clip(Clipping.globalNorm(1), g);
    assertTrue(Double.isInfinite(r.normBefore()));
    assertEquals(1f, g.get("kernel_0")[1], 0f);
  }

  @Test
  public void adaptiveClipsEachOutputUnitAgainstItsWeightNorm() {
    // kernel [in=2, out=3] row-major; unit u = column u.
    float[] w = {3, 0, 0.0f, 4, 1, 0.0f};
    float[] g = {1, 10, 0, 0, 10, 0};
    Map<String, float[]> grads = grads(g, new float[] {0.5f, 0, 1});
    Map<String, float[]> weights = grads(w, new float[] {1, 0, 0});
    ClipResult r = Clipping.adaptive(0.1, 1e-3).newClipper().clip(grads, weights, shapes(2, 3));
    assertTrue(r.clipped());
    float[] k = grads.get("kernel_0");
    // unit 0: |W|=5, max 0.5, |G|=1 -> scale 0.5
    assertEquals(0.5f, k[0], 1e-6f);
    assertEquals(0f, k[3], 0f);
    // unit 1: |W|=1, max 0.1, |G|=sqrt(200) -> G * 0.1/sqrt(200)
    assertEquals(10 * 0.1 / Math.sqrt(200), k[1], 1e-6);
    assertEquals(10 * 0.1 / Math.sqrt(200), k[4], 1e-6);
    // unit 2: |W|=0 -> floor eps: max 1e-4, |G|=0 -> untouched
    assertEquals(0f, k[2], 0f);
    // The bias vector is one unit (NFNets): |b|=1 -> max 0.1, |G_b|=sqrt(1.25) -> scaled as one.
    double c = 0.1 / Math.sqrt(1.25);
    assertArrayEquals(new float[] {(float) (0.5 * c), 0, (float) c}, grads.get("bias_0"), 1e-7f);
    assertEquals(3.0 / 4, r.clippedFraction(), 1e-12); // units 0, 1 and the bias; not unit 2
  }

  @Test
  public void adaptiveLeavesTheFinalLayerOfAnMlpUnclippedButClipsALinearHead() {
    Map<String, float[]> g = new LinkedHashMap<>();
    g.put("kernel_0", new float[] {10, 10});
    g.put("bias_0", new float[] {10});
    g.put("kernel_1", new float[] {10, 10});
    g.put("bias_1", new float[] {10, 10});
    Map<String, float[]> w = new LinkedHashMap<>();
    w.put("kernel_0", new float[] {1, 1});
    w.put("bias_0", new float[] {1});
    w.put("kernel_1", new float[] {1, 1});
    w.put("bias_1", new float[] {1, 1});
    Map<String, int[]> s = new LinkedHashMap<>();
    s.put("kernel_0", new int[] {2, 1});
    s.put("bias_0", new int[] {1});
    s.put("kernel_1", new int[] {1, 2});
    s.put("bias_1", new int[] {2});
    ClipResult r = Clipping.adaptive(0.01, 1e-3).newClipper().clip(g, w, s);
    assertTrue(r.clipped());
    assertEquals(1.0, r.clippedFraction(), 0); // both hidden units; the final layer is exempt
    assertTrue(g.get("kernel_0")[0] < 0.1f);
    assertArrayEquals(new float[] {10, 10}, g.get("kernel_1"), 0f);
    assertArrayEquals(new float[] {10, 10}, g.get("bias_1"), 0f);
    assertTrue(Clipping.adaptive(0.01, 1e-3).scope(s).contains("not the final classifier layer"
        + " kernel_1/bias_1"));
    assertTrue(Clipping.adaptive(0.01, 1e-3).scope(shapes(2, 3)).contains("a linear head has no"
        + " other"));
    assertEquals("", Clipping.globalNorm(1).scope(s));
  }

  @Test
  public void autoClipHistoryIsBoundedAndResets() {
    GradientClipper c = Clipping.autoPercentile(50).newClipper();
    for (int i = 0; i < Clipping.AUTOCLIP_HISTORY; i++) {
      c.clip(grads(new float[] {100}, new float[] {0}), null, null);
    }
    for (int i = 0; i < Clipping.AUTOCLIP_HISTORY; i++) {
      c.clip(grads(new float[] {1}, new float[] {0}), null, null);
    }
    // Every 100 has been evicted: the median is of the last 1,000 norms only.
    assertEquals(1.0, c.clip(grads(new float[] {1}, new float[] {0}), null, null).threshold(),
        1e-12);
    c.reset();
    assertEquals(7.0, c.clip(grads(new float[] {7}, new float[] {0}), null, null).threshold(),
        1e-12);
  }

  @Test
  public void adaptiveUsesBiasLengthToFindOutputAxisOfOutInLayout() {
    Map<String, float[]> grads = grads(new float[] {3, 4, 0, 0, 0, 0}, new float[] {0, 0});
    Map<String, float[]> weights = grads(new float[] {1, 0, 0, 0, 0, 0}, new float[] {0, 0});
    Map<String, int[]> s = new LinkedHashMap<>();
    s.put("kernel_0", new int[] {2, 3}); // [out=2, in=3]
    s.put("bias_0", new int[] {2});
    Clipping.adaptive(1.0, 1e-3).newClipper().clip(grads, weights, s);
    // unit 0 is row 0: |W|=1, |G|=5 -> scaled to norm 1
    assertArrayEquals(new float[] {0.6f, 0.8f, 0, 0, 0, 0}, grads.get("kernel_0"), 1e-6f);
  }

  @Test
  public void autoClipUsesPercentileOfHistory() {
    GradientClipper c = Clipping.autoPercentile(50).newClipper();
    ClipResult r1 = c.clip(grads(new float[] {1}, new float[] {0}), null, null);
    assertEquals(1.0, r1.threshold(), 1e-12);
    assertFalse(r1.clipped());
    ClipResult r2 = c.clip(grads(new float[] {3}, new float[] {0}), null, null);
    assertEquals(2.0, r2.threshold(), 1e-12); // median of {1, 3}
    assertTrue(r2.clipped());
    assertEquals(2.0, r2.normAfter(), 1e-5);
    Map<String, float[]> g = grads(new float[] {0, 2}, new float[] {0});
    ClipResult r3 = c.clip(g, null, null);
    assertEquals(2.0, r3.threshold(), 1e-12); // median of {1, 2, 3}
    assertFalse(r3.clipped());
    c.clip(grads(new float[] {Float.NaN}, new float[] {0}), null, null);
    ClipResult r4 = c.clip(grads(new float[] {10}, new float[] {0}), null, null);
    assertEquals(2.5, r4.threshold(), 1e-12); // NaN step not recorded: {1, 2, 3, 10}
  }

  @Test
  public void offReportsNormsAndChangesNothing() {
    Map<String, float[]> g = grads(new float[] {300, 400}, new float[] {0});
    ClipResult r = clip(Clipping.off(), g);
    assertEquals(500, r.normBefore(), 1e-9);
    assertEquals(500, r.normAfter(), 1e-9);
    assertTrue(Double.isNaN(r.threshold()));
    assertArrayEquals(new float[] {300, 400}, g.get("kernel_0"), 0f);
  }

  @Test
  public void parsesCommandLineForms() {
    assertEquals(Clipping.Mode.OFF, Clipping.parse("off").mode());
    assertEquals(Clipping.Mode.VALUE, Clipping.parse("value:0.5").mode());
    assertEquals(Clipping.Mode.PER_TENSOR_NORM, Clipping.parse("norm:1").mode());
    assertEquals(Clipping.Mode.GLOBAL_NORM, Clipping.parse("GLOBAL:2").mode());
    assertEquals(Clipping.Mode.ADAPTIVE, Clipping.parse("agc:0.01").mode());
    assertEquals("agc:0.01:1.0E-4", Clipping.parse("agc:0.01:1e-4").toString());
    assertEquals(Clipping.Mode.AUTO_PERCENTILE, Clipping.parse("auto:10").mode());
    for (String bad : new String[] {"", "value", "value:x", "global:-1", "auto:0", "auto:101",
        "agc:1:2:3", "clip:1", "value:NaN"}) {
      try {
        Clipping.parse(bad);
        fail("accepted '" + bad + "'");
      } catch (IllegalArgumentException e) {
        assertTrue(e.getMessage(), e.getMessage().contains("'") || e.getMessage().contains("must"));
      }
    }
  }
}
