package org.snaptune.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Splits a dataset into training and validation parts class by class, so both keep the class
 * proportions. Deterministic for a given seed. Stateless and thread-safe.
 */
public final class StratifiedSplit {

  /** The default validation fraction. */
  public static final double DEFAULT_FRACTION = 0.2;

  private final Dataset train;
  private final Dataset validation;
  private final int[] trainRows;
  private final int[] validationRows;

  private StratifiedSplit(Dataset train, Dataset validation, int[] trainRows,
      int[] validationRows) {
    this.train = train;
    this.validation = validation;
    this.trainRows = trainRows;
    this.validationRows = validationRows;
  }

  public Dataset train() { return train; }

  /** Row i of {@link #train()} is row {@code trainRows()[i]} of the split dataset (a copy). */
  public int[] trainRows() { return trainRows.clone(); }

  /** Row i of {@link #validation()} is row {@code validationRows()[i]} of the split dataset. */
  public int[] validationRows() { return validationRows.clone(); }

  /** The validation part, or null when no class had two samples to spare one. */
  public Dataset validation() { return validation; }

  /**
   * Per class with n samples, {@code round(n × fraction)} go to validation, raised to one when
   * n ≥ 2 (so every class that can spare one is validated) and capped at n − 1 (so every class keeps
   * a training sample).
   *
   * @param fraction in [0, 1)
   * @throws IllegalArgumentException if fraction is outside [0, 1)
   */
  public static StratifiedSplit split(Dataset data, double fraction, long seed) {
    if (!(fraction >= 0 && fraction < 1)) {
      throw new IllegalArgumentException("validation fraction must be in [0, 1), got " + fraction);
    }
    Random random = new Random(seed);
    List<List<Integer>> byClass = new ArrayList<>();
    for (int c = 0; c < data.numClasses(); c++) {
      byClass.add(new ArrayList<Integer>());
    }
    for (int i = 0; i < data.size(); i++) {
      byClass.get(data.label(i)).add(i);
    }
    List<Integer> trainIdx = new ArrayList<>();
    List<Integer> valIdx = new ArrayList<>();
    for (List<Integer> members : byClass) {
      shuffle(members, random);
      int n = members.size();
      int v = (int) Math.round(n * fraction);
      if (fraction > 0 && n >= 2 && v == 0) {
        v = 1;
      }
      v = Math.min(v, Math.max(0, n - 1));
      valIdx.addAll(members.subList(0, v));
      trainIdx.addAll(members.subList(v, n));
    }
    Dataset val = valIdx.isEmpty() ? null : data.subset(toArray(valIdx));
    return new StratifiedSplit(data.subset(toArray(trainIdx)), val, toArray(trainIdx),
        toArray(valIdx));
  }

  private static void shuffle(List<Integer> list, Random random) {
    for (int i = list.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      Integer t = list.get(i);
      list.set(i, list.get(j));
      list.set(j, t);
    }
  }

  private static int[] toArray(List<Integer> list) {
    int[] a = new int[list.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = list.get(i);
    }
    return a;
  }
}
