package org.snaptune.vision;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Turning a classifier's output into the few labels a screen shows. Stateless. */
public final class Predictions {

  /** Tolerance for "already sums to one", loose enough for uint8 outputs (scale 1/256). */
  private static final float SUM_TOLERANCE = 0.05f;

  private Predictions() {}

  /**
   * Makes {@code scores} a probability distribution in place: left alone when it already is one
   * (every value in [0, 1], sum within 5 % of 1, as softmax outputs are, quantized or not),
   * otherwise treated as logits and passed through a numerically stable softmax.
   *
   * @throws IllegalArgumentException for an empty array or a non-finite value
   */
  public static void toProbabilities(float[] scores) {
    if (scores == null || scores.length == 0) {
      throw new IllegalArgumentException("no scores to turn into probabilities");
    }
    boolean distribution = true;
    double sum = 0;
    float max = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < scores.length; i++) {
      float s = scores[i];
      if (Float.isNaN(s) || Float.isInfinite(s)) {
        throw new IllegalArgumentException("score " + i + " is " + s + "; scores must be finite");
      }
      distribution &= s >= 0 && s <= 1;
      sum += s;
      max = Math.max(max, s);
    }
    if (distribution && Math.abs(sum - 1) <= SUM_TOLERANCE) {
      return;
    }
    double total = 0;
    for (int i = 0; i < scores.length; i++) {
      scores[i] = (float) Math.exp(scores[i] - max);
      total += scores[i];
    }
    for (int i = 0; i < scores.length; i++) {
      scores[i] = (float) (scores[i] / total);
    }
  }

  /**
   * The {@code k} highest scores, best first (ties: lower index first).
   *
   * @param labels one per score, or null to name them "class &lt;index&gt;"
   * @throws IllegalArgumentException if k &lt; 1 or labels and scores differ in length
   */
  public static List<Prediction> topK(float[] scores, List<String> labels, int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be at least 1, got " + k);
    }
    if (labels != null && labels.size() != scores.length) {
      throw new IllegalArgumentException("there are " + labels.size() + " labels for "
          + scores.length + " scores");
    }
    int n = Math.min(k, scores.length);
    int[] best = new int[n];
    int count = 0;
    for (int i = 0; i < scores.length; i++) {
      if (count == n && !(scores[i] > scores[best[n - 1]])) {
        continue;
      }
      // Insertion into the sorted prefix; when full, the last entry falls off.
      int pos = count == n ? n - 1 : count++;
      while (pos > 0 && scores[best[pos - 1]] < scores[i]) {
        best[pos] = best[pos - 1];
        pos--;
      }
      best[pos] = i;
    }
    List<Prediction> out = new ArrayList<>(n);
    for (int j = 0; j < count; j++) {
      int i = best[j];
      out.add(new Prediction(i, labels == null ? "class " + i : labels.get(i), scores[i]));
    }
    return Collections.unmodifiableList(out);
  }
}
