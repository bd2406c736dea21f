package org.snaptune.vision;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.fail;

import java.util.Arrays;
import java.util.List;
import org.junit.Test;

public class PredictionsTest {

  @Test
  public void topKIsBestFirstWithStableTies() {
    float[] scores = {0.1f, 0.4f, 0.05f, 0.4f, 0.3f, 0.9f};
    List<Prediction> top = Predictions.topK(scores, Arrays.asList("a", "b", "c", "d", "e", "f"), 3);
    assertEquals(Arrays.asList(new Prediction(5, "f", 0.9f), new Prediction(1, "b", 0.4f),
        new Prediction(3, "d", 0.4f)), top);
    assertEquals("class 2", Predictions.topK(new float[] {0, 0, 5}, null, 1).get(0).label());
    assertEquals("k larger than the scores gives them all", 2,
        Predictions.topK(new float[] {1, 2}, null, 5).size());
  }

  @Test
  public void topKAgreesWithSortingOnRandomScores() {
    java.util.Random random = new java.util.Random(9);
    for (int trial = 0; trial < 200; trial++) {
      float[] scores = new float[1 + random.nextInt(30)];
      for (int i = 0; i < scores.length; i++) {
        scores[i] = random.nextInt(10) / 10f;
      }
      Integer[] order = new Integer[scores.length];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (x, y) -> Float.compare(scores[y], scores[x])); // stable: ties by index
      int k = 1 + random.nextInt(5);
      List<Prediction> top = Predictions.topK(scores, null, k);
      for (int j = 0; j < top.size(); j++) {
        assertEquals("trial " + trial + " rank " + j, (int) order[j], top.get(j).index());
      }
    }
  }

  @Test
  public void distributionsStayAndLogitsGetSoftmax() {
    float[] quantizedSoftmax = {0.5f, 0.25f, 0.2421875f}; // uint8 rounding: sums to 0.992
    Predictions.toProbabilities(quantizedSoftmax);
    assertArrayEquals(new float[] {0.5f, 0.25f, 0.2421875f}, quantizedSoftmax, 0f);

    float[] logits = {1f, 2f, 3f};
    Predictions.toProbabilities(logits);
    double z = Math.exp(1) + Math.exp(2) + Math.exp(3);
    assertArrayEquals(new float[] {(float) (Math.exp(1) / z), (float) (Math.exp(2) / z),
        (float) (Math.exp(3) / z)}, logits, 1e-6f);

    float[] huge = {1000f, 1001f};
    Predictions.toProbabilities(huge);
    assertEquals(1 / (1 + Math.exp(1)), huge[0], 1e-6);
  }

  @Test
  public void badInputIsRejected() {
    try {
      Predictions.toProbabilities(new float[] {0, Float.NaN});
      fail();
    } catch (IllegalArgumentException e) {
      assertEquals("score 1 is NaN; scores must be finite", e.getMessage());
    }
    try {
      Predictions.topK(new float[3], Arrays.asList("a"), 1);
      fail();
    } catch (IllegalArgumentException e) {
      assertEquals("there are 1 labels for 3 scores", e.getMessage());
    }
  }
}
