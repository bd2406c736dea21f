package org.snaptune.samples;

import android.content.Context;
import androidx.appcompat.widget.AppCompatImageView;

/** An image as tall as the grid column is wide. UI thread only. */
final class SquareImageView extends AppCompatImageView {

  SquareImageView(Context context) {
    super(context);
  }

  @Override
  protected void onMeasure(int widthMeasureSpec, int heightMeasureSpec) {
    super.onMeasure(widthMeasureSpec, widthMeasureSpec);
  }
}
