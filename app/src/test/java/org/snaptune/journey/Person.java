package org.snaptune.journey;

import android.app.AlertDialog;
import android.content.DialogInterface;
import android.view.MotionEvent;
import android.view.View;
import android.view.ViewConfiguration;
import android.view.ViewGroup;
import android.widget.Button;
import android.widget.EditText;
import android.widget.TextView;
import androidx.lifecycle.ViewModelProvider;
import androidx.test.core.app.ActivityScenario;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.robolectric.Shadows;
import org.robolectric.shadows.ShadowAlertDialog;
import org.snaptune.R;
import org.snaptune.classify.CameraActivity;
import org.snaptune.classify.ClassifyState;
import org.snaptune.classify.ClassifyViewModel;
import org.snaptune.samples.SampleClass;
import org.snaptune.samples.SampleRepository;

/**
 * What a person does on the camera screen, through its real views: touches a chip (down, frames
 * keep coming, up), holds one past the long-press timeout, types a class name, reads the top
 * prediction. The camera streams on its own thread all the while; the main thread keeps running
 * posted work (state updates re-render the screen during every press).
 */
final class Person {

  private final ActivityScenario<CameraActivity> scenario;
  private final ExecutorService background;

  Person(ActivityScenario<CameraActivity> scenario, ExecutorService background) {
    this.scenario = scenario;
    this.background = background;
  }

  ClassifyViewModel model() {
    ClassifyViewModel[] m = new ClassifyViewModel[1];
    scenario.onActivity(a -> m[0] = new ViewModelProvider(a).get(ClassifyViewModel.class));
    return m[0];
  }

  ClassifyState state() {
    return model().state().getValue();
  }

  String text(int id) {
    String[] t = new String[1];
    scenario.onActivity(a -> t[0] = Kit.text(a, id));
    return t[0];
  }

  void shot(String name) {
    scenario.onActivity(a -> Kit.screenshot(a, name));
  }

  /** "+ Class", a name, OK. */
  void createClass(String name) throws InterruptedException {
    scenario.onActivity(a -> {
      ViewGroup bar = a.findViewById(R.id.camera_classes);
      bar.getChildAt(bar.getChildCount() - 1).performClick();
    });
    Kit.idle();
    AlertDialog dialog = ShadowAlertDialog.getLatestAlertDialog();
    ((EditText) Shadows.shadowOf(dialog).getView()).setText(name);
    dialog.getButton(DialogInterface.BUTTON_POSITIVE).performClick();
    Kit.drain(background);
  }

  /**
   * A tap: the finger is down for {@code millis} of UI time (shorter than the long-press
   * timeout), and stays down in real time until the streaming camera has delivered at least
   * {@code frames} frames, so frames always arrive during the press however slow the machine.
   *
   * @return the frames delivered while the finger was down
   */
  int tap(int chip, long millis, StreamingCamera camera, int frames)
      throws InterruptedException {
    View v = chip(chip);
    int before = camera.delivered().size();
    touch(v, MotionEvent.ACTION_DOWN);
    long end = System.currentTimeMillis() + 10_000;
    while (camera.delivered().size() < before + frames && System.currentTimeMillis() < end) {
      Kit.idle(); // renders every new state, UI clock still: the press must survive them
      Thread.sleep(5);
    }
    Shadows.shadowOf(android.os.Looper.getMainLooper()).idleFor(
        java.time.Duration.ofMillis(millis));
    int during = camera.delivered().size() - before;
    touch(v, MotionEvent.ACTION_UP);
    // The finger is off: the click runs and the press state clears, as on a phone.
    Shadows.shadowOf(android.os.Looper.getMainLooper()).idleFor(
        java.time.Duration.ofMillis(100));
    return during;
  }

  /**
   * Presses the chip, lets the long-press timeout pass in real time (the burst starts), holds for
   * {@code millis} of real time with frames streaming, releases.
   *
   * @return {start, end} of the hold in {@link System#nanoTime()}
   */
  long[] hold(int chip, long millis) throws InterruptedException {
    View v = chip(chip);
    touch(v, MotionEvent.ACTION_DOWN);
    Shadows.shadowOf(android.os.Looper.getMainLooper()).idleFor(
        java.time.Duration.ofMillis(ViewConfiguration.getLongPressTimeout() + 30));
    long start = System.nanoTime();
    if (!v.isPressed()) {
      throw new AssertionError("the chip lost its press before the long press fired");
    }
    Kit.live(millis); // real time, frames streaming, the UI clock moving along
    long end = System.nanoTime();
    touch(v, MotionEvent.ACTION_UP);
    Shadows.shadowOf(android.os.Looper.getMainLooper()).idleFor(
        java.time.Duration.ofMillis(100));
    return new long[] {start, end};
  }

  private View chip(int index) {
    View[] v = new View[1];
    scenario.onActivity(a -> v[0] = ((ViewGroup) a.findViewById(R.id.camera_classes))
        .getChildAt(index));
    return v[0];
  }

  private static void touch(View v, int action) {
    long now = android.os.SystemClock.uptimeMillis();
    MotionEvent e = MotionEvent.obtain(now, now, action, v.getWidth() / 2f, v.getHeight() / 2f, 0);
    v.dispatchTouchEvent(e);
    e.recycle();
  }

  /** Sample counts per class, from the store. */
  int[] counts() throws InterruptedException {
    Kit.drain(background);
    SampleRepository repo = model().repository();
    List<SampleClass> classes = repo.classes();
    int[] out = new int[classes.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = classes.get(i).sampleCount();
    }
    return out;
  }

  /** The top prediction row's label as the screen shows it. */
  String topLabel() {
    // The rows are a RecyclerView, rebound in the next layout pass: draw one frame, as a phone
    // would before anyone could read them.
    Shadows.shadowOf(android.os.Looper.getMainLooper()).idleFor(
        org.robolectric.shadows.ShadowChoreographer.getFrameDelay());
    String[] label = new String[1];
    scenario.onActivity(a -> {
      ViewGroup rows = a.findViewById(R.id.camera_predictions);
      label[0] = rows.getChildCount() == 0 ? null
          : ((TextView) rows.getChildAt(0).findViewById(R.id.prediction_label)).getText()
              .toString();
    });
    return label[0];
  }

  static String chipText(CameraActivity a, int index) {
    return ((Button) ((ViewGroup) a.findViewById(R.id.camera_classes)).getChildAt(index))
        .getText().toString();
  }
}
