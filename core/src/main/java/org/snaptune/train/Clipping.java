package org.snaptune.train;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * The gradient clipping option of a {@link TrainerConfig}: immutable and thread-safe; each training
 * run gets its own {@link GradientClipper} from {@link #newClipper()}. With g the gradient of one
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

  /** The clipping modes. */
  public enum Mode { OFF, VALUE, PER_TENSOR_NORM, GLOBAL_NORM, ADAPTIVE, AUTO_PERCENTILE }

  private static final double GLOBAL_EPS = 1e-6;
  /** Norms AutoClip remembers: the percentile of a recent history, in bounded memory. */
  static final int AUTOCLIP_HISTORY = 1000;

  private final Mode mode;
  private final double a;
  private final double b;

  private Clipping(Mode mode, double a, double b) {
    this.mode = mode;
    this.a = a;
    this.b = b;
  }

  public static Clipping off() {
    return new Clipping(Mode.OFF, Double.NaN, Double.NaN);
  }

  public static Clipping byValue(double maxAbs) {
    return new Clipping(Mode.VALUE, positive("clip value", maxAbs), Double.NaN);
  }

  public static Clipping perTensorNorm(double maxNorm) {
    return new Clipping(Mode.PER_TENSOR_NORM, positive("per-tensor max norm", maxNorm), Double.NaN);
  }

  public static Clipping globalNorm(double maxNorm) {
    return new Clipping(Mode.GLOBAL_NORM, positive("global max norm", maxNorm), Double.NaN);
  }

  /** AGC with clipping factor λ and weight-norm floor ε (the paper uses ε = 1e-3). */
  public static Clipping adaptive(double lambda, double eps) {
    return new Clipping(Mode.ADAPTIVE, positive("AGC lambda", lambda), positive("AGC eps", eps));
  }

  /** AutoClip at percentile {@code p} in (0, 100]. */
  public static Clipping autoPercentile(double p) {
    if (!(p > 0 && p <= 100)) {
      throw new IllegalArgumentException("AutoClip percentile must be in (0, 100], got " + p);
    }
    return new Clipping(Mode.AUTO_PERCENTILE, p, Double.NaN);
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
    switch (mode) {
      case OFF:
        return new Simple();
      case VALUE:
      case PER_TENSOR_NORM:
      case GLOBAL_NORM:
        return new Simple();
      case ADAPTIVE:
        return new AdaptiveClipper(a, b);
      case AUTO_PERCENTILE:
        return new AutoClipper(a);
      default:
        throw new IllegalStateException("unhandled clipping mode " + mode);
    }
  }

  @Override
  public String toString() {
    switch (mode) {
      case OFF: return "off";
      case VALUE: return "value:" + a;
      case PER_TENSOR_NORM: return "norm:" + a;
      case GLOBAL_NORM: return "global:" + a;
      case ADAPTIVE: return "agc:" + a + ":" + b;
      case AUTO_PERCENTILE: return "auto:" + a;
      default: return mode.name();
    }
  }

  /**
   * Coefficient of PyTorch's clip_grad_norm_; exactly 1 unless {@code total > max}, so a norm at
   * the threshold is not reported as clipped for a 1e-6 relative change.
   */
  static double globalCoefficient(double total, double max) {
    return total > max ? Math.min(1.0, max / (total + GLOBAL_EPS)) : 1.0;
  }

  /** OFF, value, per-tensor and global norm: stateless. */
  private final class Simple implements GradientClipper {
    @Override
    public ClipResult clip(Map<String, float[]> g, Map<String, Double> norms,
        Map<String, float[]> w, Map<String, int[]> s) {
      double before = Norms.combine(norms);
      if (Double.isNaN(before) || Double.isInfinite(before)) {
        return new ClipResult(before, before, a, false);
      }
      boolean clipped = false;
      double after = before;
      switch (mode) {
        case OFF:
          return new ClipResult(before, before, Double.NaN, false);
        case VALUE:
          float v = (float) a;
          double sum = 0;
          for (float[] t : g.values()) {
            for (int i = 0; i < t.length; i++) {
              if (t[i] > v) {
                t[i] = v;
                clipped = true;
              } else if (t[i] < -v) {
                t[i] = -v;
                clipped = true;
              }
              sum += (double) t[i] * t[i];
            }
          }
          after = Math.sqrt(sum);
          break;
        case PER_TENSOR_NORM:
          double squares = 0;
          for (Map.Entry<String, float[]> e : g.entrySet()) {
            float[] t = e.getValue();
            double n = norms.get(e.getKey());
            if (n > a) {
              float c = (float) (a / n);
              for (int i = 0; i < t.length; i++) {
                t[i] *= c;
              }
              clipped = true;
              n = a;
            }
            squares += n * n;
          }
          after = Math.sqrt(squares);
          break;
        case GLOBAL_NORM:
          double coef = globalCoefficient(before, a);
          if (coef < 1.0) {
            Norms.scale(g, coef);
            clipped = true;
            after = before * coef;
          }
          break;
        default:
          throw new IllegalStateException("not a stateless mode: " + mode);
      }
      return new ClipResult(before, after, a, clipped);
    }

    @Override
    public boolean needsWeights() { return false; }
  }

  /**
   * AutoClip: keeps the finite global norms of the last {@link #AUTOCLIP_HISTORY} steps, sorted
   * for the percentile and in arrival order for eviction, so memory and cost stay bounded however
   * long the run. {@link #reset()} forgets them (after a rollback they describe other weights).
   */
  private static final class AutoClipper implements GradientClipper {
    private final double percentile;
    private final double[] sorted = new double[AUTOCLIP_HISTORY];
    private final double[] arrival = new double[AUTOCLIP_HISTORY];
    private int size;
    private int next;

    AutoClipper(double percentile) {
      this.percentile = percentile;
    }

    @Override
    public ClipResult clip(Map<String, float[]> g, Map<String, Double> norms,
        Map<String, float[]> w, Map<String, int[]> s) {
      double before = Norms.combine(norms);
      if (Double.isNaN(before) || Double.isInfinite(before)) {
        return new ClipResult(before, before, size == 0 ? Double.NaN : threshold(), false);
      }
      insert(before);
      double threshold = threshold();
      double coef = globalCoefficient(before, threshold);
      if (coef < 1.0) {
        Norms.scale(g, coef);
        return new ClipResult(before, before * coef, threshold, true);
      }
      return new ClipResult(before, before, threshold, false);
    }

    private void insert(double v) {
      if (size == sorted.length) {
        // Evict the oldest norm from the sorted view; the arrival ring then reuses its slot.
        int old = Arrays.binarySearch(sorted, 0, size, arrival[next]);
        System.arraycopy(sorted, old + 1, sorted, old, size - old - 1);
        size--;
      }
      arrival[next] = v;
      next = (next + 1) % arrival.length;
      int pos = Arrays.binarySearch(sorted, 0, size, v);
      if (pos < 0) {
        pos = -pos - 1;
      }
      System.arraycopy(sorted, pos, sorted, pos + 1, size - pos);
      sorted[pos] = v;
      size++;
    }

    @Override
    public void reset() {
      size = 0;
      next = 0;
    }

    private double threshold() {
      double rank = percentile / 100.0 * (size - 1);
      int lo = (int) Math.floor(rank);
      int hi = Math.min(size - 1, lo + 1);
      return sorted[lo] + (sorted[hi] - sorted[lo]) * (rank - lo);
    }

    @Override
    public boolean needsWeights() { return false; }
  }
}
