package org.snaptune.training;

import android.content.Context;
import android.graphics.Color;
import android.view.View;
import android.widget.LinearLayout;
import android.widget.TextView;
import java.util.List;
import java.util.Locale;
import org.snaptune.R;
import org.snaptune.prototype.Selection;
import org.snaptune.prototype.TrustReport;

/**
 * The training screen's "how far to trust it" section: which classifier is in use with its
 * held-out accuracy and calibration error, the hints ("add 3 more photos of keys: it is confused
 * with wallet"), the confusion of the held-out samples and the misclassified ones. Hidden until a
 * run has finished. UI thread only.
 */
final class TrustReportSection extends LinearLayout {

  private static final int MISTAKES_LISTED = 5;
  private final TextView summary;
  private final TextView hints;
  private final TextView mistakes;
  private final ConfusionView confusion;

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
    setVisibility(GONE);
  }

  /** Shows {@code report}; null hides the section (no run finished yet). */
  void show(TrustReport report) {
    setVisibility(report == null ? GONE : VISIBLE);
    if (report == null) {
      return;
    }
    summary.setText(report.summary() + ". In use: " + (report.classifier()
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
  }

  private static String capitalise(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
