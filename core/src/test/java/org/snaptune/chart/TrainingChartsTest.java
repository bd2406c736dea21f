package org.snaptune.chart;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;

import java.util.Collections;
import org.junit.Test;
import org.snaptune.health.EpochReport;
import org.snaptune.health.StepReport;
import org.snaptune.health.Verdict;

public class TrainingChartsTest {

  private static StepReport step(long i, double loss, double before, double after, boolean clipped,
      boolean applied, Verdict v) {
    return new StepReport(i, 1, loss, before, after, 1.0, clipped,
        Collections.<String, Double>emptyMap(), applied ? 1e-3 : Double.NaN,
        applied ? 0 : 1, 0, 0.01, applied, v);
  }

  @Test
  public void collectsSeriesCountsAndRollingClipRate() {
    TrainingCharts c = new TrainingCharts();
    Verdict healthy = Verdict.healthy();
    for (int i = 1; i <= 40; i++) {
      c.onStep(step(i, 1.0 / i, 2.0, 1.0, i > 30, true, healthy));
    }
    Verdict diverged = new Verdict(Verdict.Kind.DIVERGED, "loss became NaN",
        "1 non-finite step skipped, learning rate halved");
    c.onStep(step(41, Double.NaN, Double.NaN, Double.NaN, false, false, diverged));
    TrainingCharts.Snapshot s = c.snapshot(1000);
    assertEquals(41, s.steps);
    assertEquals(1, s.nonFiniteSteps);
    assertEquals(10, s.clippedSteps);
    assertEquals(41, s.trainLoss.size());
    assertEquals(1, s.trainLoss.nonFiniteCount());
    assertEquals("update ratio is not measured on the skipped step", 40, s.updateRatio.size());
    // Steps 22..41: clipped 31..40 → 10 of 20.
    assertEquals(0.5f, s.clipRate.y(s.clipRate.size() - 1), 1e-6f);
    assertEquals(0f, s.clipRate.y(0), 0f);
    assertSame(diverged, s.verdict);
    assertNull(s.result);
  }

  @Test
  public void countsRecoveryActionsAndKeepsTheLatestLearningRateScale() {
    TrainingCharts c = new TrainingCharts();
    StepReport.Recovery[] actions = {StepReport.Recovery.ROLLED_BACK,
        StepReport.Recovery.BACKED_OFF, StepReport.Recovery.NONE, StepReport.Recovery.SKIPPED,
        StepReport.Recovery.GREW_BACK};
    double[] scales = {0.5, 0.25, 0.25, 0.125, 0.25};
    for (int i = 0; i < actions.length; i++) {
      c.onStep(new StepReport(i + 1, 1, 1, 1, 1, Double.NaN, false,
          Collections.<String, Double>emptyMap(), Double.NaN, 0, 0, 0.1, true,
          Verdict.healthy(), scales[i], actions[i]));
    }
    TrainingCharts.Snapshot s = c.snapshot(100);
    assertEquals(3, s.backOffs);
    assertEquals(1, s.rollbacks);
    assertEquals(1, s.growths);
    assertEquals(0.25, s.lrScale, 0);
    c.clear();
    assertEquals(0, c.snapshot(100).backOffs);
    assertEquals(1.0, c.snapshot(100).lrScale, 0);
  }

  @Test
  public void epochsFeedValidationSeriesAndClearResets() {
    TrainingCharts c = new TrainingCharts();
    c.onEpoch(new EpochReport(1, 10, 0.9, 1.1, 0.5, 0.01, 0, 3, true, Verdict.healthy()));
    c.onEpoch(new EpochReport(2, 20, 0.5, 0.7, 0.75, 0.01, 0, 1, true, Verdict.healthy()));
    TrainingCharts.Snapshot s = c.snapshot(100);
    assertEquals(2, s.epochs);
    assertEquals(0.75f, s.validationAccuracy.y(1), 0f);
    assertEquals("epoch points sit on the step axis", 20f, s.validationAccuracy.x(1), 0f);
    assertEquals(0.7f, s.validationLoss.y(1), 1e-7f);
    c.clear();
    assertEquals(0, c.snapshot(100).validationLoss.size());
    assertEquals(0, c.snapshot(100).epochs);
  }
}
