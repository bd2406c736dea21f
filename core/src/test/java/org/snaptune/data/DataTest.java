package org.snaptune.data;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.snaptune.testing.Expect.refused;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.Test;

public class DataTest {

  private static final List<String> CLASSES = Arrays.asList("cat", "dog", "owl");

  /** counts[c] samples of class c; embedding = {index, class}. */
  static Dataset data(int... counts) {
    InMemorySampleStore store = new InMemorySampleStore(CLASSES, 2);
    int id = 0;
    for (int c = 0; c < counts.length; c++) {
      for (int k = 0; k < counts[c]; k++) {
        store.add(new Sample("s" + id, CLASSES.get(c), new float[] {id, c}, 1000L + id));
        id++;
      }
    }
    return Dataset.fromStore(store);
  }

  @Test
  public void splitIsStratifiedAndDisjoint() {
    Dataset d = data(10, 20, 5);
    StratifiedSplit s = StratifiedSplit.split(d, 0.2, 7);
    assertArrayEquals(new int[] {8, 16, 4}, s.train().classCounts());
    assertArrayEquals(new int[] {2, 4, 1}, s.validation().classCounts());
    Set<Float> ids = new HashSet<>();
    for (Dataset part : new Dataset[] {s.train(), s.validation()}) {
      for (int i = 0; i < part.size(); i++) {
        assertTrue(ids.add(part.get(i, 0)));
        assertEquals(part.label(i), (int) part.get(i, 1));
      }
    }
    assertEquals(35, ids.size());
    StratifiedSplit again = StratifiedSplit.split(d, 0.2, 7);
    assertEquals(s.validation().get(0, 0), again.validation().get(0, 0), 0);
  }

  @Test
  public void smallClassesGetOneValidationSampleAndKeepOneForTraining() {
    StratifiedSplit s = StratifiedSplit.split(data(2, 3, 1), 0.2, 1);
    assertArrayEquals(new int[] {1, 2, 1}, s.train().classCounts());
    assertArrayEquals(new int[] {1, 1, 0}, s.validation().classCounts());
    assertNull(StratifiedSplit.split(data(1, 1, 1), 0.2, 1).validation());
    assertNull(StratifiedSplit.split(data(5, 5, 5), 0.0, 1).validation());
  }

  @Test
  public void batchesAreShuffledFixedSizeAndPaddedWithWeightZero() {
    Dataset d = data(3, 2, 2);
    MiniBatcher b = new MiniBatcher(d, 3, ClassWeights.uniform(3), 42);
    assertEquals(3, b.batchesPerEpoch());
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 3; i++) {
      Batch batch = b.batch(0, i);
      assertEquals(6, batch.x().length);
      assertEquals(9, batch.y().length);
      assertEquals(i < 2 ? 3 : 1, batch.count());
      for (int r = 0; r < 3; r++) {
        if (r < batch.count()) {
          int row = batch.row(r);
          assertTrue(seen.add(row));
          assertEquals(row, (int) batch.x()[r * 2]);
          assertEquals(1f, batch.y()[r * 3 + d.label(row)], 0);
          assertEquals(1f, batch.w()[r], 0);
        } else {
          assertEquals(0f, batch.w()[r], 0);
          assertEquals(0f, batch.x()[r * 2], 0);
          float sum = batch.y()[r * 3] + batch.y()[r * 3 + 1] + batch.y()[r * 3 + 2];
          assertEquals(1f, sum, 0);
        }
      }
    }
    assertEquals(7, seen.size());
    assertTrue(!Arrays.equals(b.order(0), b.order(1)) || !Arrays.equals(b.order(1), b.order(2)));
    assertArrayEquals(b.order(5), new MiniBatcher(d, 3, ClassWeights.uniform(3), 42).order(5));
  }

  @Test
  public void balancedClassWeights() {
    float[] w = ClassWeights.balanced(data(10, 5, 5));
    assertArrayEquals(new float[] {20f / 30, 20f / 15, 20f / 15}, w, 1e-6f);
    MiniBatcher b = new MiniBatcher(data(10, 5, 5), 20, w, 1);
    Batch batch = b.batch(0, 0);
    double total = 0;
    for (float x : batch.w()) {
      total += x;
    }
    assertEquals(20.0, total, 1e-4);
  }

  @Test
  public void badInputIsRejectedWithClearMessages() {
    InMemorySampleStore store = new InMemorySampleStore(CLASSES, 2);
    refused("embedding size 3", () -> store.add(new Sample("a", "cat", new float[3], 0)));
    refused("unknown label 'eel'", () -> store.add(new Sample("a", "eel", new float[2], 0)));
    store.add(new Sample("a", "cat", new float[2], 0));
    refused("duplicate sample id 'a'", () -> store.add(new Sample("a", "dog", new float[2], 0)));
    refused("non-finite", () -> new Sample("b", "cat", new float[] {Float.NaN, 0}, 0));
    refused("no samples at all", () -> Dataset.fromSamples(CLASSES, 2, new ArrayList<Sample>()));
    refused("classes without samples: [dog, owl]", () -> Dataset.fromStore(store).requireEveryClass());
    refused("unknown label 'eel'", () -> Dataset.fromSamples(CLASSES, 2,
        Arrays.asList(new Sample("x", "eel", new float[2], 0))));
    refused("embedding size 2 (e.g. 'x') but the backbone produces 4",
        () -> Dataset.fromSamples(CLASSES, 4,
        Arrays.asList(new Sample("x", "cat", new float[2], 0))));
    refused("[0, 1)", () -> StratifiedSplit.split(data(2, 2, 2), 1.0, 0));
    refused("batch size", () -> new MiniBatcher(data(1, 1, 1), 0, ClassWeights.uniform(3), 0));
  }
}
