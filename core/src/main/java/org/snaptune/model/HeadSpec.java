package org.snaptune.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link HeadCompiler} builds: a dense classifier head {@code D → H₀ → … → C} with ReLU
 * between layers, softmax cross-entropy loss, optional L2 weight decay and label smoothing, and an
 * optimizer. Immutable and thread-safe; initial weights given to the builder are copied.
 *
 * <p>Loss for a batch of {@code B} rows with one-hot labels {@code y}, sample weights {@code w}:
 * {@code Σᵢ wᵢ·CE(ỹᵢ, softmax(zᵢ)) / Σᵢ wᵢ + l2·Σ_kernels ΣW²}, where
 * {@code ỹ = (1−ε)·y + ε/C} is the label-smoothed target. Biases are not decayed.
 *
 * <p>Variable names (the model's public contract, see {@link HeadContract}): {@code kernel_i}
 * [in, out] and {@code bias_i} [out], numbered from the input side, then optimizer state
 * {@code <var>_<slot>} with the variable's shape, then the scalar {@code step}.
 */
public final class HeadSpec {

  /** Weight initialisation of kernels not given explicitly; biases start at zero. */
  public enum Initializer {
    /** Uniform in ±√(6 / (fan_in + fan_out)). */
    GLOROT_UNIFORM,
    /** Uniform in ±√(6 / fan_in), suited to ReLU layers. */
    HE_UNIFORM
  }

  /** Upper bound on trainable parameters, so that a model stays far below 2 GiB. */
  public static final long MAX_PARAMETERS = 100_000_000L;

  private final int embeddingSize;
  private final int numClasses;
  private final int batchSize;
  private final int[] hiddenLayers;
  private final Optimizer optimizer;
  private final double l2;
  private final double labelSmoothing;
  private final long seed;
  private final Initializer initializer;
  private final Map<String, float[]> initialWeights;

  private HeadSpec(Builder b) {
    this.embeddingSize = b.embeddingSize;
    this.numClasses = b.numClasses;
    this.batchSize = b.batchSize;
    this.hiddenLayers = b.hiddenLayers.clone();
    this.optimizer = b.optimizer;
    this.l2 = b.l2;
    this.labelSmoothing = b.labelSmoothing;
    this.seed = b.seed;
    this.initializer = b.initializer;
    Map<String, float[]> copy = new LinkedHashMap<>();
    for (Map.Entry<String, float[]> e : b.initialWeights.entrySet()) {
      copy.put(e.getKey(), e.getValue().clone());
    }
    this.initialWeights = Collections.unmodifiableMap(copy);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this spec's values, to derive a variant (for example C+1 classes). */
  public Builder toBuilder() {
    Builder b = new Builder()
        .setEmbeddingSize(embeddingSize).setNumClasses(numClasses).setBatchSize(batchSize)
        .optHiddenLayers(hiddenLayers).optOptimizer(optimizer).optL2(l2)
        .optLabelSmoothing(labelSmoothing).optSeed(seed).optInitializer(initializer);
    return b.optInitialWeights(initialWeights);
  }

  public int embeddingSize() { return embeddingSize; }
  public int numClasses() { return numClasses; }
  public int batchSize() { return batchSize; }
  public int[] hiddenLayers() { return hiddenLayers.clone(); }
  public Optimizer optimizer() { return optimizer; }
  public double l2() { return l2; }
  public double labelSmoothing() { return labelSmoothing; }
  public long seed() { return seed; }
  public Initializer initializer() { return initializer; }

  /** Initial values given by the caller (name → row-major values); empty when none. */
  public Map<String, float[]> initialWeights() {
    return initialWeights;
  }

  /** Number of dense layers: hidden layers + the output layer. */
  public int numLayers() {
    return hiddenLayers.length + 1;
  }

  /** Widths from input to output: {@code [D, H₀, …, C]}. */
  public int[] layerWidths() {
    int[] widths = new int[hiddenLayers.length + 2];
    widths[0] = embeddingSize;
    System.arraycopy(hiddenLayers, 0, widths, 1, hiddenLayers.length);
    widths[widths.length - 1] = numClasses;
    return widths;
  }

  /** Trainable variable names in contract order: kernel_0, bias_0, kernel_1, …. */
  public List<String> trainableVariables() {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < numLayers(); i++) {
      names.add(HeadContract.kernel(i));
      names.add(HeadContract.bias(i));
    }
    return names;
  }

  /** Every variable: trainables, then optimizer state per trainable, then {@code step}. */
  public List<String> allVariables() {
    List<String> names = new ArrayList<>(trainableVariables());
    for (String slot : optimizer.kind().slots()) {
      for (String var : trainableVariables()) {
        names.add(var + "_" + slot);
      }
    }
    names.add(HeadContract.STEP);
    return names;
  }

  /** The shape of variable {@code name}; throws IllegalArgumentException listing valid names. */
  public int[] variableShape(String name) {
    int[] widths = layerWidths();
    for (int i = 0; i < numLayers(); i++) {
      String kernel = HeadContract.kernel(i);
      String bias = HeadContract.bias(i);
      if (name.equals(kernel) || name.startsWith(kernel + "_") && isSlot(name, kernel)) {
        return new int[] {widths[i], widths[i + 1]};
      }
      if (name.equals(bias) || name.startsWith(bias + "_") && isSlot(name, bias)) {
        return new int[] {widths[i + 1]};
      }
    }
    if (name.equals(HeadContract.STEP)) {
      return new int[0];
    }
    throw new IllegalArgumentException("unknown variable '" + name + "'; valid: " + allVariables());
  }

  private boolean isSlot(String name, String var) {
    for (String slot : optimizer.kind().slots()) {
      if (name.equals(var + "_" + slot)) {
        return true;
      }
    }
    return false;
  }

  /** Number of float elements of variable {@code name}. */
  public int variableSize(String name) {
    int n = 1;
    for (int d : variableShape(name)) {
      n *= d;
    }
    return n;
  }

  /** Total trainable parameters. */
  public long parameterCount() {
    long n = 0;
    int[] w = layerWidths();
    for (int i = 0; i + 1 < w.length; i++) {
      n += (long) w[i] * w[i + 1] + w[i + 1];
    }
    return n;
  }

  @Override
  public String toString() {
    return "HeadSpec{D=" + embeddingSize + ", C=" + numClasses + ", B=" + batchSize
        + ", hidden=" + Arrays.toString(hiddenLayers) + ", optimizer=" + optimizer
        + ", l2=" + l2 + ", labelSmoothing=" + labelSmoothing + ", seed=" + seed
        + ", init=" + initializer
        + (initialWeights.isEmpty() ? "" : ", given=" + initialWeights.keySet()) + "}";
  }

  /** Builder: setX for required values, optX for optional ones; {@link #build()} validates. */
  public static final class Builder {
    private int embeddingSize = -1;
    private int numClasses = -1;
    private int batchSize = -1;
    private int[] hiddenLayers = new int[0];
    private Optimizer optimizer = Optimizer.adam();
    private double l2 = 0;
    private double labelSmoothing = 0;
    private long seed = 0;
    private Initializer initializer = Initializer.GLOROT_UNIFORM;
    private Map<String, float[]> initialWeights = new LinkedHashMap<>();

    private Builder() {}

    /** Required: D ≥ 1, the embedding width. */
    public Builder setEmbeddingSize(int d) { this.embeddingSize = d; return this; }

    /** Required: C ≥ 2. */
    public Builder setNumClasses(int c) { this.numClasses = c; return this; }

    /** Required: B ≥ 1, the fixed batch of {@code gradients} and {@code train}. */
    public Builder setBatchSize(int b) { this.batchSize = b; return this; }

    /** Hidden ReLU layer widths from the input side; none (a linear head) by default. */
    public Builder optHiddenLayers(int... widths) {
      this.hiddenLayers = widths == null ? new int[0] : widths.clone();
      return this;
    }

    /** Adam with Keras defaults unless set. */
    public Builder optOptimizer(Optimizer o) { this.optimizer = o; return this; }

    /** L2 weight decay coefficient ≥ 0 on kernels (loss term l2·ΣW²); 0 by default. */
    public Builder optL2(double x) { this.l2 = x; return this; }

    /** Label smoothing ε in [0, 1); 0 by default. */
    public Builder optLabelSmoothing(double x) { this.labelSmoothing = x; return this; }

    /** Seed of the kernel initialisation; 0 by default. */
    public Builder optSeed(long s) { this.seed = s; return this; }

    /** Kernel initialisation; Glorot uniform by default. */
    public Builder optInitializer(Initializer i) { this.initializer = i; return this; }

    /**
     * Initial values by variable name (any of {@link HeadSpec#allVariables()}, row-major);
     * variables not given are initialised as usual (optimizer state and step at zero).
     * The arrays are copied at {@link #build()}.
     */
    public Builder optInitialWeights(Map<String, float[]> weights) {
      this.initialWeights = weights == null ? new LinkedHashMap<String, float[]>()
          : new LinkedHashMap<>(weights);
      return this;
    }

    /** Validates and builds; throws IllegalArgumentException naming the bad value. */
    public HeadSpec build() {
      if (embeddingSize < 1) {
        throw new IllegalArgumentException(
            "embedding size must be >= 1, got " + (embeddingSize == -1 ? "none" : embeddingSize));
      }
      if (numClasses < 2) {
        throw new IllegalArgumentException(
            "number of classes must be >= 2, got " + (numClasses == -1 ? "none" : numClasses));
      }
      if (batchSize < 1) {
        throw new IllegalArgumentException(
            "batch size must be >= 1, got " + (batchSize == -1 ? "none" : batchSize));
      }
      for (int h : hiddenLayers) {
        if (h < 1) {
          throw new IllegalArgumentException("hidden layer widths must be >= 1, got "
              + Arrays.toString(hiddenLayers));
        }
      }
      if (optimizer == null) {
        throw new IllegalArgumentException("optimizer must not be null; use Optimizer.sgd(),"
            + " momentum(m) or adam()");
      }
      if (initializer == null) {
        throw new IllegalArgumentException("initializer must not be null; valid: "
            + Arrays.toString(Initializer.values()));
      }
      if (!(l2 >= 0) || Double.isInfinite(l2)) {
        throw new IllegalArgumentException("l2 must be finite and >= 0, got " + l2);
      }
      if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
        throw new IllegalArgumentException("label smoothing must be in [0, 1), got " + labelSmoothing);
      }
      for (Map.Entry<String, float[]> e : initialWeights.entrySet()) {
        if (e.getKey() == null || e.getValue() == null) {
          throw new IllegalArgumentException("initial weights must not hold null names or arrays,"
              + " got " + e.getKey() + " -> " + Arrays.toString(e.getValue()));
        }
      }
      HeadSpec spec = new HeadSpec(this);
      if (spec.parameterCount() > MAX_PARAMETERS) {
        throw new IllegalArgumentException("head has " + spec.parameterCount()
            + " parameters; at most " + MAX_PARAMETERS + " are supported");
      }
      for (Map.Entry<String, float[]> e : spec.initialWeights.entrySet()) {
        int expected = spec.variableSize(e.getKey());
        float[] values = e.getValue();
        if (values.length != expected) {
          throw new IllegalArgumentException("initial weights '" + e.getKey() + "' need "
              + expected + " values (shape " + Arrays.toString(spec.variableShape(e.getKey()))
              + "), got " + values.length);
        }
        for (float v : values) {
          if (Float.isNaN(v) || Float.isInfinite(v)) {
            throw new IllegalArgumentException(
                "initial weights '" + e.getKey() + "' contain a non-finite value " + v);
          }
        }
      }
      return spec;
    }
  }
}
