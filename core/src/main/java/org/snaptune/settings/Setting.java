package org.snaptune.settings;

/**
 * One user-visible training setting: its persistence key, a short title and a one-line explanation
 * for the settings screen. The order of the constants is the order on screen.
 */
public enum Setting {
  CLIPPING_MODE("clipping_mode", "Gradient clipping",
      "Limits how big one training step can be, so a bad batch cannot blow up the model."),
  CLIPPING_THRESHOLD("clipping_threshold", "Clipping threshold",
      "The limit used by the clipping mode (its meaning depends on the mode; see below)."),
  OPTIMIZER("optimizer", "Optimizer",
      "How gradients become weight updates: Adam adapts per weight, SGD is simplest."),
  LEARNING_RATE("learning_rate", "Learning rate",
      "Size of each update; too high explodes, too low learns slowly."),
  SCHEDULE("schedule", "Learning-rate schedule",
      "How the learning rate changes over training."),
  BATCH_SIZE("batch_size", "Batch size",
      "Samples per step; larger is smoother but needs more samples per class."),
  STEPS("steps", "Training steps",
      "Updates per training run; the same amount of training for 5 or 500 samples."),
  EARLY_STOPPING("early_stopping", "Early stopping",
      "With 25+ samples per class, holds 20 % out and stops when their loss stops improving."),
  PATIENCE("patience", "Patience",
      "Epochs without improvement before early stopping or a plateau cut of the learning rate."),
  HIDDEN_SIZE("hidden_size", "Hidden layer",
      "Units in an extra ReLU layer; 0 means a plain linear classifier (best for few samples)."),
  DELEGATE("delegate", "Accelerator",
      "Where the camera backbone runs; the small head always trains on the CPU."),
  THREADS("threads", "CPU threads",
      "Threads for CPU inference and training; more is faster until the cores run out.");

  private final String key;
  private final String title;
  private final String explanation;

  Setting(String key, String title, String explanation) {
    this.key = key;
    this.title = title;
    this.explanation = explanation;
  }

  /** Stable key used in persisted maps (SharedPreferences keys, JSON). Never renamed. */
  public String key() { return key; }

  /** Short label for the settings screen. */
  public String title() { return title; }

  /** One-line explanation for the settings screen. */
  public String explanation() { return explanation; }

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
}
