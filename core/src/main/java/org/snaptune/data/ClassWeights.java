package org.snaptune.data;

/** Per-class sample weights. Stateless and thread-safe. */
public final class ClassWeights {

  private ClassWeights() {}

  /** Weight 1 for every class. */
  public static float[] uniform(int numClasses) {
    float[] w = new float[numClasses];
    java.util.Arrays.fill(w, 1f);
    return w;
  }

  /**
   * Balanced weights as scikit-learn's {@code class_weight='balanced'}: {@code N / (C × n_c)}, so
   * every class contributes the same total weight; a class with no samples gets 0.
   */
  public static float[] balanced(Dataset data) {
    int[] counts = data.classCounts();
    int present = 0;
    for (int n : counts) {
      if (n > 0) {
        present++;
      }
    }
    float[] w = new float[counts.length];
    for (int c = 0; c < counts.length; c++) {
      w[c] = counts[c] == 0 ? 0f : (float) data.size() / (present * (float) counts[c]);
    }
    return w;
  }
}
