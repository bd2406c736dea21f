package org.snaptune.classify;

import android.Manifest;
import android.app.Activity;
import android.content.Context;
import android.content.SharedPreferences;
import android.content.pm.PackageManager;

/**
 * Where the camera permission stands. Android reports "don't show a rationale" both before the
 * first request and after a permanent denial; remembering whether we asked tells them apart.
 * Stateless apart from one preference; call on the main thread.
 */
public enum CameraPermission {
  /** Granted: open the camera. */
  GRANTED,
  /** Never asked: explain, then ask. */
  NOT_ASKED,
  /** Denied once: explain why, then ask again. */
  RATIONALE,
  /** Denied for good ("don't ask again" or twice): only the app's settings can grant it. */
  DENIED_PERMANENTLY;

  private static final String PREFS = "camera_permission";
  private static final String ASKED = "asked";

  /** The current state for {@code activity}. */
  public static CameraPermission of(Activity activity) {
    if (activity.checkSelfPermission(Manifest.permission.CAMERA)
        == PackageManager.PERMISSION_GRANTED) {
      return GRANTED;
    }
    if (activity.shouldShowRequestPermissionRationale(Manifest.permission.CAMERA)) {
      return RATIONALE;
    }
    return prefs(activity).getBoolean(ASKED, false) ? DENIED_PERMANENTLY : NOT_ASKED;
  }

  /** Records that the system dialog was shown (call from the permission result). */
  public static void markAsked(Context context) {
    prefs(context).edit().putBoolean(ASKED, true).apply();
  }

  private static SharedPreferences prefs(Context context) {
    return context.getSharedPreferences(PREFS, Context.MODE_PRIVATE);
  }
}
