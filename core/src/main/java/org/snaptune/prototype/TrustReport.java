package org.snaptune.prototype;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.snaptune.metrics.Calibration;
import org.snaptune.metrics.Evaluation;

/**
 * How far the user can trust the classifier in use, from its predictions on held-out samples:
 * accuracy per class, the confusion matrix, expected calibration error, the misclassified samples
 * and hints in plain words ("add 3 more photos of keys: it is confused with wallet"). When nothing
 * could be held out it says so instead of inventing numbers. Immutable and thread-safe.
 */
public final class TrustReport {

  /** Below this many samples a class gets a hint to add photos up to it. */
  public static final int RECOMMENDED_PER_CLASS = 10;
  /** Fewest photos a hint suggests adding. */
  public static final int MIN_SUGGESTED = 3;
  /** ECE above this earns a hint that the confidences are not to be taken literally. */
  public static final double ECE_HINT = 0.15;

  /** One misclassified held-out sample. */
  public static final class Mistake {
    private final int row;
    private final int truth;
    private final int predicted;
    private final float confidence;

    Mistake(int row, int truth, int predicted, float confidence) {
      this.row = row;
      this.truth = truth;
      this.predicted = predicted;
      this.confidence = confidence;
    }

    /** Row of the sample in the full sample set (-1 if unknown). */
    public int row() { return row; }
    public int truth() { return truth; }
    public int predicted() { return predicted; }
    /** The probability given to the wrong class. */
    public float confidence() { return confidence; }
  }

  private final Selection.Kind classifier;
  private final List<String> classNames;
  private final int[] sampleCounts;
  private final HeldOut heldOut;
  private final double ece;
  private final List<Mistake> mistakes;
  private final List<String> hints;

  private TrustReport(Selection.Kind classifier, List<String> classNames, int[] sampleCounts,
      HeldOut heldOut, double ece, List<Mistake> mistakes, List<String> hints) {
    this.classifier = classifier;
    this.classNames = classNames;
    this.sampleCounts = sampleCounts;
    this.heldOut = heldOut;
    this.ece = ece;
    this.mistakes = Collections.unmodifiableList(mistakes);
    this.hints = Collections.unmodifiableList(hints);
  }

  /**
   * The report for {@code classifier} from its held-out predictions (null: nothing held out).
   *
   * @param sampleCounts samples per class in the full sample set
   */
  public static TrustReport of(Selection.Kind classifier, List<String> classNames,
      int[] sampleCounts, HeldOut heldOut) {
    List<Mistake> mistakes = new ArrayList<>();
    List<String> hints = new ArrayList<>();
    double ece = Double.NaN;
    if (heldOut != null) {
      Evaluation e = heldOut.evaluation();
      ece = Calibration.expectedCalibrationError(e);
      for (int i = 0; i < e.size(); i++) {
        int p = e.predicted(i);
        if (p != e.label(i)) {
          mistakes.add(new Mistake(heldOut.row(i), e.label(i), p, e.probability(i, p)));
        }
      }
      Collections.sort(mistakes, (a, b) -> Float.compare(b.confidence, a.confidence));
      int[][] m = e.confusionMatrix();
      double[] acc = e.perClassAccuracy();
      List<Integer> order = new ArrayList<>();
      for (int k = 0; k < acc.length; k++) {
        if (!Double.isNaN(acc[k]) && acc[k] < 1) {
          order.add(k);
        }
      }
      // Worst classes first: they are where another photo helps most.
      Collections.sort(order, (a, b) -> Double.compare(acc[a], acc[b]));
      for (int k : order) {
        int confused = -1;
        for (int j = 0; j < m[k].length; j++) {
          if (j != k && (confused < 0 || m[k][j] > m[k][confused])) {
            confused = j;
          }
        }
        int add = Math.max(MIN_SUGGESTED, RECOMMENDED_PER_CLASS - sampleCounts[k]);
        hints.add(String.format(Locale.ROOT, "add %d more photo%s of %s: it is confused with %s"
            + " (%d of %d held-out photos right)", add, add == 1 ? "" : "s", classNames.get(k),
            classNames.get(confused), m[k][k], total(m[k])));
      }
      if (ece > ECE_HINT) {
        hints.add(String.format(Locale.ROOT, "the shown confidence is off by %.0f points on"
            + " average: treat it as a ranking, not a probability", 100 * ece));
      }
    }
    for (int k = 0; k < sampleCounts.length; k++) {
      if (sampleCounts[k] < 2) {
        hints.add("add at least one more photo of " + classNames.get(k)
            + " so its accuracy can be measured");
      }
    }
    return new TrustReport(classifier, Collections.unmodifiableList(new ArrayList<>(classNames)),
        sampleCounts.clone(), heldOut, ece, mistakes, hints);
  }

  private static int total(int[] row) {
    int t = 0;
    for (int v : row) {
      t += v;
    }
    return t;
  }

  public Selection.Kind classifier() { return classifier; }
  public List<String> classNames() { return classNames; }
  public int[] sampleCounts() { return sampleCounts.clone(); }

  /** False when nothing could be held out: no accuracy, confusion or calibration to show. */
  public boolean measured() { return heldOut != null; }

  /** The held-out predictions behind the numbers, or null. */
  public HeldOut heldOut() { return heldOut; }

  /** Held-out accuracy, NaN when not measured. */
  public double accuracy() { return heldOut == null ? Double.NaN : heldOut.accuracy(); }

  /** Per-class held-out accuracy (NaN for a class with nothing held out), or null. */
  public double[] perClassAccuracy() {
    return heldOut == null ? null : heldOut.evaluation().perClassAccuracy();
  }

  /** {@code [true][predicted]} held-out counts, or null. */
  public int[][] confusion() {
    return heldOut == null ? null : heldOut.evaluation().confusionMatrix();
  }

  /** Expected calibration error (10 bins), NaN when not measured. */
  public double expectedCalibrationError() { return ece; }

  /** Misclassified held-out samples, most confidently wrong first. */
  public List<Mistake> mistakes() { return mistakes; }

  /** What to do next, most useful first; empty when nothing needs doing. */
  public List<String> hints() { return hints; }

  /** One line: accuracy, method and ECE, or why there are no numbers. */
  public String summary() {
    if (heldOut == null) {
      return "Accuracy not measured yet: every class has a single photo, so none can be held out.";
    }
    return String.format(Locale.ROOT, "%s: %s held-out accuracy (%s); calibration error %.1f"
        + " points", classifier == Selection.Kind.HEAD ? "Trained head" : "Prototypes",
        Selection.pct(accuracy()), heldOut.method(), 100 * ece);
  }

  @Override
  public String toString() {
    return summary() + (hints.isEmpty() ? "" : "; hints: " + hints);
  }
}
