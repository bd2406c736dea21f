package org.snaptune.ui;

import android.content.Context;
import android.graphics.Typeface;
import android.view.View;
import android.widget.Button;
import android.widget.LinearLayout;
import android.widget.TextView;
import com.google.android.material.button.MaterialButton;

/**
 * Small helpers that build the training and settings screens in code (their content is dynamic:
 * charts and one row per setting). Views take their colours from the Activity's theme
 * (Theme.SnapTune, Material 3, light or dark). UI thread only.
 */
public final class Views {

  private final Context context;
  private final float density;

  public Views(Context context) {
    this.context = context;
    this.density = context.getResources().getDisplayMetrics().density;
  }

  public int dp(int dp) {
    return Math.round(dp * density);
  }

  /** A vertical column with the screen's padding. */
  public LinearLayout column() {
    LinearLayout col = new LinearLayout(context);
    col.setOrientation(LinearLayout.VERTICAL);
    col.setPadding(dp(12), dp(12), dp(12), dp(12));
    return col;
  }

  public TextView text(String s, int sp, boolean bold) {
    TextView t = new TextView(context);
    t.setText(s);
    t.setTextSize(sp);
    t.setTypeface(bold ? Typeface.DEFAULT_BOLD : Typeface.DEFAULT);
    t.setPadding(0, dp(2), 0, dp(2));
    return t;
  }

  /** A Material 3 button; its label is what accessibility services read. */
  public Button button(int id, int label, View.OnClickListener onClick) {
    Button b = new MaterialButton(context);
    b.setId(id);
    b.setText(label);
    b.setAllCaps(false);
    b.setOnClickListener(onClick);
    return b;
  }

  /** A Material 3 button whose spoken description says more than its short label. */
  public Button button(int id, int label, int description, View.OnClickListener onClick) {
    Button b = button(id, label, onClick);
    b.setContentDescription(context.getString(description));
    return b;
  }

  /** Views side by side with equal widths. */
  public LinearLayout row(View... views) {
    LinearLayout row = new LinearLayout(context);
    row.setOrientation(LinearLayout.HORIZONTAL);
    for (View v : views) {
      LinearLayout.LayoutParams lp = new LinearLayout.LayoutParams(0,
          LinearLayout.LayoutParams.WRAP_CONTENT, 1f);
      lp.setMargins(dp(2), 0, dp(2), 0);
      row.addView(v, lp);
    }
    return row;
  }
}
