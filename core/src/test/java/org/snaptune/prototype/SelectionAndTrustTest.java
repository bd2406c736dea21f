package org.snaptune.prototype;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.Test;
import org.snaptune.metrics.Calibration;
import org.snaptune.metrics.Evaluation;

public class SelectionAndTrustTest {

  private static final List<String> NAMES = Arrays.asList("keys", "wallet", "mug");

  /** Held-out predictions: one-hot-ish rows for the given predicted classes. */
  private static HeldOut held(int[] labels, int[] predicted, float confidence) {
    float[] p = new float[labels.length * 3];
    int[] rows = new int[labels.length];
    for (int i = 0; i < labels.length; i++) {
      for (int k = 0; k < 3; k++) {
        p[i * 3 + k] = k == predicted[i] ? confidence : (1 - confidence) / 2;
      }
      rows[i] = 10 + i;
    }
    return new HeldOut(Evaluation.of(NAMES, p, labels), rows, "test folds");
  }

  private static final int[] LABELS = {0, 0, 0, 0, 1, 1, 1, 1, 2, 2};

  @Test
  public void autoKeepsTheHeadOnlyWhenItIsMoreAccurateOnTheSameSamples() {
    HeldOut good = held(LABELS, new int[] {0, 0, 0, 0, 1, 1, 1, 1, 2, 2}, 0.9f);
    HeldOut worse = held(LABELS, new int[] {0, 0, 0, 1, 1, 1, 1, 1, 2, 2}, 0.9f);
    Selection s = Selection.decide(ClassifierChoice.AUTO, worse, good);
    assertEquals(Selection.Kind.HEAD, s.chosen());
    assertTrue(s.reason(), s.reason().contains("100.0 % vs 90.0 %"));
    assertEquals(Selection.Kind.PROTOTYPES,
        Selection.decide(ClassifierChoice.AUTO, good, worse).chosen());
    Selection tie = Selection.decide(ClassifierChoice.AUTO, good, good);
    assertEquals(Selection.Kind.PROTOTYPES, tie.chosen());
    assertTrue(tie.reason(), tie.reason().contains("not more accurate"));
    Selection none = Selection.decide(ClassifierChoice.AUTO, null, null);
    assertEquals(Selection.Kind.PROTOTYPES, none.chosen());
    assertTrue(none.reason(), none.reason().contains("second photo"));
    assertEquals(Selection.Kind.HEAD, Selection.decide(ClassifierChoice.HEAD, good, worse)
        .chosen());
    assertEquals(Selection.Kind.PROTOTYPES,
        Selection.decide(ClassifierChoice.PROTOTYPE, worse, good).chosen());
  }

  @Test
  public void aStoppedComparisonSaysSoAndDecidesOnlyOnWhatWasMeasured() {
    HeldOut good = held(LABELS, new int[] {0, 0, 0, 0, 1, 1, 1, 1, 2, 2}, 0.9f);
    HeldOut worse = held(LABELS, new int[] {0, 0, 0, 1, 1, 1, 1, 1, 2, 2}, 0.9f);
    assertFalse(Selection.decide(ClassifierChoice.AUTO, worse, good).stopped());
    Selection partial = Selection.stopped(ClassifierChoice.AUTO, worse, good);
    assertTrue(partial.stopped());
    assertEquals(Selection.Kind.HEAD, partial.chosen());
    assertTrue(partial.reason(), partial.reason().startsWith("stopped during cross-validation"));
    Selection nothing = Selection.stopped(ClassifierChoice.AUTO, worse, null);
    assertTrue(nothing.stopped());
    assertEquals(Selection.Kind.PROTOTYPES, nothing.chosen());
    assertTrue(nothing.reason(), nothing.reason().contains("the head was not compared"));
    assertFalse("a stop is not 'add a second photo'", nothing.reason().contains("second photo"));
  }

  @Test
  public void trustReportNamesTheConfusedClassAndTheMisclassifiedPhotos() {
    // Two of four 'keys' taken for 'wallet'.
    HeldOut h = held(LABELS, new int[] {0, 1, 0, 1, 1, 1, 1, 1, 2, 2}, 0.8f);
    TrustReport t = TrustReport.of(Selection.Kind.HEAD, NAMES, new int[] {5, 5, 2}, h);
    assertTrue(t.measured());
    assertEquals(0.8, t.accuracy(), 1e-9);
    assertEquals(0.5, t.perClassAccuracy()[0], 1e-9);
    assertEquals(2, t.confusion()[0][1]);
    assertEquals(2, t.mistakes().size());
    assertEquals(11, t.mistakes().get(0).row());
    assertEquals(1, t.mistakes().get(0).predicted());
    assertEquals("add 5 more photos of keys: it is confused with wallet (2 of 4 held-out photos"
        + " right)", t.hints().get(0));
    // Every prediction at 0.8 confidence, 80 % right: perfectly calibrated.
    assertEquals(0, t.expectedCalibrationError(), 1e-6);
    assertEquals(1, t.hints().size());
  }

  @Test
  public void overconfidenceShowsInTheCalibrationErrorAndAHint() {
    HeldOut h = held(LABELS, new int[] {0, 1, 0, 1, 1, 1, 1, 1, 2, 2}, 0.99f);
    assertEquals(0.19, Calibration.expectedCalibrationError(h.evaluation()), 1e-4);
    TrustReport t = TrustReport.of(Selection.Kind.PROTOTYPES, NAMES, new int[] {12, 12, 12}, h);
    assertTrue(t.hints().toString(), t.hints().get(0).startsWith("add 3 more photos of keys"));
    assertTrue(t.hints().toString(), t.hints().get(1).contains("off by 19 points"));
  }

  @Test
  public void withNothingHeldOutTheReportSaysSoInsteadOfInventingNumbers() {
    TrustReport t = TrustReport.of(Selection.Kind.PROTOTYPES, NAMES, new int[] {1, 1, 1}, null);
    assertFalse(t.measured());
    assertTrue(Double.isNaN(t.accuracy()));
    assertTrue(t.summary(), t.summary().contains("not measured"));
    assertEquals(3, t.hints().size());
    assertTrue(t.hints().get(0).contains("one more photo of keys"));
  }

  @Test
  public void regressionGateRejectsALossOfMoreThanTwoPointsOnThePreviousClasses() {
    HeldOut before = held(LABELS, new int[] {0, 0, 0, 0, 1, 1, 1, 1, 2, 2}, 0.9f);
    HeldOutRecord record = HeldOutRecord.parse(HeldOutRecord.of(before).toBytes());
    assertEquals(1.0, record.perClass().get("wallet")[0], 0);
    assertEquals(4.0, record.perClass().get("wallet")[1], 0);
    HeldOut worse = held(LABELS, new int[] {0, 0, 0, 1, 1, 1, 1, 1, 2, 2}, 0.9f);
    RegressionGate.Decision d = RegressionGate.check(record, worse);
    assertFalse(d.accepted());
    assertTrue(d.reason(), d.reason().contains("lose 10.0 points"));
    assertTrue(RegressionGate.check(record, before).accepted());
    assertTrue(RegressionGate.check(null, worse).accepted());
    // A record that never knew 'keys' does not count the new head's 'keys' mistake.
    HeldOutRecord partial = HeldOutRecord.parse("1.0\t4\twallet\n1.0\t2\tmug\n"
        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertTrue(RegressionGate.check(partial, worse).accepted());
  }

  @Test(expected = IllegalArgumentException.class)
  public void aCorruptRecordIsRefused() {
    HeldOutRecord.parse("1.5\t4\twallet\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
