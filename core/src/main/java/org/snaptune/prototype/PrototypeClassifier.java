package org.snaptune.prototype;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snaptune.data.Dataset;
import org.snaptune.model.HeadContract;

/**
 * Nearest-class-mean classifier over centred, L2-normalised embeddings, scored by cosine
 * similarity (SimpleShot, Wang et al. 2019). It needs no training run, works from one sample per
 * class and is rebuilt in microseconds, so a class the user just created classifies the next frame.
 *
 * <p>Fit: μ = mean of all embeddings (label-free centring); u = (x − μ) / ‖x − μ‖ for every sample;
 * prototype p_c = mean of u over class c, normalised. Score: s_c = {@link #SCALE} · p_c · u(x);
 * probabilities = softmax(s). With every sample's norm in the same range, these scores are what a
 * linear head with kernel {@code SCALE/n̄ · p_c} and bias {@code −SCALE/n̄ · p_c·μ} computes up to a
 * per-sample positive factor, which is why {@link #imprintedLinearWeights()} gives a head with the
 * same predictions to start training from (weight imprinting, Qi et al. 2018).
 *
 * <p>Immutable and thread-safe; {@link #probabilities(float[], float[])} allocates nothing, so the
 * camera thread may call it per frame.
 */
public final class PrototypeClassifier {

  /** Softmax temperature on cosine similarity: cos 0.3 apart → about 20:1. */
  public static final float SCALE = 10f;

  private final List<String> classNames;
  private final int dimension;
  private final float[] mean;
  /** Row c: unit prototype of class c (dimension values). */
  private final float[] prototypes;
  /** Mean of ‖x − μ‖ over the fitted samples: the scale a linear head sees. */
  private final double meanCentredNorm;
  private final int[] classCounts;

  private PrototypeClassifier(List<String> classNames, int dimension, float[] mean,
      float[] prototypes, double meanCentredNorm, int[] classCounts) {
    this.classNames = classNames;
    this.dimension = dimension;
    this.mean = mean;
    this.prototypes = prototypes;
    this.meanCentredNorm = meanCentredNorm;
    this.classCounts = classCounts;
  }

  /**
   * Fits prototypes to every sample of {@code data}.
   *
   * @throws IllegalArgumentException if {@code data} has fewer than two classes or a class without
   *     samples (naming it), or holds a non-finite value
   */
  public static PrototypeClassifier fit(Dataset data) {
    int c = data.numClasses();
    if (c < 2) {
      throw new IllegalArgumentException("prototypes need at least 2 classes, got " + c);
    }
    data.requireEveryClass();
    int d = data.dimension();
    int n = data.size();
    double[] sum = new double[d];
    float[] row = new float[d];
    for (int i = 0; i < n; i++) {
      data.copyRow(i, row, 0);
      for (int j = 0; j < d; j++) {
        if (Float.isNaN(row[j]) || Float.isInfinite(row[j])) {
          throw new IllegalArgumentException("sample " + i + " has a non-finite value at "
              + j + "; embeddings must be finite");
        }
        sum[j] += row[j];
      }
    }
    float[] mean = new float[d];
    for (int j = 0; j < d; j++) {
      mean[j] = (float) (sum[j] / n);
    }
    double[] protos = new double[c * d];
    double normSum = 0;
    for (int i = 0; i < n; i++) {
      data.copyRow(i, row, 0);
      double norm = centreAndNormalise(row, mean);
      normSum += norm;
      int base = data.label(i) * d;
      for (int j = 0; j < d; j++) {
        protos[base + j] += row[j];
      }
    }
    float[] unit = new float[c * d];
    for (int k = 0; k < c; k++) {
      double sq = 0;
      for (int j = 0; j < d; j++) {
        sq += protos[k * d + j] * protos[k * d + j];
      }
      double inv = sq > 0 ? 1 / Math.sqrt(sq) : 0;
      for (int j = 0; j < d; j++) {
        unit[k * d + j] = (float) (protos[k * d + j] * inv);
      }
    }
    return new PrototypeClassifier(Collections.unmodifiableList(new ArrayList<>(data.classNames())),
        d, mean, unit, normSum / n, data.classCounts());
  }

