package org.snaptune.chart;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class DownsamplerTest {

  @Test
  public void keepsSpikeAndNonFiniteMarkerInLongSeries() {
    int n = 100_000;
    float[] xs = new float[n];
    float[] ys = new float[n];
    for (int i = 0; i < n; i++) {
      xs[i] = i;
      ys[i] = 1f + (float) Math.sin(i * 0.01);
    }
    ys[54_321] = 1e6f;
    ys[77_777] = Float.NaN;
    Points p = Downsampler.minMax(xs, ys, n, 400);
    assertTrue("at most 400 points, got " + p.size(), p.size() <= 400);
    assertEquals(1e6f, p.finiteYRange()[1], 0f);
    assertEquals(0f, p.finiteYRange()[0], 1e-3f);
    assertEquals(1, p.nonFiniteCount());
    boolean sawSpikeX = false;
    for (int i = 0; i < p.size(); i++) {
      if (i > 0) {
        assertTrue("x stays ordered", p.x(i) > p.x(i - 1));
      }
      sawSpikeX |= p.x(i) == 54_321f && p.y(i) == 1e6f;
    }
    assertTrue(sawSpikeX);
    assertEquals("first and last points survive", 0f, p.x(0), 0f);
    assertEquals(n - 1, p.x(p.size() - 1), 0f);
  }

  @Test
  public void shortSeriesIsCopiedUnchanged() {
    float[] xs = {1, 2, 3};
    float[] ys = {3, Float.POSITIVE_INFINITY, 1};
    Points p = Downsampler.minMax(xs, ys, 3, 8);
    assertEquals(3, p.size());
    assertEquals(Float.POSITIVE_INFINITY, p.y(1), 0f);
    xs[0] = 99;
    assertEquals(1f, p.x(0), 0f);
  }

  @Test
  public void seriesStaysBoundedAndKeepsExtremes() {
    Series s = new Series("loss", 1000);
    for (int i = 0; i < 50_000; i++) {
      s.add(i, i == 12_345 ? 500f : 1f / (1 + i));
    }
    assertTrue(s.size() <= 1000);
    Points p = s.snapshot();
    assertEquals(500f, p.finiteYRange()[1], 0f);
    assertEquals(49_999f, p.x(p.size() - 1), 0f);
    assertTrue(s.forDrawing(100).size() <= 100);
  }
}
