package org.snaptune.train;

import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The gradient clipping option of a {@link TrainerConfig}: immutable and thread-safe; each training
 * run gets its own {@link GradientClipper} from {@link #newClipper()}, one class per mode holding
 * that mode's own parameters. With g the gradient of one
 * variable and G all gradients of a step:
 * <ul>
 *   <li>{@link #off()} — explicit OFF: gradients pass unchanged (norms are still reported).</li>
 *   <li>{@link #byValue(double) byValue(v)} — every element becomes {@code min(max(g_i, -v), v)}.</li>
 *   <li>{@link #perTensorNorm(double) perTensorNorm(c)} — as Keras {@code clipnorm}: each tensor
 *       becomes {@code g · c / max(‖g‖₂, c)}.</li>
 *   <li>{@link #globalNorm(double) globalNorm(c)} — as PyTorch {@code clip_grad_norm_}:
 *       {@code total = ‖G‖₂}, {@code coef = min(1, c / (total + 1e-6))}, every tensor becomes
 *       {@code g · coef} (only when {@code total > c}; otherwise nothing changes).</li>
 *   <li>{@link #adaptive(double, double) adaptive(λ, ε)} — adaptive unit-wise clipping (AGC, Brock et
 *       al. 2021): for every unit u (one output unit of a dense kernel: all weights feeding one
 *       output; a bias vector is one unit; the final layer is exempt when there are hidden
 *       layers), if {@code ‖G_u‖ > λ · max(‖W_u‖, ε)} then
 *       {@code G_u ← G_u · λ · max(‖W_u‖, ε) / ‖G_u‖}.</li>
 *   <li>{@link #autoPercentile(double) autoPercentile(p)} — AutoClip (Seetharaman et al. 2020):
 *       the global norm of every finite step (the last 1,000, this one included) is recorded, and
 *       G is
 *       clipped as in global-norm mode to {@code c = p-th percentile} of that history (linear
 *       interpolation between order statistics, as numpy).</li>
 * </ul>
 */
public final class Clipping {

  /**
   * The clipping modes, the one enum the trainer, the settings and the settings screen share: each
   * with a one-line explanation, what its single user-facing threshold means, that threshold's
   * default and valid range. Constant names are persisted (settings); never rename them.
   */
  public enum Mode {
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

    Mode(String explanation, String thresholdMeaning, float defaultThreshold, float min,
        float max) {
      this.explanation = explanation;
      this.thresholdMeaning = thresholdMeaning;
      this.defaultThreshold = defaultThreshold;
      this.min = min;
      this.max = max;
    }

    /** One line on what this mode does, for the settings screen. */
    public String explanation() { return explanation; }

    /** What the threshold stands for in this mode, for the settings screen. */
    public String thresholdMeaning() { return thresholdMeaning; }

    public float defaultThreshold() { return defaultThreshold; }

    /** Throws IllegalArgumentException unless {@code t} is a valid threshold for this mode. */
    public void checkThreshold(float t) {
      if (this == OFF) {
        return;
      }
      if (!(t >= min && t <= max)) {
        throw new IllegalArgumentException(String.format(Locale.ROOT,
            "clipping threshold for %s (%s) must be in [%g, %g], got %s", name(),
            thresholdMeaning, min, max, t));
      }
    }
  }

  /** Norms AutoClip remembers: the percentile of a recent history, in bounded memory. */
  static final int AUTOCLIP_HISTORY = AutoClipper.HISTORY;

  private final Mode mode;
  /** The {@link #parse} form, e.g. {@code global:1.0}. */
  private final String text;
  private final Supplier<GradientClipper> clippers;

  private Clipping(Mode mode, String text, Supplier<GradientClipper> clippers) {
    this.mode = mode;
    this.text = text;
    this.clippers = clippers;
  }

  public static Clipping off() {
    return new Clipping(Mode.OFF, "off", NoClipper::new);
  }

  public static Clipping byValue(double maxAbs) {
    double v = positive("clip value", maxAbs);
    return new Clipping(Mode.VALUE, "value:" + v, () -> new ValueClipper(v));
  }

  public static Clipping perTensorNorm(double maxNorm) {
    double c = positive("per-tensor max norm", maxNorm);
    return new Clipping(Mode.PER_TENSOR_NORM, "norm:" + c, () -> new PerTensorNormClipper(c));
  }

  public static Clipping globalNorm(double maxNorm) {
    double c = positive("global max norm", maxNorm);
    return new Clipping(Mode.GLOBAL_NORM, "global:" + c, () -> new GlobalNormClipper(c));
  }

  /** AGC with clipping factor λ and weight-norm floor ε (the paper uses ε = 1e-3). */
  public static Clipping adaptive(double lambda, double eps) {
    double l = positive("AGC lambda", lambda);
    double e = positive("AGC eps", eps);
    return new Clipping(Mode.ADAPTIVE, "agc:" + l + ":" + e, () -> new AdaptiveClipper(l, e));
  }

  /** AutoClip at percentile {@code p} in (0, 100]. */
  public static Clipping autoPercentile(double p) {
    if (!(p > 0 && p <= 100)) {
      throw new IllegalArgumentException("AutoClip percentile must be in (0, 100], got " + p);
    }
    return new Clipping(Mode.AUTO_PERCENTILE, "auto:" + p, () -> new AutoClipper(p));
  }

  /**
   * Parses the command-line form {@code off | value:X | norm:X | global:X | agc:λ[:ε] | auto:P}.
   *
   * @throws IllegalArgumentException naming the bad text and the valid forms
   */
  public static Clipping parse(String text) {
    String valid = "valid: off, value:X, norm:X, global:X, agc:LAMBDA[:EPS], auto:P";
    if (text == null) {
      throw new IllegalArgumentException("missing clip option; " + valid);
    }
    String[] parts = text.trim().toLowerCase(Locale.ROOT).split(":");
    try {
      switch (parts[0]) {
        case "off":
          if (parts.length == 1) {
            return off();
          }
          break;
        case "value":
          if (parts.length == 2) {
            return byValue(Double.parseDouble(parts[1]));
          }
          break;
        case "norm":
          if (parts.length == 2) {
            return perTensorNorm(Double.parseDouble(parts[1]));
          }
          break;
        case "global":
          if (parts.length == 2) {
            return globalNorm(Double.parseDouble(parts[1]));
          }
          break;
        case "agc":
          if (parts.length == 2 || parts.length == 3) {
            return adaptive(Double.parseDouble(parts[1]),
                parts.length == 3 ? Double.parseDouble(parts[2]) : 1e-3);
          }
          break;
        case "auto":
          if (parts.length == 2) {
            return autoPercentile(Double.parseDouble(parts[1]));
          }
          break;
        default:
          break;
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad number in clip option '" + text + "'; " + valid, e);
    }
    throw new IllegalArgumentException("unknown clip option '" + text + "'; " + valid);
  }

  private static double positive(String what, double v) {
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(what + " must be finite and > 0, got " + v);
    }
    return v;
  }

  public Mode mode() { return mode; }

  /** What this mode clips for a head with these variables, in words; empty when nothing to say. */
  public String scope(Map<String, int[]> shapes) {
    return mode == Mode.ADAPTIVE ? AdaptiveClipper.scope(shapes) : "";
  }

  /** A fresh clipper for one training run. */
  public GradientClipper newClipper() {
    return clippers.get();
  }

  /** The {@link #parse} form, e.g. {@code global:1.0} or {@code agc:0.01:0.001}. */
  @Override
  public String toString() {
    return text;
  }
}
