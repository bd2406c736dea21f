package org.snaptune.settings;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import org.snaptune.train.Clipping;

/**
 * One user-visible setting and everything about it in one place (its descriptor): persistence
 * key, short title, one-line explanation, value {@link Type}, default, valid range or choices, and
 * whether it belongs to the camera's engine ({@link EngineSettings}) rather than to training.
 * Parsing ({@link #parse}), validation ({@link #check}), persistence ({@link #format}) and the
 * settings screen all read it, so adding a setting means adding one constant. The order of the
 * constants is the order on screen. Immutable and thread-safe.
 */
public enum Setting {
  CLIPPING_MODE("clipping_mode", "Gradient clipping",
      "Limits how big one training step can be, so a bad batch cannot blow up the model.",
      Clipping.Mode.class, Clipping.Mode.AUTO_PERCENTILE, Clipping.Mode::explanation, false),
  /** Its range depends on the clipping mode ({@link Clipping.Mode#checkThreshold}). */
  CLIPPING_THRESHOLD("clipping_threshold", "Clipping threshold",
      "The limit used by the clipping mode (its meaning depends on the mode; see below).",
      TrainingSettings.DEFAULT_AUTOCLIP_PERCENTILE, Float.NaN, Float.NaN),
  OPTIMIZER("optimizer", "Optimizer",
      "How gradients become weight updates: Adam adapts per weight, SGD is simplest.",
      OptimizerChoice.class, OptimizerChoice.ADAM, OptimizerChoice::explanation, false),
  /** Above 0, up to {@link TrainingSettings#MAX_LEARNING_RATE}. */
  LEARNING_RATE("learning_rate", "Learning rate",
      "Size of each update; too high explodes, too low learns slowly.",
      TrainingSettings.DEFAULT_LEARNING_RATE, 0f, TrainingSettings.MAX_LEARNING_RATE),
  SCHEDULE("schedule", "Learning-rate schedule",
      "How the learning rate changes over training.",
      Schedule.class, Schedule.CONSTANT, Schedule::explanation, false),
  BATCH_SIZE("batch_size", "Batch size",
      "Samples per step; larger is smoother but needs more samples per class.",
      TrainingSettings.DEFAULT_BATCH_SIZE, 1, TrainingSettings.MAX_BATCH_SIZE, false),
  STEPS("steps", "Training steps",
      "Updates per training run; the same amount of training for 5 or 500 samples.",
      TrainingSettings.DEFAULT_STEPS, 1, TrainingSettings.MAX_STEPS, false),
  EARLY_STOPPING("early_stopping", "Early stopping",
      "With 25+ samples per class, holds 20 % out and stops when their loss stops improving.",
      true),
  PATIENCE("patience", "Patience",
      "Epochs without improvement before early stopping or a plateau cut of the learning rate.",
      5, 1, TrainingSettings.MAX_PATIENCE, false),
  HIDDEN_SIZE("hidden_size", "Hidden layer",
      "Units in an extra ReLU layer; 0 means a plain linear classifier (best for few samples).",
      0, 0, TrainingSettings.MAX_HIDDEN_SIZE, false),
  DELEGATE("delegate", "Accelerator",
      "Where the camera backbone runs; the small head always trains on the CPU.",
      Delegate.class, Delegate.AUTO, Delegate::explanation, true),
  THREADS("threads", "CPU threads",
      "Threads for CPU inference and training; more is faster until the cores run out.",
      2, 1, TrainingSettings.MAX_THREADS, true);

  /** The kind of value a setting holds, which decides its parser and its editor on screen. */
  public enum Type {
    /** One constant of an enum ({@link #choices()}); a list on screen. */
    CHOICE,
    /** A finite float in (min, max]; a decimal field on screen. */
    DECIMAL,
    /** An int in [min, max]; a number field on screen. */
    WHOLE_NUMBER,
    /** true or false; a switch on screen. */
    SWITCH
  }

  private final String key;
  private final String title;
  private final String explanation;
  private final Type type;
  private final Object defaultValue;
  private final Class<? extends Enum<?>> choiceType;
  private final Function<Object, String> choiceExplanation;
  private final double min;
  private final double max;
  private final boolean engine;

  /** A choice among the constants of {@code type}. */
  <E extends Enum<E>> Setting(String key, String title, String explanation, Class<E> type,
      E defaultValue, Function<E, String> explain, boolean engine) {
    this(key, title, explanation, Type.CHOICE, defaultValue, type,
        v -> explain.apply(type.cast(v)), Double.NaN, Double.NaN, engine);
  }

  /** A decimal in (min, max]; NaN bounds when another setting decides the range. */
  Setting(String key, String title, String explanation, float defaultValue, float min,
      float max) {
    this(key, title, explanation, Type.DECIMAL, defaultValue, null, null, min, max, false);
  }

  /** A whole number in [min, max]. */
  Setting(String key, String title, String explanation, int defaultValue, int min, int max,
      boolean engine) {
    this(key, title, explanation, Type.WHOLE_NUMBER, defaultValue, null, null, min, max, engine);
  }

  /** A switch. */
  Setting(String key, String title, String explanation, boolean defaultValue) {
    this(key, title, explanation, Type.SWITCH, defaultValue, null, null, Double.NaN, Double.NaN,
        false);
  }

