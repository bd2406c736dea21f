package org.snaptune.prototype;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.Test;
import org.snaptune.data.Dataset;

public class CrossValidationTest {

  private static final List<String> NAMES = Arrays.asList("keys", "wallet", "mug");

  @Test
  public void everySampleOfAClassWithTwoOrMoreIsHeldOutOnceAndASingleSampleNever() {
    Dataset data = Clusters.of(NAMES, new int[] {7, 2, 1}, 16, 0.5, 1);
    int[] fold = CrossValidation.assign(data, 5, 3);
    for (int i = 0; i < data.size(); i++) {
      if (data.label(i) == 2) {
        assertEquals("the only 'mug' keeps training", -1, fold[i]);
      } else {
        assertTrue(fold[i] >= 0 && fold[i] < 5);
      }
    }
    // Every fold's training part keeps every class.
    for (int f = 0; f < 5; f++) {
      int[] kept = new int[3];
      for (int i = 0; i < data.size(); i++) {
        if (fold[i] != f) {
          kept[data.label(i)]++;
        }
      }
      for (int k = 0; k < 3; k++) {
        assertTrue("fold " + f + " lost class " + k, kept[k] > 0);
      }
    }
    List<Integer> seen = new java.util.ArrayList<>();
    HeldOut h = CrossValidation.run(data, 5, 3, (train, test) -> {
      assertTrue(train.size() + test.size() == data.size());
      return CrossValidation.PROTOTYPES.fitAndPredict(train, test);
    });
    for (int i = 0; i < h.size(); i++) {
      seen.add(h.row(i));
      assertEquals(data.label(h.row(i)), h.evaluation().label(i));
    }
    assertEquals(9, h.size());
    assertEquals(9, new java.util.HashSet<>(seen).size());
    assertFalse(seen.contains(9));
  }

  @Test
  public void prototypesCrossValidateToTheirRealAccuracy() {
    Dataset separable = Clusters.of(NAMES, new int[] {5, 5, 5}, 32, 0.3, 2);
    assertEquals(1.0, CrossValidation.run(separable, 5, 1, CrossValidation.PROTOTYPES)
        .accuracy(), 0);
    // Pure noise around one centre: nothing to learn, chance-level estimate.
    Dataset noise = Clusters.of(NAMES, new int[] {30, 30, 30}, 32, 50, 3);
    double acc = CrossValidation.run(noise, 5, 1, CrossValidation.PROTOTYPES).accuracy();
    assertTrue("estimate " + acc + " should be near 1/3", acc < 0.6);
  }

  @Test
  public void nothingToHoldOutWithOneSamplePerClass() {
    Dataset one = Clusters.of(NAMES, new int[] {1, 1, 1}, 8, 0.3, 4);
    assertFalse(CrossValidation.possible(one));
    assertNull(CrossValidation.run(one, 5, 1, CrossValidation.PROTOTYPES));
  }
  @Test
  public void aStopBetweenFoldsKeepsTheFoldsMeasuredAndSaysItWasCutShort() {
    Dataset data = Clusters.of(NAMES, new int[] {5, 5, 5}, 16, 0.5, 5);
    int[] asked = new int[1];
    int[] fitted = new int[1];
    HeldOut h = CrossValidation.run(data, 5, 3, (train, test) -> {
      fitted[0]++;
      return CrossValidation.PROTOTYPES.fitAndPredict(train, test);
    }, () -> ++asked[0] <= 2);
    assertEquals("no fold fitted after the stop", 2, fitted[0]);
    assertFalse(h.complete());
    assertEquals(6, h.size());
    assertTrue(h.method(), h.method().contains("stopped after 2 of 5 folds"));
    HeldOut full = CrossValidation.run(data, 5, 3, CrossValidation.PROTOTYPES);
    assertTrue(full.complete());
    HeldOut same = full.onRowsOf(h);
    assertEquals(h.size(), same.size());
    for (int i = 0; i < h.size(); i++) {
      assertEquals(h.row(i), same.row(i));
      assertEquals(h.evaluation().predicted(i), same.evaluation().predicted(i));
    }
  }

  @Test
  public void aFitterStoppedWithinItsFoldEndsTheRunAndNoFoldMeansNull() {
    Dataset data = Clusters.of(NAMES, new int[] {5, 5, 5}, 16, 0.5, 6);
    int[] fitted = new int[1];
    HeldOut h = CrossValidation.run(data, 5, 3, (train, test) -> {
      // The first fold finishes, the second is stopped inside its fitting.
      return ++fitted[0] == 1 ? CrossValidation.PROTOTYPES.fitAndPredict(train, test) : null;
    }, () -> true);
    assertEquals("nothing fitted after the stop", 2, fitted[0]);
    assertFalse(h.complete());
    assertEquals(3, h.size());
    assertNull(CrossValidation.run(data, 5, 3, CrossValidation.PROTOTYPES, () -> false));
  }
}
