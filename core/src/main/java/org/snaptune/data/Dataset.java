package org.snaptune.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Samples in the dense form the trainer consumes: N rows of D floats plus a class index per row,
 * against a fixed class list. Immutable and thread-safe; arrays are copied on the way in.
 */
public final class Dataset {

  private final List<String> classNames;
  private final int dimension;
  private final float[] x;
  private final int[] y;

  /**
   * @param classNames class list (index = class id)
   * @param dimension D
   * @param x N×D row-major embeddings, all finite
   * @param y N class indices in [0, classNames.size())
   * @throws IllegalArgumentException on any size or index mismatch, or no samples at all
   */
  public Dataset(List<String> classNames, int dimension, float[] x, int[] y) {
    if (classNames == null || classNames.isEmpty()) {
      throw new IllegalArgumentException("a dataset needs at least one class");
    }
    if (dimension < 1) {
      throw new IllegalArgumentException("embedding size must be >= 1, got " + dimension);
    }
    if (y.length == 0) {
      throw new IllegalArgumentException("no samples at all: add at least one sample per class");
    }
    if (x.length != (long) y.length * dimension) {
      throw new IllegalArgumentException("embeddings hold " + x.length + " floats but " + y.length
          + " samples of size " + dimension + " need " + ((long) y.length * dimension));
    }
    for (int i = 0; i < y.length; i++) {
      if (y[i] < 0 || y[i] >= classNames.size()) {
        throw new IllegalArgumentException("sample " + i + " has class index " + y[i]
            + "; valid: 0.." + (classNames.size() - 1));
      }
    }
    for (int i = 0; i < x.length; i++) {
      if (Float.isNaN(x[i]) || Float.isInfinite(x[i])) {
        throw new IllegalArgumentException("sample " + (i / dimension) + " has a non-finite value "
            + x[i] + " at embedding index " + (i % dimension));
      }
    }
    this.classNames = Collections.unmodifiableList(new ArrayList<>(classNames));
    this.dimension = dimension;
    this.x = x.clone();
    this.y = y.clone();
  }

  /** Reads every sample of {@code store}; see {@link #fromSamples}. */
  public static Dataset fromStore(SampleStore store) {
    return fromSamples(store.classNames(), store.embeddingSize(), store.samples());
  }

  /**
   * Builds a dataset from samples.
   *
   * @throws IllegalArgumentException if there are no samples, a label is not in
   *     {@code classNames}, or an embedding size differs from {@code dimension}
   */
  public static Dataset fromSamples(List<String> classNames, int dimension, List<Sample> samples) {
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("no samples at all: add at least one sample per class");
    }
    Map<String, Integer> index = new HashMap<>();
    for (int c = 0; c < classNames.size(); c++) {
      index.put(classNames.get(c), c);
    }
    int wrongSize = 0;
    Sample firstWrong = null;
    for (Sample s : samples) {
      if (s.dimension() != dimension) {
        wrongSize++;
        firstWrong = firstWrong == null ? s : firstWrong;
      }
    }
    if (wrongSize > 0) {
      // Typically samples taken before the backbone was changed: name how many and what to do.
      throw new IllegalArgumentException(wrongSize + " of " + samples.size() + " samples have"
          + " embedding size " + firstWrong.dimension() + " (e.g. '" + firstWrong.id()
          + "') but the backbone produces " + dimension + ": they were taken with another"
          + " backbone; delete them and take them again");
    }
    float[] x = new float[samples.size() * dimension];
    int[] y = new int[samples.size()];
    for (int i = 0; i < samples.size(); i++) {
      Sample s = samples.get(i);
      Integer c = index.get(s.label());
      if (c == null) {
        throw new IllegalArgumentException("sample '" + s.id() + "' has unknown label '" + s.label()
            + "'; valid labels: " + classNames);
      }
      if (s.dimension() != dimension) {
        throw new IllegalArgumentException("sample '" + s.id() + "' has embedding size "
            + s.dimension() + ", expected " + dimension);
      }
      s.copyEmbeddingTo(x, i * dimension);
      y[i] = c;
    }
    return new Dataset(classNames, dimension, x, y);
  }

  public List<String> classNames() { return classNames; }
  public int numClasses() { return classNames.size(); }
  public int dimension() { return dimension; }
  public int size() { return y.length; }

  /** The class index of row {@code i}. */
  public int label(int i) { return y[i]; }

  /** A copy of all labels. */
  public int[] labels() { return y.clone(); }

  /** Copies row {@code i} into {@code dst} at {@code offset}. */
  public void copyRow(int i, float[] dst, int offset) {
    System.arraycopy(x, i * dimension, dst, offset, dimension);
  }

  /** The value at row {@code i}, column {@code j}. */
  public float get(int i, int j) { return x[i * dimension + j]; }

  /** Number of samples of each class. */
  public int[] classCounts() {
    int[] counts = new int[classNames.size()];
    for (int label : y) {
      counts[label]++;
    }
    return counts;
  }

  /**
   * Throws if any class has no sample, naming the empty classes: a head cannot learn a class it
   * has never seen.
   */
  public void requireEveryClass() {
    int[] counts = classCounts();
    List<String> empty = new ArrayList<>();
    for (int c = 0; c < counts.length; c++) {
      if (counts[c] == 0) {
        empty.add(classNames.get(c));
      }
    }
    if (!empty.isEmpty()) {
      throw new IllegalArgumentException("classes without samples: " + empty
          + "; add at least one sample to each or remove the class");
    }
  }

  /** The rows at {@code indices}, in that order, against the same class list. */
  public Dataset subset(int[] indices) {
    float[] sx = new float[indices.length * dimension];
    int[] sy = new int[indices.length];
    for (int k = 0; k < indices.length; k++) {
      System.arraycopy(x, indices[k] * dimension, sx, k * dimension, dimension);
      sy[k] = y[indices[k]];
    }
    return new Dataset(classNames, dimension, sx, sy);
  }

  /** This dataset's rows, relabelled against {@code target} (which must contain every class used). */
  public Dataset withClassList(List<String> target) {
    int[] ny = new int[y.length];
    for (int i = 0; i < y.length; i++) {
      int c = target.indexOf(classNames.get(y[i]));
      if (c < 0) {
        throw new IllegalArgumentException("label '" + classNames.get(y[i])
            + "' is not a class of the model; valid labels: " + target);
      }
      ny[i] = c;
    }
    return new Dataset(target, dimension, x, ny);
  }

  @Override
  public String toString() {
    return "Dataset{N=" + y.length + ", D=" + dimension + ", classes=" + classNames
        + ", counts=" + Arrays.toString(classCounts()) + "}";
  }
}
