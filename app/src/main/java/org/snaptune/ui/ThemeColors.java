package org.snaptune.ui;

import android.content.Context;
import android.content.res.TypedArray;
import org.snaptune.R;

/**
 * Colours of the current theme (Theme.SnapTune, light or dark as the system says), for views that
 * draw or colour text in code: screens never use colour literals, so both modes read well.
 * Immutable; resolve a new one per Context (an Activity's theme follows its configuration).
 */
public final class ThemeColors {

  private static final int[] ATTRS = {
      com.google.android.material.R.attr.colorOnSurface,
      com.google.android.material.R.attr.colorOnSurfaceVariant,
      com.google.android.material.R.attr.colorSurface,
      com.google.android.material.R.attr.colorSurfaceContainer,
      com.google.android.material.R.attr.colorOutline,
      androidx.appcompat.R.attr.colorPrimary,
      androidx.appcompat.R.attr.colorError,
      R.attr.snaptuneColorSuccess,
      R.attr.snaptuneColorWarning,
  };

  private final int[] colors = new int[ATTRS.length];

  private ThemeColors(Context context) {
    TypedArray a = context.obtainStyledAttributes(ATTRS);
    try {
      for (int i = 0; i < ATTRS.length; i++) {
        if (!a.hasValue(i)) {
          throw new IllegalStateException("the theme of " + context + " does not set colour attribute #"
              + i + "; screens must use Theme.SnapTune");
        }
        colors[i] = a.getColor(i, 0);
      }
    } finally {
      a.recycle();
    }
  }

  public static ThemeColors of(Context context) {
    return new ThemeColors(context);
  }

  /** Text and lines on the background. */
  public int onSurface() {
    return colors[0];
  }

  /** Secondary text: explanations, captions, axis labels. */
  public int onSurfaceVariant() {
    return colors[1];
  }

  /** The background of screens and charts. */
  public int surface() {
    return colors[2];
  }

  /** A slightly raised area: empty picture cells, panels. */
  public int surfaceContainer() {
    return colors[3];
  }

  /** Frames and grid lines. */
  public int outline() {
    return colors[4];
  }

  public int primary() {
    return colors[5];
  }

  /** Failures and invalid input. */
  public int error() {
    return colors[6];
  }

  /** A good outcome (saved, healthy). */
  public int success() {
    return colors[7];
  }

  /** A caution (recovery, hints). */
  public int warning() {
    return colors[8];
  }
}
