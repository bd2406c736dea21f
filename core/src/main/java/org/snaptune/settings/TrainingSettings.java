package org.snaptune.settings;

import java.util.LinkedHashMap;
import java.util.Map;
import org.snaptune.train.Clipping;

/**
 * The user's training settings: clipping, optimizer, learning rate and schedule, batch size, step
 * budget, early stopping, hidden layer, backbone delegate and threads. Immutable and thread-safe; every
 * instance is valid (the builder checks ranges and explains what is valid).
 *
 * <p>Persistence is a flat {@code Map<String, String>} keyed by {@link Setting#key()} (what
 * SharedPreferences stores): {@link #toMap()} writes every setting, {@link #fromMap(Map)} reads one
 * back, using the default for a missing key and ignoring unknown keys, so settings saved by an older
 * or newer version still load.
 */
public final class TrainingSettings {

  public static final int MAX_BATCH_SIZE = 256;
  /** Upper bound of the step budget: far beyond what a linear head needs, low enough to end. */
  public static final int MAX_STEPS = 100_000;
  public static final int MAX_PATIENCE = 100;
  public static final int MAX_HIDDEN_SIZE = 4096;
  public static final int MAX_THREADS = 16;
  /** Upper bound of the learning rate; high enough for deliberate "LR × 100" experiments. */
  public static final float MAX_LEARNING_RATE = 10f;

  /** Default step budget (see {@link #defaults()}). */
  public static final int DEFAULT_STEPS = 1000;
  /** Default AutoClip percentile: clip only the top tenth of gradient norms. */
  public static final float DEFAULT_AUTOCLIP_PERCENTILE = 90f;
  public static final float DEFAULT_LEARNING_RATE = 0.01f;
  public static final int DEFAULT_BATCH_SIZE = 32;

  private static final TrainingSettings DEFAULTS = builder().build();

  private final Clipping.Mode clippingMode;
  private final float clippingThreshold;
  private final OptimizerChoice optimizer;
  private final float learningRate;
  private final Schedule schedule;
  private final int batchSize;
  private final int steps;
  private final boolean earlyStopping;
  private final int patience;
  private final int hiddenSize;
  private final Delegate delegate;
  private final int threads;

  private TrainingSettings(Builder b) {
    this.clippingMode = b.clippingMode;
    this.clippingThreshold = b.clippingThreshold;
    this.optimizer = b.optimizer;
    this.learningRate = b.learningRate;
    this.schedule = b.schedule;
    this.batchSize = b.batchSize;
    this.steps = b.steps;
    this.earlyStopping = b.earlyStopping;
    this.patience = b.patience;
    this.hiddenSize = b.hiddenSize;
    this.delegate = b.delegate;
    this.threads = b.threads;
  }

  /**
   * The defaults, the one source the app, the CLI and the benchmarks share (measured in the
   * {@code defaults} benchmark, README): AutoClip at the 90th percentile of the norms seen so far
   * (a threshold that follows the optimizer's own gradient scale, so a healthy run clips about one
   * step in ten), Adam at 0.01, constant rate, batch 32, a budget of {@value #DEFAULT_STEPS}
   * steps, early stopping with patience 5 (used only when a real validation set exists, see
   * {@code prototype.TrainingPlan}), a linear head.
   */
  public static TrainingSettings defaults() {
    return DEFAULTS;
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from these settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.clippingMode = clippingMode;
    b.clippingThreshold = clippingThreshold;
    b.optimizer = optimizer;
    b.learningRate = learningRate;
    b.schedule = schedule;
    b.batchSize = batchSize;
    b.steps = steps;
    b.earlyStopping = earlyStopping;
    b.patience = patience;
    b.hiddenSize = hiddenSize;
    b.delegate = delegate;
    b.threads = threads;
    return b;
  }

  public Clipping.Mode clippingMode() { return clippingMode; }
  public float clippingThreshold() { return clippingThreshold; }
  public OptimizerChoice optimizer() { return optimizer; }
  public float learningRate() { return learningRate; }
  public Schedule schedule() { return schedule; }
  public int batchSize() { return batchSize; }
  /**
   * The step budget: mini-batch updates per run, whatever the sample count (a fixed epoch count
   * under-trains a handful of samples and over-trains thousands).
   */
  public int steps() { return steps; }
  public boolean earlyStopping() { return earlyStopping; }
  public int patience() { return patience; }
  /** Units of the hidden ReLU layer; 0 for none. */
  public int hiddenSize() { return hiddenSize; }
  public Delegate delegate() { return delegate; }
  public int threads() { return threads; }

