package org.snaptune.checkpoint;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A training snapshot: every model variable (weights and optimizer state) with its shape, the
 * class list and the trainer's state as named numbers. Immutable and thread-safe; arrays are
 * copied in and out. Serialised by {@link CheckpointCodec}.
 */
public final class Checkpoint {

  private final List<String> classNames;
  private final Map<String, float[]> variables;
  private final Map<String, int[]> shapes;
  private final Map<String, Double> state;
  private final Map<String, double[]> series;

  /** A checkpoint without named series (see below). */
  public Checkpoint(List<String> classNames, Map<String, float[]> variables,
      Map<String, int[]> shapes, Map<String, Double> state) {
    this(classNames, variables, shapes, state, null);
  }

  /**
   * @param variables name → values, in model order
   * @param shapes name → shape for every variable; the product must equal the values' length
   * @param state trainer state by key (epoch, step, learning-rate factors, …)
   * @param series named number sequences beyond single values (the health monitor's memory:
   *     early norms, rolling windows); null or empty for none
   * @throws IllegalArgumentException on a missing shape or a size mismatch
   */
  public Checkpoint(List<String> classNames, Map<String, float[]> variables,
      Map<String, int[]> shapes, Map<String, Double> state, Map<String, double[]> series) {
    if (classNames == null || classNames.isEmpty()) {
      throw new IllegalArgumentException("a checkpoint needs the class list");
    }
    if (variables == null || variables.isEmpty()) {
      throw new IllegalArgumentException("a checkpoint needs at least one variable");
    }
    Map<String, float[]> v = new LinkedHashMap<>();
    Map<String, int[]> s = new LinkedHashMap<>();
    for (Map.Entry<String, float[]> e : variables.entrySet()) {
      int[] shape = shapes.get(e.getKey());
      if (shape == null) {
        throw new IllegalArgumentException("no shape for variable '" + e.getKey() + "'");
      }
      long n = 1;
      for (int d : shape) {
        n *= d;
      }
      if (n != e.getValue().length) {
        throw new IllegalArgumentException("variable '" + e.getKey() + "' has " + e.getValue().length
            + " values but shape " + Arrays.toString(shape) + " holds " + n);
      }
      v.put(e.getKey(), e.getValue().clone());
      s.put(e.getKey(), shape.clone());
    }
    this.classNames = Collections.unmodifiableList(new ArrayList<>(classNames));
    this.variables = Collections.unmodifiableMap(v);
    this.shapes = Collections.unmodifiableMap(s);
    this.state = Collections.unmodifiableMap(new LinkedHashMap<>(state));
    Map<String, double[]> q = new LinkedHashMap<>();
    if (series != null) {
      for (Map.Entry<String, double[]> e : series.entrySet()) {
        q.put(e.getKey(), e.getValue().clone());
      }
    }
    this.series = Collections.unmodifiableMap(q);
  }

  /** This checkpoint with {@code replacement} as its state; everything else the same. */
  public Checkpoint withState(Map<String, Double> replacement) {
    return new Checkpoint(classNames, variables, shapes, replacement, series);
  }

  public List<String> classNames() { return classNames; }

  /** Variable names in model order. */
  public List<String> variableNames() {
    return new ArrayList<>(variables.keySet());
  }

  /** A copy of every variable. */
  public Map<String, float[]> variables() {
    Map<String, float[]> copy = new LinkedHashMap<>();
    for (Map.Entry<String, float[]> e : variables.entrySet()) {
      copy.put(e.getKey(), e.getValue().clone());
    }
    return copy;
  }

  /** A copy of one variable; throws IllegalArgumentException listing the names. */
  public float[] variable(String name) {
    float[] v = variables.get(name);
    if (v == null) {
      throw new IllegalArgumentException("checkpoint has no variable '" + name + "'; it has "
          + variables.keySet());
    }
    return v.clone();
  }

  /** A copy of one variable's shape. */
  public int[] shape(String name) {
    int[] s = shapes.get(name);
    if (s == null) {
      throw new IllegalArgumentException("checkpoint has no variable '" + name + "'; it has "
          + variables.keySet());
    }
    return s.clone();
  }

  Map<String, float[]> variablesView() { return variables; }

  Map<String, int[]> shapesView() { return shapes; }

  /** A copy of the named series (empty in a version-1 file, which had none). */
  public Map<String, double[]> series() {
    Map<String, double[]> copy = new LinkedHashMap<>();
    for (Map.Entry<String, double[]> e : series.entrySet()) {
      copy.put(e.getKey(), e.getValue().clone());
    }
    return copy;
  }

  Map<String, double[]> seriesView() { return series; }

  /** Trainer state by key. */
  public Map<String, Double> state() { return state; }

  /** One state value, or {@code fallback} when absent. */
  public double state(String key, double fallback) {
    Double v = state.get(key);
    return v == null ? fallback : v;
  }

  /**
   * Throws IllegalArgumentException unless this checkpoint has exactly the given variables with
   * the given shapes and the given class list: restoring into another head shape must fail
   * clearly, not scramble weights.
   */
  public void requireCompatible(Map<String, int[]> expectedShapes, List<String> expectedClasses) {
    if (!classNames.equals(expectedClasses)) {
      throw new IllegalArgumentException("checkpoint is for classes " + classNames
          + " but the model has " + expectedClasses);
    }
    if (!shapes.keySet().equals(expectedShapes.keySet())) {
      throw new IllegalArgumentException("checkpoint holds variables " + shapes.keySet()
          + " but the model has " + expectedShapes.keySet() + " (another head shape or optimizer)");
    }
    for (Map.Entry<String, int[]> e : expectedShapes.entrySet()) {
      if (!Arrays.equals(e.getValue(), shapes.get(e.getKey()))) {
        throw new IllegalArgumentException("checkpoint variable '" + e.getKey() + "' has shape "
            + Arrays.toString(shapes.get(e.getKey())) + " but the model needs "
            + Arrays.toString(e.getValue()) + " (another head shape)");
      }
    }
  }

  @Override
  public String toString() {
    return "Checkpoint{classes=" + classNames + ", variables=" + variables.keySet() + ", state="
        + state + ", series=" + series.keySet() + "}";
  }
}
