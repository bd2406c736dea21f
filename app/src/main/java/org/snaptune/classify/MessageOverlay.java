package org.snaptune.classify;

import android.app.Activity;
import android.view.View;
import android.widget.Button;
import android.widget.ProgressBar;
import android.widget.TextView;
import org.snaptune.R;

/**
 * The camera screen's overlay card that says what is missing (camera permission, a camera, a
 * backbone) or under way (loading, downloading), with up to two actions. Wraps the views of
 * {@code activity_camera.xml}; main thread only.
 */
final class MessageOverlay {

  /** Progress value that hides the bar. */
  static final float NO_PROGRESS = -2;
  /** Progress value for an indeterminate bar. */
  static final float INDETERMINATE = -1;

  private final View card;
  private final TextView title;
  private final TextView body;
  private final ProgressBar progress;
  private final Button primary;
  private final Button secondary;

  MessageOverlay(Activity activity) {
    card = activity.findViewById(R.id.camera_message);
    title = activity.findViewById(R.id.camera_message_title);
    body = activity.findViewById(R.id.camera_message_body);
    progress = activity.findViewById(R.id.camera_message_progress);
    primary = activity.findViewById(R.id.camera_message_primary);
    secondary = activity.findViewById(R.id.camera_message_secondary);
  }

  /**
   * Shows a card without actions; {@code share} is {@link #NO_PROGRESS}, {@link #INDETERMINATE}
   * or 0..1.
   */
  void show(String titleText, String bodyText, float share) {
    show(titleText, bodyText, share, null, null, null, null);
  }

  /** Shows the card; a null action text hides that button. */
  void show(String titleText, String bodyText, float share, String primaryText,
      View.OnClickListener onPrimary, String secondaryText, View.OnClickListener onSecondary) {
    card.setVisibility(View.VISIBLE);
    title.setText(titleText);
    body.setText(bodyText);
    progress.setVisibility(share == NO_PROGRESS ? View.GONE : View.VISIBLE);
    progress.setIndeterminate(share == INDETERMINATE);
    if (share >= 0) {
      progress.setProgress(Math.round(share * progress.getMax()));
    }
    progress.setContentDescription(share >= 0 ? title.getContext().getString(
        R.string.camera_progress_description, Math.round(100 * share)) : titleText);
    button(primary, primaryText, onPrimary);
    button(secondary, secondaryText, onSecondary);
  }

  void hide() {
    card.setVisibility(View.GONE);
  }

  private static void button(Button b, String text, View.OnClickListener onClick) {
    b.setVisibility(text == null ? View.GONE : View.VISIBLE);
    b.setText(text);
    b.setContentDescription(text);
    b.setOnClickListener(onClick);
  }
}
