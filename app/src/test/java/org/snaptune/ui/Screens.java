package org.snaptune.ui;

import android.app.Activity;
import android.graphics.Bitmap;
import android.graphics.Canvas;
import android.os.Looper;
import android.view.View;
import android.view.ViewGroup;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import org.robolectric.RuntimeEnvironment;
import org.robolectric.Shadows;

/**
 * Screenshots for screen tests in any package: the whole window, or the whole scrolling content,
 * on the theme's own background (so a dark-mode shot is dark), into target/screenshots/NAME.png.
 */
public final class Screens {

  private Screens() {}

  /** Switches the running test to the system's dark mode (Theme.SnapTune follows it). */
  public static void night() {
    RuntimeEnvironment.setQualifiers("+night");
  }

  public static void idle() {
    Shadows.shadowOf(Looper.getMainLooper()).idle();
  }

  /** The window as the phone shows it (action bar included). */
  public static File window(Activity activity, String name) {
    idle();
    View root = activity.getWindow().getDecorView();
    Bitmap bitmap = Bitmap.createBitmap(root.getWidth(), root.getHeight(), Bitmap.Config.ARGB_8888);
    root.draw(new Canvas(bitmap));
    return write(bitmap, name);
  }

  /** The content laid out at full height (a scrolling screen, top to bottom). */
  public static File content(Activity activity, String name) {
    idle();
    View root = activity.getWindow().getDecorView();
    View content = ((ViewGroup) activity.findViewById(android.R.id.content)).getChildAt(0);
    View full = content instanceof ViewGroup && ((ViewGroup) content).getChildCount() > 0
        ? ((ViewGroup) content).getChildAt(0) : content;
    int w = root.getWidth();
    full.measure(View.MeasureSpec.makeMeasureSpec(w, View.MeasureSpec.EXACTLY),
        View.MeasureSpec.makeMeasureSpec(0, View.MeasureSpec.UNSPECIFIED));
    int h = Math.max(root.getHeight(), full.getMeasuredHeight());
    full.layout(0, 0, w, full.getMeasuredHeight());
    Bitmap bitmap = Bitmap.createBitmap(w, h, Bitmap.Config.ARGB_8888);
    bitmap.eraseColor(ThemeColors.of(activity).surface());
    full.draw(new Canvas(bitmap));
    root.requestLayout();
    File out = write(bitmap, name);
    idle();
    return out;
  }

  private static File write(Bitmap bitmap, String name) {
    // NAME may hold a folder ("journey/01_first_launch").
    File out = new File("target/screenshots", name + ".png");
    File dir = out.getParentFile();
    if (!dir.isDirectory() && !dir.mkdirs()) {
      throw new AssertionError("cannot create " + dir.getAbsolutePath());
    }
    try (FileOutputStream stream = new FileOutputStream(out)) {
      bitmap.compress(Bitmap.CompressFormat.PNG, 100, stream);
    } catch (IOException e) {
      throw new AssertionError("screenshot " + name + " failed", e);
    }
    return out;
  }
}