  Setting(String key, String title, String explanation, Type type, Object defaultValue,
      Class<? extends Enum<?>> choiceType, Function<Object, String> choiceExplanation,
      double min, double max, boolean engine) {
    this.key = key;
    this.title = title;
    this.explanation = explanation;
    this.type = type;
    this.defaultValue = defaultValue;
    this.choiceType = choiceType;
    this.choiceExplanation = choiceExplanation;
    this.min = min;
    this.max = max;
    this.engine = engine;
  }

  /** Stable key used in persisted maps (SharedPreferences keys, JSON). Never renamed. */
  public String key() { return key; }

  /** Short label for the settings screen. */
  public String title() { return title; }

  /** One-line explanation for the settings screen. */
  public String explanation() { return explanation; }

  public Type type() { return type; }

  /**
   * The default value, typed: an enum constant for {@link Type#CHOICE}, a Float, an Integer or a
   * Boolean.
   */
  public Object defaultValue() { return defaultValue; }

  /** True for the camera engine's settings (accelerator, threads), false for training's. */
  public boolean isEngine() { return engine; }

  /** The valid constant names, in order, for a {@link Type#CHOICE}; empty otherwise. */
  public List<String> choices() {
    if (choiceType == null) {
      return Collections.emptyList();
    }
    List<String> names = new ArrayList<>();
    for (Enum<?> e : choiceType.getEnumConstants()) {
      names.add(e.name());
    }
    return Collections.unmodifiableList(names);
  }

  /** What the chosen constant {@code value} does (one line), or "" for other types. */
  public String explainChoice(Object value) {
    return choiceExplanation == null ? "" : choiceExplanation.apply(value);
  }

  /**
   * Parses persisted or typed text into this setting's typed value (range not checked: see
   * {@link #check}); IllegalArgumentException names the setting, the text and what is valid.
   */
  public Object parse(String text) {
    String v = text == null ? "" : text.trim();
    switch (type) {
      case CHOICE:
        for (Enum<?> e : choiceType.getEnumConstants()) {
          if (e.name().equalsIgnoreCase(v)) {
            return e;
          }
        }
        throw bad(v, "one of " + String.join(" ", choices()));
      case SWITCH:
        if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
          throw bad(v, "true or false");
        }
        return Boolean.parseBoolean(v);
      case WHOLE_NUMBER:
        try {
          return Integer.parseInt(v);
        } catch (NumberFormatException e) {
          throw bad(v, "a whole number");
        }
      case DECIMAL:
        float f;
        try {
          f = Float.parseFloat(v);
        } catch (NumberFormatException e) {
          throw bad(v, "a number such as 0.001");
        }
        if (Float.isNaN(f) || Float.isInfinite(f)) {
          throw bad(v, "a finite number");
        }
        return f;
      default:
        throw new IllegalStateException("unknown setting type " + type);
    }
  }

  /** The persisted text of {@code value} (as {@link #parse} reads it back). */
  public String format(Object value) {
    return value instanceof Enum ? ((Enum<?>) value).name() : String.valueOf(value);
  }

  /**
   * Throws IllegalArgumentException naming this setting and its valid range unless {@code value}
   * has this setting's type and lies in its own range (a range another setting decides, such as
   * the clipping threshold's, is checked by {@link TrainingSettings.Builder#build()}).
   */
  public void check(Object value) {
    if (value == null) {
      throw new IllegalArgumentException(title + " (" + key + ") must not be null");
    }
    switch (type) {
      case CHOICE:
        if (!choiceType.isInstance(value)) {
          throw new IllegalArgumentException(title + " (" + key + ") must be one of "
              + String.join(" ", choices()) + ", got " + value);
        }
        return;
      case SWITCH:
        if (!(value instanceof Boolean)) {
          throw new IllegalArgumentException(title + " (" + key + ") must be true or false");
        }
        return;
      case WHOLE_NUMBER:
        int i = (Integer) value;
        if (i < min || i > max) {
          throw range(value, "[" + (int) min + ", " + (int) max + "]");
        }
        return;
      case DECIMAL:
        float f = (Float) value;
        if (!Double.isNaN(min) && !(f > min && f <= max)) {
          throw range(value, "(" + number(min) + ", " + (float) max + "]");
        }
        return;
      default:
        throw new IllegalStateException("unknown setting type " + type);
    }
  }

  /** The setting with persistence key {@code key}; IllegalArgumentException lists valid keys. */
  public static Setting forKey(String key) {
    for (Setting s : values()) {
      if (s.key.equals(key)) {
        return s;
      }
    }
    StringBuilder valid = new StringBuilder();
    for (Setting s : values()) {
      valid.append(valid.length() == 0 ? "" : ", ").append(s.key);
    }
    throw new IllegalArgumentException("unknown setting \"" + key + "\"; valid: " + valid);
  }

  private static String number(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  private IllegalArgumentException range(Object v, String valid) {
    return new IllegalArgumentException(title + " (" + key + ") must be in " + valid + ", got "
        + v);
  }

  private IllegalArgumentException bad(String v, String valid) {
    return new IllegalArgumentException(title + " (" + key + ") \"" + v
        + "\" is not valid; expected " + valid);
  }
}
