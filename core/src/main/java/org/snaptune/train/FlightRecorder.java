package org.snaptune.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Locale;
import java.util.Map;
import org.snaptune.health.StepReport;

/**
 * The flight recorder: a {@link TrainingListener} that writes one JSON object per step, one per
 * line (JSONL), with {@code step, epoch, loss, grad_norm, grad_norm_clipped, clipped, threshold,
 * lr, lr_scale, update_ratio, verdict, reason, action, recovery, nonfinite, applied} and the
 * per-tensor gradient norms {@code tensor_norms}. A value that was not measured or is not finite
 * (JSON has no NaN) is {@code null}: {@code update_ratio} is null on steps where it was not
 * sampled, {@code threshold} when clipping is off.
 *
 * <p>Owns {@code out} and closes it in {@link #close()} (idempotent). A write error stops training
 * as an {@link UncheckedIOException}. Not thread-safe: the training thread calls it.
 */
public final class FlightRecorder implements TrainingListener, AutoCloseable {

  private final Writer out;
  private final StringBuilder line = new StringBuilder(512);
  private boolean closed;

  /** @param out where lines go; buffered by the caller if it should be */
  public FlightRecorder(Writer out) {
    if (out == null) {
      throw new IllegalArgumentException("flight recorder needs a writer");
    }
    this.out = out;
  }

  @Override
  public void onStep(StepReport r) {
    StringBuilder b = line;
    b.setLength(0);
    b.append("{\"step\":").append(r.step());
    b.append(",\"epoch\":").append(r.epoch());
    num(b.append(",\"loss\":"), r.loss());
    num(b.append(",\"grad_norm\":"), r.normBefore());
    num(b.append(",\"grad_norm_clipped\":"), r.normAfter());
    b.append(",\"clipped\":").append(r.clipped());
    num(b.append(",\"threshold\":"), r.threshold());
    num(b.append(",\"lr\":"), r.learningRate());
    num(b.append(",\"lr_scale\":"), r.lrScale());
    num(b.append(",\"update_ratio\":"), r.updateRatio());
    b.append(",\"verdict\":\"").append(r.verdict().kind().name()).append('"');
    b.append(",\"reason\":\"").append(r.verdict().reason().name()).append('"');
    str(b.append(",\"action\":"), r.verdict().action());
    b.append(",\"recovery\":\"").append(r.recovery().name()).append('"');
    b.append(",\"nonfinite\":").append(r.nanCount() + r.infCount());
    b.append(",\"applied\":").append(r.applied());
    b.append(",\"tensor_norms\":{");
    boolean first = true;
    for (Map.Entry<String, Double> e : r.variableNorms().entrySet()) {
      str(b.append(first ? "" : ","), e.getKey()).append(':');
      num(b, e.getValue());
      first = false;
    }
    b.append("}}\n");
    try {
      out.append(b);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the flight recorder trace", e);
    }
  }

  /** Flushes and closes the writer; later calls do nothing. */
  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      out.close();
    }
  }

  /** 10^k for k in [-POW_OFFSET, POW_OFFSET]. */
  private static final int POW_OFFSET = 300;
  private static final double[] POW = new double[2 * POW_OFFSET + 1];

  static {
    for (int k = -POW_OFFSET; k <= POW_OFFSET; k++) {
      POW[k + POW_OFFSET] = Math.pow(10, k);
    }
  }

  /**
   * Appends {@code v} as a JSON number with 7 significant digits (the float precision the model
   * computes in), or null when not finite. Hand-made: Double.toString costs several times more
   * on Java 8 to 17, and the recorder runs on every step.
   */
  static StringBuilder num(StringBuilder b, double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return b.append("null");
    }
    if (v == 0) {
      return b.append('0');
    }
    if (v < 0) {
      b.append('-');
      v = -v;
    }
    int e = (int) Math.floor(Math.log10(v));
    if (e < 6 - POW_OFFSET || e > POW_OFFSET - 10) {
      return b.append(v); // subnormal or near the double range: rare, take the slow path
    }
    long digits = Math.round(v * POW[6 - e + POW_OFFSET]);
    if (digits >= 10_000_000L) {
      digits = (digits + 5) / 10;
      e++;
    } else if (digits < 1_000_000L) {
      digits = Math.round(v * POW[7 - e + POW_OFFSET]);
      e--;
    }
    char[] d = new char[7];
    for (int i = 6; i >= 0; i--) {
      d[i] = (char) ('0' + digits % 10);
      digits /= 10;
    }
    int n = 7;
    while (n > 1 && d[n - 1] == '0') {
      n--;
    }
    if (e >= 0 && e < 7) {
      for (int i = 0; i <= e; i++) {
        b.append(i < n ? d[i] : '0');
      }
      if (n > e + 1) {
        b.append('.').append(d, e + 1, n - e - 1);
      }
    } else if (e < 0 && e >= -4) {
      b.append("0.");
      for (int i = -1; i > e; i--) {
        b.append('0');
      }
      b.append(d, 0, n);
    } else {
      b.append(d[0]);
      if (n > 1) {
        b.append('.').append(d, 1, n - 1);
      }
      b.append('E').append(e);
    }
    return b;
  }

  private static StringBuilder str(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '"':
          b.append("\\\"");
          break;
        case '\\':
          b.append("\\\\");
          break;
        default:
          if (ch < 0x20) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) ch));
          } else {
            b.append(ch);
          }
      }
    }
    return b.append('"');
  }
}
