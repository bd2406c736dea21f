package org.snaptune.prototype;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.snaptune.data.Dataset;
import org.snaptune.metrics.Evaluation;

/**
 * Stratified k-fold cross-validation: the accuracy estimate when the samples are too few to spare
 * a validation set. Every sample of a class with two or more samples is held out exactly once,
 * predicted by a classifier fitted on the other folds; a class's only sample is never held out
 * (its class would vanish from the fold's training samples), so it always trains. Prototypes and
 * the trained head are judged on the same folds, hence the same samples. Stateless and
 * thread-safe; the {@link Fitter} decides its own thread-safety.
 */
public final class CrossValidation {

  /** Default number of folds: each fold trains on about 80 % of the samples. */
  public static final int DEFAULT_FOLDS = 5;

  /** Fits a classifier on one fold's training part and predicts its held-out part. */
  public interface Fitter {
    /**
     * N×C class probabilities of {@code test}'s rows after fitting on {@code train}, or null
     * when a stop ended the fitting early (the fold is then not measured).
     */
    float[] fitAndPredict(Dataset train, Dataset test);
  }

  /** Cross-validates prototypes (microseconds per fold). */
  public static final Fitter PROTOTYPES = (train, test) -> {
    PrototypeClassifier p = PrototypeClassifier.fit(train);
    int c = test.numClasses();
    float[] out = new float[test.size() * c];
    float[] row = new float[test.dimension()];
    float[] probs = new float[c];
    for (int i = 0; i < test.size(); i++) {
      test.copyRow(i, row, 0);
      p.probabilities(row, probs);
      System.arraycopy(probs, 0, out, i * c, c);
    }
    return out;
  };

  private CrossValidation() {}

  /** True when some class has two samples, so at least one can be held out. */
  public static boolean possible(Dataset data) {
    for (int n : data.classCounts()) {
      if (n >= 2) {
        return true;
      }
    }
    return false;
  }

  /**
   * The fold of every sample, in [0, folds), or -1 for a sample that is never held out. Within a
   * class the samples are shuffled by {@code seed} and dealt round-robin from a random fold, so a
   * fold holds at most ceil(n/folds) ≤ n − 1 samples of a class of n ≥ 2.
   *
   * @throws IllegalArgumentException if folds &lt; 2
   */
  public static int[] assign(Dataset data, int folds, long seed) {
    if (folds < 2) {
      throw new IllegalArgumentException("cross-validation needs at least 2 folds, got " + folds);
    }
    Random random = new Random(seed);
    int[] fold = new int[data.size()];
    List<List<Integer>> byClass = new ArrayList<>();
    for (int c = 0; c < data.numClasses(); c++) {
      byClass.add(new ArrayList<Integer>());
    }
    for (int i = 0; i < data.size(); i++) {
      byClass.get(data.label(i)).add(i);
    }
    for (List<Integer> members : byClass) {
      for (int i = members.size() - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        Integer t = members.get(i);
        members.set(i, members.get(j));
        members.set(j, t);
      }
      int start = random.nextInt(folds);
      for (int k = 0; k < members.size(); k++) {
        fold[members.get(k)] = members.size() < 2 ? -1 : (start + k) % folds;
      }
    }
    return fold;
  }

  /**
   * Runs {@code fitter} on every fold that holds samples out and collects the out-of-fold
   * predictions, or returns null when no sample can be held out ({@link #possible} is false).
   */
  public static HeldOut run(Dataset data, int folds, long seed, Fitter fitter) {
    return run(data, folds, seed, fitter, () -> true);
  }

  /**
   * As {@link #run(Dataset, int, long, Fitter)}, honouring a stop: {@code proceed} is asked
   * before every fold (it may block while the run is paused; false means stop) and the fitter
   * may return null when a stop reached it within its fold. The folds measured until then are
   * returned with {@link HeldOut#complete()} false, or null when not one was: a stopped estimate
   * never reads as a complete one.
   */
  public static HeldOut run(Dataset data, int folds, long seed, Fitter fitter,
      BooleanSupplier proceed) {
    if (!possible(data)) {
      return null;
    }
    int[] fold = assign(data, folds, seed);
    int c = data.numClasses();
    List<Integer> rows = new ArrayList<>();
    List<float[]> probs = new ArrayList<>();
    int measured = 0;
    int planned = 0;
    boolean stopped = false;
    for (int f = 0; f < folds; f++) {
      List<Integer> trainRows = new ArrayList<>();
      List<Integer> testRows = new ArrayList<>();
      for (int i = 0; i < data.size(); i++) {
        (fold[i] == f ? testRows : trainRows).add(i);
      }
      if (testRows.isEmpty()) {
        continue;
      }
      planned++;
      stopped = stopped || !proceed.getAsBoolean();
      float[] p = stopped ? null : fitter.fitAndPredict(data.subset(toArray(trainRows)),
          data.subset(toArray(testRows)));
      if (p == null) {
        stopped = true;
        continue;
      }
      if (p.length != testRows.size() * c) {
        throw new IllegalStateException("fitter returned " + p.length + " probabilities for "
            + testRows.size() + " samples of " + c + " classes");
      }
      measured++;
      rows.addAll(testRows);
      probs.add(p);
    }
    if (rows.isEmpty()) {
      return null;
    }
    float[] all = new float[rows.size() * c];
    int at = 0;
    for (float[] p : probs) {
      System.arraycopy(p, 0, all, at, p.length);
      at += p.length;
    }
    int[] rowArray = toArray(rows);
    int[] labels = new int[rowArray.length];
    for (int i = 0; i < rowArray.length; i++) {
      labels[i] = data.label(rowArray[i]);
    }
    String method = stopped
        ? String.format(Locale.ROOT, "%d-fold cross-validation stopped after %d of %d folds, %d"
            + " of %d samples held out", folds, measured, planned, rowArray.length, data.size())
        : String.format(Locale.ROOT, "%d-fold cross-validation, %d of %d samples held"
            + " out once each", folds, rowArray.length, data.size());
    return new HeldOut(Evaluation.of(data.classNames(), all, labels), rowArray, method,
        !stopped);
  }

  private static int[] toArray(List<Integer> list) {
    int[] a = new int[list.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = list.get(i);
    }
    return a;
  }
}
