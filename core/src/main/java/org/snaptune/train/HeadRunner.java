package org.snaptune.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snaptune.data.Dataset;
import org.snaptune.metrics.Evaluation;
import org.snaptune.runtime.SignatureRunner;

/**
 * The trainer's view of a compiled head model (see {@code org.snaptune.model.HeadContract}):
 * discovers the batch size, embedding size, class count and variables from the signatures, and
 * wraps {@code gradients}, {@code apply}, {@code get_weights}, {@code set_weights} and
 * {@code infer}. Does not own the runner (the caller closes it). Not thread-safe, like the runner.
 */
public final class HeadRunner {

  static final String GRAD_PREFIX = "grad_";

  private final SignatureRunner runner;
  private final int batchSize;
  private final int dimension;
  private final int numClasses;
  private final List<String> trainable;
  private final Map<String, int[]> shapes;
  private final Map<String, float[]> gradInputs = new HashMap<>();
  private final Map<String, float[]> batchInputs = new HashMap<>();
  private final float[] lrInput = new float[1];
  private int inferRows = -1;

  /**
   * @throws IllegalArgumentException if the model lacks a signature, input or output the trainer
   *     needs, naming it
   */
  public HeadRunner(SignatureRunner runner) {
    this.runner = runner;
    List<String> keys = runner.signatureKeys();
    for (String need : new String[] {"infer", "gradients", "apply", "get_weights", "set_weights"}) {
      if (!keys.contains(need)) {
        throw new IllegalArgumentException("model has no '" + need + "' signature (it has " + keys
            + "); compile the head with HeadCompiler");
      }
    }
    int[] x = runner.inputShape("gradients", "x");
    int[] y = runner.inputShape("gradients", "y");
    if (x.length != 2 || y.length != 2 || x[0] != y[0]) {
      throw new IllegalArgumentException("gradients inputs must be x[B,D] and y[B,C], got x"
          + Arrays.toString(x) + " y" + Arrays.toString(y));
    }
    batchSize = x[0];
    dimension = x[1];
    numClasses = y[1];
    List<String> t = new ArrayList<>();
    for (String out : runner.outputNames("gradients")) {
      if (out.startsWith(GRAD_PREFIX)) {
        t.add(out.substring(GRAD_PREFIX.length()));
      }
    }
    if (t.isEmpty()) {
      throw new IllegalArgumentException("gradients signature has no grad_<var> outputs");
    }
    trainable = Collections.unmodifiableList(t);
    Map<String, int[]> s = new LinkedHashMap<>();
    for (String name : runner.inputNames("set_weights")) {
      s.put(name, runner.inputShape("set_weights", name));
    }
    for (String v : trainable) {
      if (!s.containsKey(v)) {
        throw new IllegalArgumentException("set_weights lacks trainable variable '" + v + "'");
      }
    }
    shapes = Collections.unmodifiableMap(s);
  }

  public int batchSize() { return batchSize; }
  public int dimension() { return dimension; }
  public int numClasses() { return numClasses; }
  /** Trainable variable names (kernel_0, bias_0, …). */
  public List<String> trainableVariables() { return trainable; }
  /** Every variable (trainables, optimizer state, step) → shape. */
  public Map<String, int[]> variableShapes() { return shapes; }

  /** Runs {@code gradients}: returns loss under key "loss" and gradients by variable name. */
  public Map<String, float[]> gradients(float[] x, float[] y, float[] w) {
    batchInputs.put("x", x);
    batchInputs.put("y", y);
    batchInputs.put("w", w);
    Map<String, float[]> out = runner.run("gradients", batchInputs);
    Map<String, float[]> result = new LinkedHashMap<>();
    result.put("loss", out.get("loss"));
    for (String v : trainable) {
      result.put(v, out.get(GRAD_PREFIX + v));
    }
    return result;
  }

  /** Runs {@code apply} with gradients by variable name. */
  public void apply(Map<String, float[]> gradients, double lr) {
    for (String v : trainable) {
      gradInputs.put(GRAD_PREFIX + v, gradients.get(v));
    }
    lrInput[0] = (float) lr;
    gradInputs.put("lr", lrInput);
    runner.run("apply", gradInputs);
  }

  /** Every variable by name (fresh arrays). */
  public Map<String, float[]> getWeights() {
    Map<String, float[]> out = runner.run("get_weights", Collections.<String, float[]>emptyMap());
    Map<String, float[]> ordered = new LinkedHashMap<>();
    for (String name : shapes.keySet()) {
      ordered.put(name, out.get(name));
    }
    return ordered;
  }

  /**
   * The trainable variables only (fresh arrays), without the optimizer slots: a third of Adam's
   * variables, for adaptive clipping on every step.
   */
  public Map<String, float[]> getTrainableWeights() {
    return runner.run("get_weights", Collections.<String, float[]>emptyMap(), trainable);
  }

  /** Sets every variable; {@code values} must hold all of them. */
  public void setWeights(Map<String, float[]> values) {
    for (Map.Entry<String, int[]> e : shapes.entrySet()) {
      float[] v = values.get(e.getKey());
      long n = 1;
      for (int d : e.getValue()) {
        n *= d;
      }
      if (v == null || v.length != n) {
        throw new IllegalArgumentException("set_weights needs '" + e.getKey() + "' with " + n
            + " values (shape " + Arrays.toString(e.getValue()) + "), got "
            + (v == null ? "none" : v.length + " values"));
      }
    }
    runner.run("set_weights", values);
  }

  /** Class probabilities of every row of {@code data}, N×C, in chunks of up to 256 rows. */
  public float[] predict(Dataset data) {
    if (data.dimension() != dimension) {
      throw new IllegalArgumentException("embeddings have size " + data.dimension()
          + " but the model expects " + dimension);
    }
    int n = data.size();
    float[] probs = new float[n * numClasses];
    int chunk = Math.min(256, n);
    float[] x = new float[chunk * dimension];
    Map<String, float[]> in = new HashMap<>();
    for (int start = 0; start < n; start += chunk) {
      int rows = Math.min(chunk, n - start);
      if (rows != inferRows) {
        runner.resizeInput("infer", "x", new int[] {rows, dimension});
        inferRows = rows;
        x = new float[rows * dimension];
      }
      for (int r = 0; r < rows; r++) {
        data.copyRow(start + r, x, r * dimension);
      }
      in.put("x", x);
      float[] p = runner.run("infer", in).get("probabilities");
      System.arraycopy(p, 0, probs, start * numClasses, rows * numClasses);
    }
    return probs;
  }

  /** Metrics of the current weights on {@code data}. */
  public Evaluation evaluate(Dataset data) {
    return Evaluation.of(data.classNames(), predict(data), data.labels());
  }
}
