package org.snaptune.training;

import android.content.Context;
import android.graphics.Bitmap;
import android.graphics.Color;
import android.view.View;
import android.widget.HorizontalScrollView;
import android.widget.ImageView;
import android.widget.LinearLayout;
import android.widget.TextView;
import java.util.List;
import java.util.Locale;
import org.snaptune.R;
import org.snaptune.personalise.TrustState;
import org.snaptune.prototype.Selection;
import org.snaptune.prototype.TrustReport;
import org.snaptune.samples.Thumbnails;
import org.snaptune.ui.Views;

/**
 * The training screen's "how far to trust it" section: which classifier is in use with its
 * held-out accuracy and calibration error, the hints ("add 3 more photos of keys: it is confused
 * with wallet"), the confusion of the held-out samples and the misclassified photos with their
 * thumbnails. Hidden until a
 * run has finished. UI thread only.
 */
final class TrustReportSection extends LinearLayout {

  private static final int MISTAKES_LISTED = 5;
  private final TextView summary;
  private final TextView hints;
  private final TextView mistakes;
  private final ConfusionView confusion;
  private final LinearLayout thumbnails;

  TrustReportSection(Context context) {
    super(context);
    setOrientation(VERTICAL);
    setId(R.id.trust_section);
    Views v = new Views(context);
    addView(v.text("How far to trust it", 15, true));
    summary = v.text("", 13, false);
    summary.setId(R.id.trust_summary);
    addView(summary);
    hints = v.text("", 13, true);
    hints.setId(R.id.trust_hints);
    hints.setTextColor(Color.rgb(239, 108, 0));
    addView(hints);
    confusion = new ConfusionView(context);
    confusion.setId(R.id.trust_confusion);
    addView(confusion);
    mistakes = v.text("", 13, false);
    mistakes.setId(R.id.trust_mistakes);
    mistakes.setTextColor(Color.rgb(117, 117, 117));
    addView(mistakes);
    thumbnails = new LinearLayout(context);
    thumbnails.setId(R.id.trust_thumbnails);
    thumbnails.setOrientation(HORIZONTAL);
    HorizontalScrollView scroll = new HorizontalScrollView(context);
    scroll.addView(thumbnails);
    addView(scroll);
    setVisibility(GONE);
  }

  /** Shows {@code state}; null hides the section (no run finished yet). */
  void show(TrustState state) {
    setVisibility(state == null ? GONE : VISIBLE);
    if (state == null) {
      return;
    }
    TrustReport report = state.report;
    String said = report.summary();
    summary.setText((said.endsWith(".") ? said : said + ".") + " In use: " + (report.classifier()
        == Selection.Kind.HEAD ? "the trained head." : "the prototypes (class averages)."));
    List<String> h = report.hints();
    StringBuilder sb = new StringBuilder();
    for (String line : h) {
      sb.append(sb.length() == 0 ? "" : "\n").append("• ").append(capitalise(line));
    }
    hints.setText(sb);
    hints.setVisibility(h.isEmpty() ? GONE : VISIBLE);
    confusion.setEvaluation(report.measured() ? report.heldOut().evaluation() : null);
    confusion.setVisibility(report.measured() ? VISIBLE : GONE);
    StringBuilder m = new StringBuilder();
    List<TrustReport.Mistake> list = report.mistakes();
    for (int i = 0; i < Math.min(MISTAKES_LISTED, list.size()); i++) {
      TrustReport.Mistake x = list.get(i);
      m.append(m.length() == 0 ? "Misclassified held-out photos: " : "; ").append(String.format(
          Locale.ROOT, "a %s taken for %s (%.0f%%)", report.classNames().get(x.truth()),
          report.classNames().get(x.predicted()), 100 * x.confidence()));
    }
    if (list.size() > MISTAKES_LISTED) {
      m.append(String.format(Locale.ROOT, "; and %d more", list.size() - MISTAKES_LISTED));
    }
    mistakes.setText(m);
    mistakes.setVisibility(list.isEmpty() ? View.GONE : View.VISIBLE);
    showThumbnails(report, state.thumbnails);
  }

  /** The misclassified photos themselves, each captioned "true → predicted". */
  private void showThumbnails(TrustReport report, List<byte[]> thumbs) {
    thumbnails.removeAllViews();
    Views v = new Views(getContext());
    int shown = 0;
    for (int i = 0; i < thumbs.size(); i++) {
      Bitmap b = thumbs.get(i) == null ? null : Thumbnails.decode(thumbs.get(i));
      if (b == null) {
        continue;
      }
      TrustReport.Mistake x = report.mistakes().get(i);
      LinearLayout cell = new LinearLayout(getContext());
      cell.setOrientation(VERTICAL);
      ImageView image = new ImageView(getContext());
      image.setImageBitmap(b);
      image.setScaleType(ImageView.ScaleType.CENTER_CROP);
      String caption = report.classNames().get(x.truth()) + " → "
          + report.classNames().get(x.predicted());
      image.setContentDescription("misclassified: " + caption);
      cell.addView(image, new LayoutParams(v.dp(64), v.dp(64)));
      TextView label = v.text(report.classNames().get(x.truth()) + "\n→ "
          + report.classNames().get(x.predicted()), 11, false);
      label.setSingleLine(false);
      label.setMaxLines(2);
      cell.addView(label, new LayoutParams(v.dp(72), LayoutParams.WRAP_CONTENT));
      LayoutParams lp = new LayoutParams(LayoutParams.WRAP_CONTENT, LayoutParams.WRAP_CONTENT);
      lp.rightMargin = v.dp(8);
      thumbnails.addView(cell, lp);
      shown++;
    }
    thumbnails.setVisibility(shown == 0 ? GONE : VISIBLE);
  }

  private static String capitalise(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
