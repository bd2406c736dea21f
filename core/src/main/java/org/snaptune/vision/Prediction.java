package org.snaptune.vision;

import java.util.Locale;

/** One label with its probability in [0, 1]. Immutable and thread-safe. */
public final class Prediction {

  private final int index;
  private final String label;
  private final float probability;

  public Prediction(int index, String label, float probability) {
    if (label == null) {
      throw new IllegalArgumentException("prediction " + index + " has no label");
    }
    this.index = index;
    this.label = label;
    this.probability = probability;
  }

  /** The class index in the classifier's output. */
  public int index() { return index; }
  public String label() { return label; }
  public float probability() { return probability; }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Prediction)) {
      return false;
    }
    Prediction p = (Prediction) o;
    return index == p.index && label.equals(p.label)
        && Float.compare(probability, p.probability) == 0;
  }

  @Override
  public int hashCode() {
    return index * 31 + label.hashCode();
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%s %.1f%%", label, 100 * probability);
  }
}
