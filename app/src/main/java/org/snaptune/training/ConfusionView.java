package org.snaptune.training;

import android.content.Context;
import android.graphics.Canvas;
import android.graphics.Color;
import android.graphics.Paint;
import android.view.View;
import java.util.List;
import java.util.Locale;
import org.snaptune.metrics.Evaluation;
import org.snaptune.ui.ThemeColors;

/**
 * Per-class validation accuracy and the confusion matrix (rows: true class, columns: predicted),
 * drawn with Canvas; each cell is shaded by its share of the row, the diagonal in green and errors
 * in red. UI thread only.
 */
public final class ConfusionView extends View {

  private static final int MAX_CLASSES_DRAWN = 12;

  private final Paint text = new Paint(Paint.ANTI_ALIAS_FLAG);
  private final Paint cell = new Paint();
  private final Paint grid = new Paint();
  private final float density;
  private Evaluation evaluation;
  private final int background;
  private String placeholder = "Per-class accuracy appears after the first epoch.";

  private static final String NO_EVALUATION = "per-class accuracy: no evaluation yet";

  public ConfusionView(Context context) {
    super(context);
    density = context.getResources().getDisplayMetrics().density;
    text.setTextSize(11 * density);
    text.setColor(ThemeColors.of(context).onSurface());
    grid.setStyle(Paint.Style.STROKE);
    grid.setColor(ThemeColors.of(context).outline());
    background = ThemeColors.of(context).surface();
    setContentDescription(NO_EVALUATION);
  }

  /** The line shown while there is no evaluation. */
  public void setPlaceholder(String text) {
    placeholder = text;
    invalidate();
  }

  /** Shows {@code e}; null shows a placeholder until the first epoch ends. */
  public void setEvaluation(Evaluation e) {
    if (e != evaluation) {
      evaluation = e;
      setContentDescription(e == null ? NO_EVALUATION : String.format(Locale.ROOT,
          "validation accuracy %.0f%% over %d samples", e.accuracy() * 100, e.size()));
      requestLayout();
      invalidate();
    }
  }

  private int drawnClasses() {
    return evaluation == null ? 0 : Math.min(MAX_CLASSES_DRAWN, evaluation.classNames().size());
  }

  private float rowHeight() {
    return 22 * density;
  }

  @Override
  protected void onMeasure(int widthSpec, int heightSpec) {
    int rows = evaluation == null ? 1 : drawnClasses() + 2;
    setMeasuredDimension(MeasureSpec.getSize(widthSpec),
        resolveSize((int) (rows * rowHeight() + 8 * density), heightSpec));
  }

  @Override
  protected void onDraw(Canvas canvas) {
    canvas.drawColor(background);
    float rh = rowHeight();
    float baseline = rh * 0.7f;
    if (evaluation == null) {
      canvas.drawText(placeholder, 0, baseline, text);
      return;
    }
    List<String> names = evaluation.classNames();
    int n = drawnClasses();
    double[] perClass = evaluation.perClassAccuracy();
    int[][] cm = evaluation.confusionMatrix();
    float nameW = 96 * density;
    float accW = 48 * density;
    float x0 = nameW + accW;
    float cw = Math.min(40 * density, (getWidth() - x0) / Math.max(1, n));
    text.setFakeBoldText(true);
    canvas.drawText("class", 0, baseline, text);
    canvas.drawText("acc.", nameW, baseline, text);
    for (int c = 0; c < n; c++) {
      canvas.drawText(shorten(names.get(c), 4), x0 + c * cw + 3 * density, baseline, text);
    }
    text.setFakeBoldText(false);
    for (int r = 0; r < n; r++) {
      float y = (r + 1) * rh;
      canvas.drawText(shorten(names.get(r), 14), 0, y + baseline, text);
      canvas.drawText(Double.isNaN(perClass[r]) ? "–"
          : String.format(Locale.ROOT, "%.0f%%", perClass[r] * 100), nameW, y + baseline, text);
      int rowTotal = 0;
      for (int c = 0; c < cm[r].length; c++) {
        rowTotal += cm[r][c];
      }
      for (int c = 0; c < n; c++) {
        float share = rowTotal == 0 ? 0 : cm[r][c] / (float) rowTotal;
        int alpha = (int) (40 + 200 * share);
        cell.setColor(r == c ? Color.argb(share == 0 ? 0 : alpha, 56, 142, 60)
            : Color.argb(share == 0 ? 0 : alpha, 211, 47, 47));
        float cx = x0 + c * cw;
        canvas.drawRect(cx, y, cx + cw, y + rh, cell);
        canvas.drawRect(cx, y, cx + cw, y + rh, grid);
        canvas.drawText(Integer.toString(cm[r][c]), cx + 4 * density, y + baseline, text);
      }
    }
    float y = (n + 1) * rh;
    String footer = String.format(Locale.ROOT, "rows: true class · columns: predicted · %d samples%s",
        evaluation.size(), names.size() > n ? " · first " + n + " classes shown" : "");
    canvas.drawText(footer, 0, y + baseline, text);
  }

  private static String shorten(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
