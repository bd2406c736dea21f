package org.snaptune.training;

import android.content.Context;
import android.graphics.Canvas;
import android.graphics.Color;
import android.graphics.DashPathEffect;
import android.graphics.Paint;
import android.graphics.Path;
import android.view.View;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.snaptune.chart.Points;
import org.snaptune.ui.ThemeColors;

/**
 * A small line chart drawn with Canvas: a title, one or more series on a shared x axis (training
 * steps), optional log-scale y, min/max labels, a legend, and a red tick at the top for every
 * point whose value is NaN or infinite (a skipped, non-finite training step), where the line
 * breaks. UI thread only, like every View.
 */
public final class ChartView extends View {

  /** One drawn series. Immutable. */
  public static final class Line {
    final String label;
    final Points points;
    final int color;
    final boolean dashed;

    public Line(String label, Points points, int color, boolean dashed) {
      this.label = label;
      this.points = points;
      this.color = color;
      this.dashed = dashed;
    }
  }

  private static final int NON_FINITE_COLOR = Color.rgb(211, 47, 47);

  private final Paint frame = new Paint(Paint.ANTI_ALIAS_FLAG);
  private final Paint text = new Paint(Paint.ANTI_ALIAS_FLAG);
  private final Paint line = new Paint(Paint.ANTI_ALIAS_FLAG);
  private final Paint marker = new Paint(Paint.ANTI_ALIAS_FLAG);
  private final Path path = new Path();
  private final float density;
  private String title = "";
  private String emptyText = "No data yet";
  private List<Line> lines = Collections.emptyList();
  private boolean logScale;
  private float fixedMin = Float.NaN;
  private float fixedMax = Float.NaN;
  private final Paint bandPaint = new Paint();
  private final Paint bandText = new Paint(Paint.ANTI_ALIAS_FLAG);
  private float bandFrom = Float.NaN;
  private float bandTo = Float.NaN;
  private String bandLabel = "";
  private final int background;

  public ChartView(Context context) {
    super(context);
    background = ThemeColors.of(context).surface();
    density = context.getResources().getDisplayMetrics().density;
    bandPaint.setStyle(Paint.Style.FILL);
    bandText.setTextSize(10 * density);
    bandText.setFakeBoldText(true);
    frame.setStyle(Paint.Style.STROKE);
    frame.setColor(ThemeColors.of(context).outline());
    frame.setStrokeWidth(density);
    text.setColor(ThemeColors.of(context).onSurfaceVariant());
    text.setTextSize(11 * density);
    line.setStyle(Paint.Style.STROKE);
    line.setStrokeWidth(1.5f * density);
    marker.setColor(NON_FINITE_COLOR);
    marker.setStrokeWidth(1.5f * density);
    setMinimumHeight((int) (150 * density));
  }

  public void setTitle(String title) {
    this.title = title;
    setContentDescription(title);
    invalidate();
  }

  public void setEmptyText(String emptyText) {
    this.emptyText = emptyText;
    invalidate();
  }

  /** Log-scale y for values spanning decades (gradient norms, update ratios). */
  public void setLogScale(boolean logScale) {
    this.logScale = logScale;
    invalidate();
  }

  /** A fixed y range such as [0, 1] for accuracies and rates; NaN for automatic. */
  public void setYRange(float min, float max) {
    this.fixedMin = min;
    this.fixedMax = max;
    invalidate();
  }

  /**
   * Shades the y range [from, to] with {@code color} (drawn translucent) and labels it, e.g. the
   * clip rates that count as saturated; NaN {@code from} removes it.
   */
  public void setBand(float from, float to, int color, String label) {
    bandFrom = from;
    bandTo = to;
    bandPaint.setColor(color);
    bandPaint.setAlpha(40);
    bandLabel = label == null ? "" : label;
    bandText.setColor(color);
    invalidate();
  }

  public void setLines(List<Line> lines) {
    this.lines = new ArrayList<>(lines);
    invalidate();
  }

  /** Number of points currently shown, over all lines (for tests). */
  public int pointCount() {
    int n = 0;
    for (Line l : lines) {
      n += l.points.size();
    }
    return n;
  }

  @Override
  protected void onMeasure(int widthSpec, int heightSpec) {
    int w = MeasureSpec.getSize(widthSpec);
    setMeasuredDimension(w, resolveSize((int) (150 * density), heightSpec));
  }

