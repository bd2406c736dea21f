package org.snaptune.prototype;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.Test;
import org.snaptune.data.Dataset;
import org.snaptune.health.Verdict;
import org.snaptune.host.HostSignatureRunner;
import org.snaptune.settings.TrainingSettings;
import org.snaptune.train.TrainingResult;

/** The defaults end to end on the real host runtime: plan, training, selection, trust report. */
public class PersonalisationHostTest {

  private static final List<String> NAMES = Arrays.asList("keys", "wallet", "mug");

  private static HeadFitter fitter() {
    return new HeadFitter(HostSignatureRunner::open, 1);
  }

  /**
   * Classes told apart only by value 0 (0, 3, 6 ± 0.15), other values shared noise of σ 2:
   * prototypes (cosine over all values) see mostly noise; a trained linear head ignores it.
   */
  static Dataset oneInformativeValue(int perClass, int d, long seed) {
    Random r = new Random(seed);
    float[] x = new float[perClass * 3 * d];
    int[] y = new int[perClass * 3];
    for (int i = 0; i < y.length; i++) {
      y[i] = i % 3;
      x[i * d] = 3 * y[i] + (float) r.nextGaussian() * 0.15f;
      for (int j = 1; j < d; j++) {
        x[i * d + j] = 2 + (float) r.nextGaussian() * 2f;
      }
    }
    return new Dataset(NAMES, d, x, y);
  }

  @Test
  public void whereTheHeadIsBetterAutoKeepsTheHeadAndSaysWhy() {
    Dataset data = oneInformativeValue(24, 16, 1);
    Personalisation.Outcome o = Personalisation.run(TrainingSettings.defaults(), data,
        ClassifierChoice.AUTO, fitter(), 1, null);
    Selection s = o.selection();
    System.out.println(s + " / " + o.head().result());
    assertEquals(s.toString(), Selection.Kind.HEAD, s.chosen());
    assertTrue(s.toString(), s.head().accuracy() > s.prototypes().accuracy() + 0.2);
    assertEquals("the same held-out samples", s.head().size(), s.prototypes().size());
    assertEquals(Selection.Kind.HEAD, o.trust().classifier());
    TrainingResult r = o.head().result();
    assertEquals(TrainingResult.Status.COMPLETED, r.status());
    assertEquals(TrainingSettings.DEFAULT_STEPS, r.steps());
    assertTrue("clip rate " + r.clippedSteps() + "/" + r.steps(),
        r.clippedSteps() < 0.3 * r.steps());
  }

  @Test
  public void fiveSamplesPerClassTrainOnEverySampleForTheWholeBudgetAndNeverStall() {
    Dataset data = Clusters.of(NAMES, new int[] {5, 5, 5}, 32, 1.0, 3);
    Personalisation.Outcome o = Personalisation.run(TrainingSettings.defaults(), data,
        ClassifierChoice.AUTO, fitter(), 2, null);
    assertFalse(o.plan().hasValidation());
    assertEquals(15, o.plan().train().size());
    TrainingResult r = o.head().result();
    assertEquals("no early stop on a one-sample holdout", TrainingResult.Status.COMPLETED,
        r.status());
    assertNotEquals(Verdict.Kind.STALLED, r.finalVerdict().kind());
    assertEquals(TrainingSettings.DEFAULT_STEPS, r.steps());
    assertTrue(o.trust().measured());
    assertTrue(o.trust().summary(), o.trust().summary().contains("5-fold cross-validation"));
  }

  @Test
  public void prototypesOnRequestTrainNothing() {
    Dataset data = Clusters.of(NAMES, new int[] {1, 1, 1}, 16, 0.3, 4);
    Personalisation.Outcome o = Personalisation.run(TrainingSettings.defaults(), data,
        ClassifierChoice.PROTOTYPE, null, 2, null);
    assertEquals(null, o.head());
    assertEquals(Selection.Kind.PROTOTYPES, o.selection().chosen());
    assertFalse("one sample per class: nothing to hold out", o.trust().measured());
  }
  /**
   * Stop pressed while the five cross-validation folds train (after the final head's 1,000 steps
   * and {@code foldSteps} steps into the folds): the comparison ends at once, no step taken after
   * the stop, and says it was stopped.
   */
  private static Personalisation.Outcome stopDuringCrossValidation(Dataset data, int foldSteps,
      int[] askedAfterStop) {
    org.snaptune.session.RunControl control = new org.snaptune.session.RunControl();
    int stopAt = TrainingSettings.DEFAULT_STEPS + foldSteps;
    int[] asked = new int[1];
    return Personalisation.run(TrainingSettings.defaults(), data, ClassifierChoice.AUTO,
        fitter(), 2, null, () -> {
          if (control.isStopRequested()) {
            askedAfterStop[0]++;
          }
          if (++asked[0] == stopAt) {
            control.stop(false);
          }
          return control.awaitGo(() -> { });
        });
  }

  @Test
  public void stopInTheFirstFoldEndsTheComparisonAtOnceKeepingThePrototypes() {
    Dataset data = Clusters.of(NAMES, new int[] {5, 5, 5}, 32, 1.0, 3);
    int[] askedAfterStop = new int[1];
    // 1 check before fold 1, then 300 of its 1,000 steps.
    Personalisation.Outcome o = stopDuringCrossValidation(data, 1 + 300, askedAfterStop);
    assertEquals("the final head trained fully", TrainingResult.Status.COMPLETED,
        o.head().result().status());
    assertEquals("no step and no fold after the stop", 0, askedAfterStop[0]);
    Selection s = o.selection();
    assertTrue(s.stopped());
    assertEquals(Selection.Kind.PROTOTYPES, s.chosen());
    assertEquals("no fold was measured", null, s.head());
    assertTrue(s.reason(), s.reason().startsWith("stopped before cross-validation"));
  }

  @Test
  public void stopInTheThirdFoldJudgesOnTheTwoFoldsMeasured() {
    Dataset data = Clusters.of(NAMES, new int[] {5, 5, 5}, 32, 1.0, 3);
    int[] askedAfterStop = new int[1];
    int perFold = 1 + TrainingSettings.DEFAULT_STEPS;
    Personalisation.Outcome o = stopDuringCrossValidation(data, 2 * perFold + 1 + 10,
        askedAfterStop);
    assertEquals(0, askedAfterStop[0]);
    Selection s = o.selection();
    assertTrue(s.stopped());
    assertFalse(s.head().complete());
    assertEquals("two folds of one sample per class", 6, s.head().size());
    assertEquals("prototypes judged on the same samples", 6, s.prototypes().size());
    for (int i = 0; i < 6; i++) {
      assertEquals(s.head().row(i), s.prototypes().row(i));
    }
    assertTrue(s.reason(), s.reason().contains("stopped after 2 of 5 folds"));
    assertTrue(o.trust().summary(), o.trust().summary().contains("stopped after 2 of 5 folds"));
  }
}
