package org.snaptune.settings;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.snaptune.train.Clipping;

/**
 * The user's settings: clipping, optimizer, learning rate and schedule, batch size, step budget,
 * early stopping and hidden layer for training, plus the camera engine's accelerator and threads
 * ({@link #engine()}, which do not change what a run learns). Every setting is described once by
 * its {@link Setting} (type, default, range, explanation), which parsing, validation, persistence
 * and the settings screen share. Immutable and thread-safe; every instance is valid (the builder
 * checks ranges and explains what is valid).
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

  /** Every setting's typed value, as {@link Setting#parse} gives it; never changed. */
  private final EnumMap<Setting, Object> values;

  private TrainingSettings(Builder b) {
    this.values = new EnumMap<>(b.values);
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
    b.values.putAll(values);
    return b;
  }

  public Clipping.Mode clippingMode() { return (Clipping.Mode) values.get(Setting.CLIPPING_MODE); }
  public float clippingThreshold() { return (Float) values.get(Setting.CLIPPING_THRESHOLD); }
  public OptimizerChoice optimizer() { return (OptimizerChoice) values.get(Setting.OPTIMIZER); }
  public float learningRate() { return (Float) values.get(Setting.LEARNING_RATE); }
  public Schedule schedule() { return (Schedule) values.get(Setting.SCHEDULE); }
  public int batchSize() { return (Integer) values.get(Setting.BATCH_SIZE); }
  /**
   * The step budget: mini-batch updates per run, whatever the sample count (a fixed epoch count
   * under-trains a handful of samples and over-trains thousands).
   */
  public int steps() { return (Integer) values.get(Setting.STEPS); }
  public boolean earlyStopping() { return (Boolean) values.get(Setting.EARLY_STOPPING); }
  public int patience() { return (Integer) values.get(Setting.PATIENCE); }
  /** Units of the hidden ReLU layer; 0 for none. */
  public int hiddenSize() { return (Integer) values.get(Setting.HIDDEN_SIZE); }

  /** The camera engine's part of these settings (accelerator and threads). */
  public EngineSettings engine() {
    return new EngineSettings(delegate(), threads());
  }

  /** Shortcut for {@code engine().delegate()}. */
  public Delegate delegate() { return (Delegate) values.get(Setting.DELEGATE); }
  /** Shortcut for {@code engine().threads()}: also the head's training threads. */
  public int threads() { return (Integer) values.get(Setting.THREADS); }

  /** The current value of {@code s} as its persisted text. */
  public String value(Setting s) {
    return s.format(values.get(s));
  }

  /**
   * One-line explanation of {@code s} for the current values: the setting's own line, plus what the
   * chosen option does (for example the clipping threshold's meaning in the chosen mode).
   */
  public String explain(Setting s) {
    // Only these two depend on other settings; every other line comes from the descriptor.
    if (s == Setting.CLIPPING_THRESHOLD) {
      return clippingMode() == Clipping.Mode.OFF ? "Unused while clipping is off."
          : "The " + clippingMode().thresholdMeaning() + " for " + clippingMode().name()
              + " clipping.";
    }
    if (s == Setting.PATIENCE) {
      return earlyStopping() || schedule() == Schedule.REDUCE_ON_PLATEAU
          ? s.explanation() : s.explanation() + " (unused with these settings)";
    }
    String choice = s.explainChoice(values.get(s));
    return choice.isEmpty() ? s.explanation() : s.explanation() + " " + choice;
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
    private final EnumMap<Setting, Object> values = new EnumMap<>(Setting.class);

    private Builder() {
      for (Setting s : Setting.values()) {
        values.put(s, s.defaultValue());
      }
    }

    /** Sets the mode and resets the threshold to that mode's default. */
    public Builder optClipping(Clipping.Mode mode) {
      return optClipping(mode, mode == null ? Float.NaN : mode.defaultThreshold());
    }

    public Builder optClipping(Clipping.Mode mode, float threshold) {
      values.put(Setting.CLIPPING_MODE, mode);
      values.put(Setting.CLIPPING_THRESHOLD, threshold);
      return this;
    }

    public Builder optOptimizer(OptimizerChoice o) { return put(Setting.OPTIMIZER, o); }
    public Builder optLearningRate(float lr) { return put(Setting.LEARNING_RATE, lr); }
    public Builder optSchedule(Schedule s) { return put(Setting.SCHEDULE, s); }
    public Builder optBatchSize(int n) { return put(Setting.BATCH_SIZE, n); }
    public Builder optSteps(int n) { return put(Setting.STEPS, n); }
    public Builder optEarlyStopping(boolean on) { return put(Setting.EARLY_STOPPING, on); }
    public Builder optPatience(int epochs) { return put(Setting.PATIENCE, epochs); }
    public Builder optHiddenSize(int units) { return put(Setting.HIDDEN_SIZE, units); }
    public Builder optDelegate(Delegate d) { return put(Setting.DELEGATE, d); }
    public Builder optThreads(int n) { return put(Setting.THREADS, n); }

    /** Sets the camera engine's settings. */
    public Builder optEngine(EngineSettings e) {
      return optDelegate(e.delegate()).optThreads(e.threads());
    }

    /** Sets {@code s} from its persisted text; parse errors name the key and the valid values. */
    public Builder set(Setting s, String text) {
      return put(s, s.parse(text));
    }

    private Builder put(Setting s, Object value) {
      values.put(s, value);
      return this;
    }

    /** Throws IllegalArgumentException naming the first invalid setting and its valid range. */
    public TrainingSettings build() {
      for (Setting s : Setting.values()) {
        s.check(values.get(s));
        if (s == Setting.CLIPPING_THRESHOLD) {
          ((Clipping.Mode) values.get(Setting.CLIPPING_MODE))
              .checkThreshold((Float) values.get(s));
        }
      }
      return new TrainingSettings(this);
    }
  }
}