  @Override
  protected void onDraw(Canvas canvas) {
    float pad = 6 * density;
    float top = pad + text.getTextSize() + 4 * density;
    float legendH = text.getTextSize() + 6 * density;
    float left = 44 * density;
    float right = getWidth() - pad;
    float bottom = getHeight() - legendH - pad;
    canvas.drawColor(background);
    text.setFakeBoldText(true);
    canvas.drawText(title, pad, pad + text.getTextSize(), text);
    text.setFakeBoldText(false);
    canvas.drawRect(left, top, right, bottom, frame);

    float[] xr = xRange();
    float[] yr = yRange();
    if (xr == null || yr == null) {
      canvas.drawText(emptyText, left + 8 * density, (top + bottom) / 2, text);
      return;
    }
    canvas.drawText(format(yr[1]), pad, top + text.getTextSize(), text);
    canvas.drawText(format(yr[0]), pad, bottom, text);
    float y0 = scale(yr[0]);
    float y1 = scale(yr[1]);
    float xSpan = xr[1] - xr[0] == 0 ? 1 : xr[1] - xr[0];
    float ySpan = y1 - y0 == 0 ? 1 : y1 - y0;
    if (!Float.isNaN(bandFrom)) {
      float bTop = bottom - (Math.min(y1, scale(bandTo)) - y0) / ySpan * (bottom - top);
      float bBottom = bottom - (Math.max(y0, scale(bandFrom)) - y0) / ySpan * (bottom - top);
      canvas.drawRect(left, bTop, right, bBottom, bandPaint);
      canvas.drawText(bandLabel, right - bandText.measureText(bandLabel) - 4 * density,
          bTop + bandText.getTextSize() + 2 * density, bandText);
    }
    float legendX = left;
    for (Line l : lines) {
      line.setColor(l.color);
      line.setPathEffect(l.dashed ? new DashPathEffect(new float[] {6 * density, 4 * density}, 0)
          : null);
      path.reset();
      boolean penDown = false;
      for (int i = 0; i < l.points.size(); i++) {
        float px = left + (l.points.x(i) - xr[0]) / xSpan * (right - left);
        float v = l.points.y(i);
        if (Float.isNaN(v) || Float.isInfinite(v)) {
          canvas.drawLine(px, top, px, top + 8 * density, marker);
          penDown = false;
          continue;
        }
        float sv = Math.max(y0, Math.min(y1, scale(v)));
        float py = bottom - (sv - y0) / ySpan * (bottom - top);
        if (l.points.size() == 1) {
          canvas.drawCircle(px, py, 2.5f * density, line);
        }
        if (penDown) {
          path.lineTo(px, py);
        } else {
          path.moveTo(px, py);
          penDown = true;
        }
      }
      canvas.drawPath(path, line);
      canvas.drawLine(legendX, getHeight() - pad - legendH / 3, legendX + 14 * density,
          getHeight() - pad - legendH / 3, line);
      canvas.drawText(l.label, legendX + 18 * density, getHeight() - pad, text);
      legendX += 18 * density + text.measureText(l.label) + 12 * density;
    }
    line.setPathEffect(null);
  }

  private float[] xRange() {
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    for (Line l : lines) {
      for (int i = 0; i < l.points.size(); i++) {
        min = Math.min(min, l.points.x(i));
        max = Math.max(max, l.points.x(i));
      }
    }
    return min > max ? null : new float[] {min, max};
  }

  private float[] yRange() {
    float min = Float.POSITIVE_INFINITY;
    float max = Float.NEGATIVE_INFINITY;
    for (Line l : lines) {
      for (int i = 0; i < l.points.size(); i++) {
        float v = l.points.y(i);
        if (Float.isNaN(v) || Float.isInfinite(v) || (logScale && v <= 0)) {
          continue;
        }
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    }
    if (!Float.isNaN(fixedMin)) {
      return new float[] {fixedMin, fixedMax};
    }
    if (min > max) {
      return hasAnyPoint() ? new float[] {0, 1} : null;
    }
    if (min == max) {
      return logScale ? new float[] {min / 2, max * 2} : new float[] {min - 0.5f, max + 0.5f};
    }
    // A margin keeps lines that sit at the extremes (a constant threshold) off the frame.
    if (logScale) {
      float margin = (float) Math.pow(max / min, 0.05);
      return new float[] {min / margin, max * margin};
    }
    float margin = (max - min) * 0.05f;
    return new float[] {min - margin, max + margin};
  }

  private boolean hasAnyPoint() {
    for (Line l : lines) {
      if (l.points.size() > 0) {
        return true;
      }
    }
    return false;
  }

  private float scale(float v) {
    return logScale ? (float) Math.log10(Math.max(v, 1e-12f)) : v;
  }

  private static String format(float v) {
    float a = Math.abs(v);
    if (a != 0 && (a < 0.01f || a >= 10000)) {
      return String.format(Locale.ROOT, "%.0e", v);
    }
    return String.format(Locale.ROOT, a < 10 ? "%.2f" : "%.0f", v);
  }
}