  /** x ← (x − μ)/‖x − μ‖ in place; returns ‖x − μ‖ (0 leaves x at zero). */
  private static double centreAndNormalise(float[] x, float[] mean) {
    double sq = 0;
    for (int j = 0; j < x.length; j++) {
      x[j] -= mean[j];
      sq += (double) x[j] * x[j];
    }
    double norm = Math.sqrt(sq);
    if (norm > 0) {
      float inv = (float) (1 / norm);
      for (int j = 0; j < x.length; j++) {
        x[j] *= inv;
      }
    }
    return norm;
  }

  public List<String> classNames() { return classNames; }
  public int numClasses() { return classNames.size(); }
  public int dimension() { return dimension; }

  /** Samples per class the prototypes were fitted on. */
  public int[] classCounts() { return classCounts.clone(); }

  /**
   * Writes the class probabilities of {@code embedding} into {@code out} (one per class).
   *
   * @throws IllegalArgumentException if the sizes do not match
   */
  public void probabilities(float[] embedding, float[] out) {
    if (embedding.length != dimension || out.length != classNames.size()) {
      throw new IllegalArgumentException("expected an embedding of " + dimension
          + " values and room for " + classNames.size() + " probabilities, got "
          + embedding.length + " and " + out.length);
    }
    double sq = 0;
    for (int j = 0; j < dimension; j++) {
      double v = embedding[j] - mean[j];
      sq += v * v;
    }
    double inv = sq > 0 ? 1 / Math.sqrt(sq) : 0;
    float max = Float.NEGATIVE_INFINITY;
    for (int k = 0; k < out.length; k++) {
      double dot = 0;
      int base = k * dimension;
      for (int j = 0; j < dimension; j++) {
        dot += (embedding[j] - mean[j]) * prototypes[base + j];
      }
      out[k] = (float) (SCALE * dot * inv);
      max = Math.max(max, out[k]);
    }
    double total = 0;
    for (int k = 0; k < out.length; k++) {
      out[k] = (float) Math.exp(out[k] - max);
      total += out[k];
    }
    for (int k = 0; k < out.length; k++) {
      out[k] = (float) (out[k] / total);
    }
  }

  /** The class probabilities of {@code embedding} in a new array. */
  public float[] probabilities(float[] embedding) {
    float[] out = new float[classNames.size()];
    probabilities(embedding, out);
    return out;
  }

  /** The most similar class's index. */
  public int predict(float[] embedding) {
    float[] p = probabilities(embedding);
    int best = 0;
    for (int k = 1; k < p.length; k++) {
      if (p[k] > p[best]) {
        best = k;
      }
    }
    return best;
  }

  /**
   * {@code kernel_0} [D, C] and {@code bias_0} [C] of a linear head whose logits rank classes as
   * these prototypes do (see the class comment): the starting point of a training run.
   */
  public Map<String, float[]> imprintedLinearWeights() {
    int c = classNames.size();
    double scale = meanCentredNorm > 0 ? SCALE / meanCentredNorm : 0;
    float[] kernel = new float[dimension * c];
    float[] bias = new float[c];
    for (int k = 0; k < c; k++) {
      double dotMean = 0;
      for (int j = 0; j < dimension; j++) {
        float p = prototypes[k * dimension + j];
        kernel[j * c + k] = (float) (scale * p);
        dotMean += (double) p * mean[j];
      }
      bias[k] = (float) (-scale * dotMean);
    }
    Map<String, float[]> weights = new LinkedHashMap<>();
    weights.put(HeadContract.kernel(0), kernel);
    weights.put(HeadContract.bias(0), bias);
    return weights;
  }
}
