package org.snaptune.settings;

import java.util.Locale;

/**
 * Gradient clipping choices offered to the user, each with what its threshold means, a default
 * threshold and the valid range.
 */
public enum ClippingMode {
  OFF("No clipping: every gradient is applied as computed.", "unused", 1f, 0f, Float.MAX_VALUE),
  VALUE("Clamps each gradient component to [-t, t].", "largest component t", 0.5f, 1e-6f, 1e6f),
  PER_TENSOR_NORM("Scales each weight tensor's gradient down to norm t (Keras clipnorm).",
      "largest norm per tensor t", 1f, 1e-6f, 1e6f),
  GLOBAL_NORM("Scales all gradients together down to total norm t (PyTorch clip_grad_norm_).",
      "largest total norm t", 1f, 1e-6f, 1e6f),
  ADAPTIVE("Clips each output unit relative to its weight norm (AGC, unit-wise).",
      "ratio λ of gradient to weight norm", 0.01f, 1e-4f, 1f),
  AUTO_PERCENTILE("Clips at a percentile of the gradient norms seen so far (AutoClip).",
      "percentile p of past norms", 10f, 1f, 100f);

  private final String explanation;
  private final String thresholdMeaning;
  private final float defaultThreshold;
  private final float min;
  private final float max;

  ClippingMode(String explanation, String thresholdMeaning, float defaultThreshold, float min,
      float max) {
    this.explanation = explanation;
    this.thresholdMeaning = thresholdMeaning;
    this.defaultThreshold = defaultThreshold;
    this.min = min;
    this.max = max;
  }

  public String explanation() { return explanation; }

  /** What the threshold stands for in this mode, for the settings screen. */
  public String thresholdMeaning() { return thresholdMeaning; }

  public float defaultThreshold() { return defaultThreshold; }

  /** Throws IllegalArgumentException unless {@code t} is valid for this mode. */
  void checkThreshold(float t) {
    if (this == OFF) {
      return;
    }
    if (!(t >= min && t <= max)) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "clipping threshold for %s (%s) must be in [%g, %g], got %s", name(), thresholdMeaning,
          min, max, t));
    }
  }
}
