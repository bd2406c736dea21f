package org.snaptune.health;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import org.junit.Test;

public class GradientHealthMonitorTest {

  private static GradientHealthMonitor monitor() {
    return new GradientHealthMonitor(HealthThresholds.builder().optWindow(20)
        .optExplodeFactor(10).optLossRiseFactor(3).optLossRiseMin(0.5).optVanishingFloor(1e-6)
        .optVanishingSteps(4).optStallEpochs(3).build());
  }

  @Test
  public void steadyNormsAreHealthy() {
    GradientHealthMonitor m = monitor();
    for (int i = 0; i < 50; i++) {
      Verdict v = m.onStep(1.0 - i * 0.01, 1.0 + 0.1 * Math.sin(i), 0);
      assertEquals("step " + i, Verdict.Kind.HEALTHY, v.kind());
    }
  }

  @Test
  public void spikeFarAboveRunningMedianIsExploding() {
    GradientHealthMonitor m = monitor();
    m.onStep(1, 1, 0);
    // Judged from the second step on: one step of history is enough.
    assertEquals(Verdict.Kind.EXPLODING, m.onStep(1, 50, 0).kind());
    GradientHealthMonitor m2 = monitor();
    for (int i = 0; i < 10; i++) {
      m2.onStep(1, 2, 0);
    }
    assertEquals(Verdict.Kind.HEALTHY, m2.onStep(1, 19.9, 0).kind());
    Verdict v = m2.onStep(1, 21, 0);
    assertEquals(Verdict.Kind.EXPLODING, v.kind());
    assertTrue(v.explanation(), v.explanation().contains("rolling median"));
    assertEquals(Verdict.Reason.NORM_SPIKE, v.reason());
    assertEquals(Verdict.Kind.HEALTHY, m2.onStep(1, 2, 0).kind());
  }

  @Test
  public void lossRisingFastIsExploding() {
    GradientHealthMonitor m = monitor();
    for (int i = 0; i < 10; i++) {
      m.onStep(0.5, 1, 0);
    }
    Verdict v = m.onStep(1.6, 1, 0);
    assertEquals(Verdict.Kind.EXPLODING, v.kind());
    assertTrue(v.explanation(), v.explanation().startsWith("loss"));
  }

  @Test
  public void nonFiniteIsDivergedAndNeverEntersTheWindow() {
    GradientHealthMonitor m = monitor();
    for (int i = 0; i < 10; i++) {
      m.onStep(1, 1, 0);
    }
    assertEquals(Verdict.Kind.DIVERGED, m.onStep(Double.NaN, 1, 0).kind());
    assertEquals(Verdict.Kind.DIVERGED, m.onStep(1, Double.POSITIVE_INFINITY, 0).kind());
    Verdict v = m.onStep(1, 1, 3);
    assertEquals(Verdict.Kind.DIVERGED, v.kind());
    assertTrue(v.explanation(), v.explanation().contains("3 non-finite"));
    // The median is still 1, not polluted by ∞.
    assertEquals(Verdict.Kind.EXPLODING, m.onStep(1, 11, 0).kind());
  }

  @Test
  public void normBelowFloorForKStepsWhileLossStaysHighIsVanishing() {
    GradientHealthMonitor m = monitor();
    for (int i = 0; i < 3; i++) {
      assertEquals(Verdict.Kind.HEALTHY, m.onStep(1, 1e-8, 0).kind());
    }
    assertEquals(Verdict.Kind.VANISHING, m.onStep(1, 1e-8, 0).kind());
    assertEquals(Verdict.Kind.VANISHING, m.onStep(1, 0, 0).kind());
    assertEquals(Verdict.Kind.HEALTHY, m.onStep(1, 5e-6, 0).kind());
    assertEquals(Verdict.Kind.HEALTHY, m.onStep(1, 1e-8, 0).kind());
    // The same norms with the loss fallen to a hundredth of its start: converged, not vanishing.
    GradientHealthMonitor done = monitor();
    done.onStep(1, 1e-8, 0);
    for (int i = 0; i < 10; i++) {
      assertEquals(Verdict.Kind.HEALTHY, done.onStep(0.01, 1e-8, 0).kind());
    }
  }

  @Test
  public void noValidationImprovementIsStalledUntilItImproves() {
    GradientHealthMonitor m = monitor();
    assertEquals(Verdict.Kind.HEALTHY, m.onEpoch(1.0).kind());
    assertEquals(Verdict.Kind.HEALTHY, m.onEpoch(1.0).kind());
    assertEquals(Verdict.Kind.HEALTHY, m.onEpoch(1.2).kind());
    Verdict v = m.onEpoch(0.99999);
    assertEquals(Verdict.Kind.STALLED, v.kind());
    assertTrue(v.explanation(), v.explanation().contains("3 epochs"));
    assertEquals(Verdict.Kind.STALLED, m.onStep(1, 1, 0).kind());
    assertEquals(Verdict.Kind.HEALTHY, m.onEpoch(0.5).kind());
    assertEquals(0.5, m.bestValidationLoss(), 0);
    assertEquals(Verdict.Kind.HEALTHY, m.onEpoch(Double.NaN).kind());
  }

  @Test
  public void thresholdsAreValidated() {
    try {
      HealthThresholds.builder().optExplodeFactor(1).build();
      fail();
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("explodeFactor"));
    }
    try {
      HealthThresholds.builder().optWindow(10).optGrowthSteps(11).build();
      fail();
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("growthSteps must be in [1, window=10]"));
    }
    try {
      HealthThresholds.builder().optLossRiseMin(Double.NaN).build();
      fail();
    } catch (IllegalArgumentException e) {
      assertEquals("lossRiseMin must be finite and >= 0, got NaN", e.getMessage());
    }
    try {
      HealthThresholds.builder().optSaturatedClipRate(Double.NaN).build();
      fail();
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("saturatedClipRate must be in (0, 1]"));
    }
  }

  @Test
  public void verdictNamesParseAndUnknownOnesListTheValidNames() {
    assertEquals(Verdict.Kind.SATURATED_CLIPPING, Verdict.Kind.parse("saturated-clipping"));
    assertEquals(Verdict.Kind.COLLAPSED, Verdict.Kind.parse(" Collapsed "));
    try {
      Verdict.Kind.parse("exploded");
      fail();
    } catch (IllegalArgumentException e) {
      assertEquals("unknown verdict 'exploded'; valid: healthy, stalled, overfitting,"
          + " saturated_clipping, vanishing, collapsed, exploding, diverged", e.getMessage());
    }
  }
}
