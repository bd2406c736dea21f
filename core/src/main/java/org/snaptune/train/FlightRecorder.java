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

  /** Double.toString is exact and several times faster than String.format. */
  private static StringBuilder num(StringBuilder b, double v) {
    return Double.isNaN(v) || Double.isInfinite(v) ? b.append("null") : b.append(v);
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