  /** The current value of {@code s} as its persisted text. */
  public String value(Setting s) {
    switch (s) {
      case CLIPPING_MODE: return clippingMode.name();
      case CLIPPING_THRESHOLD: return Float.toString(clippingThreshold);
      case OPTIMIZER: return optimizer.name();
      case LEARNING_RATE: return Float.toString(learningRate);
      case SCHEDULE: return schedule.name();
      case BATCH_SIZE: return Integer.toString(batchSize);
      case STEPS: return Integer.toString(steps);
      case EARLY_STOPPING: return Boolean.toString(earlyStopping);
      case PATIENCE: return Integer.toString(patience);
      case HIDDEN_SIZE: return Integer.toString(hiddenSize);
      case DELEGATE: return delegate.name();
      case THREADS: return Integer.toString(threads);
      default: throw new IllegalArgumentException("unknown setting " + s);
    }
  }

  /**
   * One-line explanation of {@code s} for the current values: the setting's own line, plus what the
   * chosen option does (for example the clipping threshold's meaning in the chosen mode).
   */
  public String explain(Setting s) {
    switch (s) {
      case CLIPPING_MODE: return s.explanation() + " " + clippingMode.explanation();
      case CLIPPING_THRESHOLD: return clippingMode == Clipping.Mode.OFF
          ? "Unused while clipping is off."
          : "The " + clippingMode.thresholdMeaning() + " for " + clippingMode.name() + " clipping.";
      case OPTIMIZER: return s.explanation() + " " + optimizer.explanation();
      case SCHEDULE: return s.explanation() + " " + schedule.explanation();
      case DELEGATE: return s.explanation() + " " + delegate.explanation();
      case PATIENCE: return earlyStopping || schedule == Schedule.REDUCE_ON_PLATEAU
          ? s.explanation() : s.explanation() + " (unused with these settings)";
      case LEARNING_RATE:
      case BATCH_SIZE:
      case STEPS:
      case EARLY_STOPPING:
      case HIDDEN_SIZE:
      case THREADS:
        return s.explanation();
      default: throw new IllegalArgumentException("unknown setting " + s);
    }
  }

  /** Every setting as persisted text, in screen order. */
  public Map<String, String> toMap() {
    Map<String, String> map = new LinkedHashMap<>();
    for (Setting s : Setting.values()) {
      map.put(s.key(), value(s));
    }
    return map;
  }

  /**
   * Settings from persisted text. Missing keys take their default, unknown keys are ignored, an
   * invalid value throws IllegalArgumentException naming the key, the value and what is valid.
   */
  public static TrainingSettings fromMap(Map<String, String> map) {
    Builder b = builder();
    for (Setting s : Setting.values()) {
      String v = map.get(s.key());
      if (v != null) {
        b.set(s, v);
      }
    }
    return b.build();
  }

  /** These settings with {@code s} changed to the text {@code value}, validated. */
  public TrainingSettings with(Setting s, String value) {
    return toBuilder().set(s, value).build();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TrainingSettings && toMap().equals(((TrainingSettings) o).toMap());
  }

  @Override
  public int hashCode() {
    return toMap().hashCode();
  }

  @Override
  public String toString() {
    return "TrainingSettings" + toMap();
  }

  /** Collects settings; every field starts at its default, so all are optional. Not thread-safe. */
  public static final class Builder {
    private Clipping.Mode clippingMode = Clipping.Mode.AUTO_PERCENTILE;
    private float clippingThreshold = DEFAULT_AUTOCLIP_PERCENTILE;
    private OptimizerChoice optimizer = OptimizerChoice.ADAM;
    private float learningRate = DEFAULT_LEARNING_RATE;
    private Schedule schedule = Schedule.CONSTANT;
    private int batchSize = DEFAULT_BATCH_SIZE;
    private int steps = DEFAULT_STEPS;
    private boolean earlyStopping = true;
    private int patience = 5;
    private int hiddenSize = 0;
    private Delegate delegate = Delegate.AUTO;
    private int threads = 2;

    private Builder() {}

    /** Sets the mode and resets the threshold to that mode's default. */
    public Builder optClipping(Clipping.Mode mode) {
      this.clippingMode = mode;
      this.clippingThreshold = mode == null ? Float.NaN : mode.defaultThreshold();
      return this;
    }

    public Builder optClipping(Clipping.Mode mode, float threshold) {
      this.clippingMode = mode;
      this.clippingThreshold = threshold;
      return this;
    }

