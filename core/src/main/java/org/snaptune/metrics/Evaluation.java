package org.snaptune.metrics;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Classification metrics over N predictions: accuracy, per-class accuracy (recall), confusion
 * matrix, top-k accuracy and mean cross-entropy. Immutable and thread-safe.
 */
public final class Evaluation {

  private final List<String> classNames;
  private final float[] probabilities;
  private final int[] labels;
  private final int[][] confusion;
  private final double loss;

  private Evaluation(List<String> classNames, float[] probabilities, int[] labels) {
    this.classNames = Collections.unmodifiableList(new ArrayList<>(classNames));
    this.probabilities = probabilities;
    this.labels = labels;
    int c = classNames.size();
    confusion = new int[c][c];
    double lossSum = 0;
    for (int i = 0; i < labels.length; i++) {
      confusion[labels[i]][argmax(i)]++;
      float p = probabilities[i * c + labels[i]];
      // A probability of exactly 0 makes the loss ∞; clamp as Keras does (1e-7) to stay finite.
      lossSum -= Math.log(Math.max(p, 1e-7f));
    }
    loss = lossSum / labels.length;
  }

  /**
   * @param probabilities N×C row-major class probabilities (or any scores, for accuracy)
   * @param labels N true class indices
   * @throws IllegalArgumentException on size mismatch, no rows or a label out of range
   */
  public static Evaluation of(List<String> classNames, float[] probabilities, int[] labels) {
    int c = classNames.size();
    if (c == 0 || labels.length == 0) {
      throw new IllegalArgumentException("evaluation needs at least one class and one sample, got "
          + c + " classes and " + labels.length + " samples");
    }
    if (probabilities.length != (long) labels.length * c) {
      throw new IllegalArgumentException("got " + probabilities.length + " probabilities for "
          + labels.length + " samples x " + c + " classes");
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= c) {
        throw new IllegalArgumentException("label " + labels[i] + " of sample " + i
            + " outside 0.." + (c - 1));
      }
    }
    return new Evaluation(classNames, probabilities.clone(), labels.clone());
  }

  /** Highest-scoring class of row i; a NaN score never wins, ties go to the lower index. */
  private int argmax(int i) {
    int c = classNames.size();
    int best = 0;
    float bestScore = Float.NEGATIVE_INFINITY;
    for (int k = 0; k < c; k++) {
      float s = probabilities[i * c + k];
      if (s > bestScore) {
        bestScore = s;
        best = k;
      }
    }
    return best;
  }

  public List<String> classNames() { return classNames; }
  public int size() { return labels.length; }

  /** The true class of row {@code i}. */
  public int label(int i) { return labels[i]; }

  /** The predicted (highest-scoring) class of row {@code i}. */
  public int predicted(int i) { return argmax(i); }

  /** The probability (score) of class {@code k} for row {@code i}. */
  public float probability(int i, int k) { return probabilities[i * classNames.size() + k]; }

  /** Fraction of rows whose top class is the label. */
  public double accuracy() {
    int correct = 0;
    for (int k = 0; k < confusion.length; k++) {
      correct += confusion[k][k];
    }
    return (double) correct / labels.length;
  }

  /** Per class, the fraction of its rows predicted correctly; NaN for a class with no rows. */
  public double[] perClassAccuracy() {
    double[] acc = new double[confusion.length];
    for (int k = 0; k < confusion.length; k++) {
      int total = 0;
      for (int p : confusion[k]) {
        total += p;
      }
      acc[k] = total == 0 ? Double.NaN : (double) confusion[k][k] / total;
    }
    return acc;
  }

  /** {@code [true class][predicted class]} counts (a copy). */
  public int[][] confusionMatrix() {
    int[][] copy = new int[confusion.length][];
    for (int k = 0; k < confusion.length; k++) {
      copy[k] = confusion[k].clone();
    }
    return copy;
  }

  /**
   * Fraction of rows whose label is among the k highest scores; a label tied with the k-th score
   * counts as in (the rank is the number of strictly higher scores).
   */
  public double topK(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1, got " + k);
    }
    int c = classNames.size();
    int hits = 0;
    for (int i = 0; i < labels.length; i++) {
      float truth = probabilities[i * c + labels[i]];
      int higher = 0;
      for (int j = 0; j < c; j++) {
        float s = probabilities[i * c + j];
        if (s > truth || (truth != truth && s == s)) {
          higher++;
        }
      }
      if (higher < k) {
        hits++;
      }
    }
    return (double) hits / labels.length;
  }

  /** Mean cross-entropy −log p(label), probabilities clamped below at 1e-7. */
  public double loss() { return loss; }

  /** A fixed-width text table of the confusion matrix with per-class accuracy. */
  public String confusionTable() {
    StringBuilder sb = new StringBuilder();
    double[] per = perClassAccuracy();
    for (int k = 0; k < confusion.length; k++) {
      sb.append(String.format(Locale.ROOT, "%-14s", truncate(classNames.get(k))));
      for (int p : confusion[k]) {
        sb.append(String.format(Locale.ROOT, "%6d", p));
      }
      sb.append(String.format(Locale.ROOT, "  %5.1f%%%n", 100 * per[k]));
    }
    return sb.toString();
  }

  private static String truncate(String s) {
    return s.length() <= 13 ? s : s.substring(0, 13);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "accuracy %.4f, top-2 %.4f, loss %.4f over %d samples",
        accuracy(), topK(Math.min(2, classNames.size())), loss, labels.length);
  }
}