    public Builder optOptimizer(OptimizerChoice o) { this.optimizer = o; return this; }
    public Builder optLearningRate(float lr) { this.learningRate = lr; return this; }
    public Builder optSchedule(Schedule s) { this.schedule = s; return this; }
    public Builder optBatchSize(int n) { this.batchSize = n; return this; }
    public Builder optSteps(int n) { this.steps = n; return this; }
    public Builder optEarlyStopping(boolean on) { this.earlyStopping = on; return this; }
    public Builder optPatience(int epochs) { this.patience = epochs; return this; }
    public Builder optHiddenSize(int units) { this.hiddenSize = units; return this; }
    public Builder optDelegate(Delegate d) { this.delegate = d; return this; }
    public Builder optThreads(int n) { this.threads = n; return this; }

    /** Sets {@code s} from its persisted text; parse errors name the key and the valid values. */
    public Builder set(Setting s, String text) {
      String v = text == null ? "" : text.trim();
      switch (s) {
        case CLIPPING_MODE: clippingMode = choice(s, Clipping.Mode.class, v); break;
        case CLIPPING_THRESHOLD: clippingThreshold = real(s, v); break;
        case OPTIMIZER: optimizer = choice(s, OptimizerChoice.class, v); break;
        case LEARNING_RATE: learningRate = real(s, v); break;
        case SCHEDULE: schedule = choice(s, Schedule.class, v); break;
        case BATCH_SIZE: batchSize = integer(s, v); break;
        case STEPS: steps = integer(s, v); break;
        case EARLY_STOPPING:
          if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
            throw bad(s, v, "true or false");
          }
          earlyStopping = Boolean.parseBoolean(v);
          break;
        case PATIENCE: patience = integer(s, v); break;
        case HIDDEN_SIZE: hiddenSize = integer(s, v); break;
        case DELEGATE: delegate = choice(s, Delegate.class, v); break;
        case THREADS: threads = integer(s, v); break;
        default: throw new IllegalArgumentException("unknown setting " + s);
      }
      return this;
    }

    /** Throws IllegalArgumentException naming the first invalid setting and its valid range. */
    public TrainingSettings build() {
      if (clippingMode == null || optimizer == null || schedule == null || delegate == null) {
        throw new IllegalArgumentException("clipping mode, optimizer, schedule and delegate must"
            + " not be null");
      }
      clippingMode.checkThreshold(clippingThreshold);
      if (!(learningRate > 0 && learningRate <= MAX_LEARNING_RATE)) {
        throw range(Setting.LEARNING_RATE, learningRate, "(0, " + MAX_LEARNING_RATE + "]");
      }
      checkInt(Setting.BATCH_SIZE, batchSize, 1, MAX_BATCH_SIZE);
      checkInt(Setting.STEPS, steps, 1, MAX_STEPS);
      checkInt(Setting.PATIENCE, patience, 1, MAX_PATIENCE);
      checkInt(Setting.HIDDEN_SIZE, hiddenSize, 0, MAX_HIDDEN_SIZE);
      checkInt(Setting.THREADS, threads, 1, MAX_THREADS);
      return new TrainingSettings(this);
    }

    private static void checkInt(Setting s, int v, int min, int max) {
      if (v < min || v > max) {
        throw range(s, v, "[" + min + ", " + max + "]");
      }
    }

    private static IllegalArgumentException range(Setting s, Object v, String valid) {
      return new IllegalArgumentException(s.title() + " (" + s.key() + ") must be in " + valid
          + ", got " + v);
    }

    private static IllegalArgumentException bad(Setting s, String v, String valid) {
      return new IllegalArgumentException(s.title() + " (" + s.key() + ") \"" + v
          + "\" is not valid; expected " + valid);
    }

    private static <E extends Enum<E>> E choice(Setting s, Class<E> type, String v) {
      for (E e : type.getEnumConstants()) {
        if (e.name().equalsIgnoreCase(v)) {
          return e;
        }
      }
      StringBuilder valid = new StringBuilder("one of");
      for (E e : type.getEnumConstants()) {
        valid.append(' ').append(e.name());
      }
      throw bad(s, v, valid.toString());
    }

    private static float real(Setting s, String v) {
      try {
        float f = Float.parseFloat(v);
        if (Float.isNaN(f) || Float.isInfinite(f)) {
          throw bad(s, v, "a finite number");
        }
        return f;
      } catch (NumberFormatException e) {
        throw bad(s, v, "a number such as 0.001");
      }
    }

    private static int integer(Setting s, String v) {
      try {
        return Integer.parseInt(v);
      } catch (NumberFormatException e) {
        throw bad(s, v, "a whole number");
      }
    }
  }
}
