package org.snaptune.classify;

import static androidx.test.espresso.Espresso.onView;
import static androidx.test.espresso.action.ViewActions.click;
import static androidx.test.espresso.matcher.ViewMatchers.withText;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.snaptune.classify.CameraActivityTest.shot;

import android.Manifest;
import android.app.AlertDialog;
import android.content.DialogInterface;
import android.os.Looper;
import android.view.View;
import android.view.ViewGroup;
import android.widget.Button;
import android.widget.EditText;
import androidx.recyclerview.widget.RecyclerView;
import androidx.test.core.app.ActivityScenario;
import androidx.test.core.app.ApplicationProvider;
import androidx.test.ext.junit.runners.AndroidJUnit4;
import java.util.ArrayList;
import java.util.List;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.Shadows;
import org.robolectric.annotation.Config;
import org.robolectric.annotation.GraphicsMode;
import org.robolectric.shadows.ShadowAlertDialog;
import org.robolectric.shadows.ShadowChoreographer;
import org.snaptune.R;
import org.snaptune.SnapTuneApplication;
import org.snaptune.camera.FakeCameraSource;
import org.snaptune.storage.SqliteSampleRepository;

/**
 * Classes and samples through the camera screen, stored in SQLite, surviving a restart (the review
 * screen: samples.SamplesActivityTest).
 */
@RunWith(AndroidJUnit4.class)
@Config(sdk = 34, qualifiers = "w360dp-h640dp-xhdpi")
@GraphicsMode(GraphicsMode.Mode.NATIVE)
public class ClassesAndSamplesTest {

  private final FakeCameraSource.Factory camera = new FakeCameraSource.Factory(true);
  private SnapTuneApplication app;

  @Before
  public void setUp() {
    app = ApplicationProvider.getApplicationContext();
    app.setServices(CameraScreens.services(camera, CameraScreens.backbone()).build());
    Shadows.shadowOf(app).grantPermissions(Manifest.permission.CAMERA);
  }

  @Test
  public void createClassTapForASampleHoldForABurstAndKeepThemAfterRestart() throws Exception {
    long t = 1_000_000_000L;
    try (ActivityScenario<CameraActivity> scenario = ActivityScenario.launch(CameraActivity.class)) {
      CameraScreens.idle();
      createClass("mug");
      createClass("plant");
      createClass("MUG"); // rejected: names are unique ignoring case
      assertEquals(List.of("mug (0)", "plant (0)", "+ Class"), chips(scenario));

      // Tap "mug": the next frame becomes a sample.
      Button[] before = new Button[2];
      scenario.onActivity(a -> {
        before[0] = chip(a, "mug (0)");
        before[1] = chip(a, "plant (0)");
      });
      onView(withText("mug (0)")).perform(click());
      camera.latest().feed(CameraScreens.knownFrame(), 90, t);
      CameraScreens.idle();
      assertEquals(List.of("mug (1)", "plant (0)", "+ Class"), chips(scenario));
      // Frames and a new count update the chips in place: the same views, so a press survives.
      scenario.onActivity(a -> {
        assertSame(before[0], chip(a, "mug (1)"));
        assertSame(before[1], chip(a, "plant (0)"));
      });

      // Hold "plant": one sample per 150 ms of frames until released.
      scenario.onActivity(a -> chip(a, "plant (0)").performLongClick());
      for (int i = 1; i <= 4; i++) {
        camera.latest().feed(CameraScreens.knownFrame(), 90, t + i * 100_000_000L);
      }
      scenario.onActivity(a -> CameraActivityTest.viewModel(a).stopBurst());
      camera.latest().feed(CameraScreens.knownFrame(), 90, t + 900_000_000L);
      CameraScreens.idle();
      // Frames at +100, +200, +300, +400 ms: samples at +100 and +300 (150 ms apart at least).
      assertEquals(List.of("mug (1)", "plant (2)", "+ Class"), chips(scenario));
      scenario.onActivity(a -> shot(a, "camera_9_classes_and_counts"));
    }

    // A new activity and ViewModel, a new database connection: the data is still there.
    try (ActivityScenario<CameraActivity> scenario = ActivityScenario.launch(CameraActivity.class)) {
      CameraScreens.idle();
      assertEquals(List.of("mug (1)", "plant (2)", "+ Class"), chips(scenario));
    }
    SqliteSampleRepository reopened = new SqliteSampleRepository(app,
        SqliteSampleRepository.DEFAULT_NAME, 1280);
    try {
      assertEquals(3, reopened.samples().size());
      assertEquals(1280, reopened.samples().get(0).dimension());
    } finally {
      reopened.close();
    }
  }

  @Test
  public void aReopenedScreenShowsTheClassBarFromItsStart() {
    SqliteSampleRepository repo = new SqliteSampleRepository(app,
        SqliteSampleRepository.DEFAULT_NAME, 1280);
    try {
      for (String name : new String[] {"mug", "plant", "keys", "wallet", "lamp"}) {
        repo.createClass(name);
      }
    } finally {
      repo.close();
    }
    try (ActivityScenario<CameraActivity> scenario = ActivityScenario.launch(CameraActivity.class)) {
      CameraScreens.idle();
      camera.latest().feed(CameraScreens.knownFrame(), 90, 1_000_000L);
      CameraScreens.idle();
      // One frame drawn: the bar has laid out the classes that arrived after "+ Class".
      Shadows.shadowOf(Looper.getMainLooper()).idleFor(ShadowChoreographer.getFrameDelay());
      scenario.onActivity(a -> {
        RecyclerView bar = a.findViewById(R.id.camera_classes);
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < bar.getChildCount(); i++) {
          View chip = bar.getChildAt(i);
          shown.add(((Button) chip).getText() + " at x=" + chip.getLeft());
        }
        assertEquals(shown.toString(), "mug (0)",
            ((Button) bar.getChildAt(0)).getText().toString());
        assertFalse("the bar starts scrolled to its start: " + shown,
            bar.canScrollHorizontally(-1));
        assertTrue("five classes and + Class overflow the bar: " + shown,
            bar.canScrollHorizontally(1));
      });
    }
  }

  private static void createClass(String name) {
    onView(withText("+ Class")).perform(click());
    typeAndConfirm(name);
  }

  private static void typeAndConfirm(String text) {
    CameraScreens.idle();
    AlertDialog dialog = ShadowAlertDialog.getLatestAlertDialog();
    EditText field = (EditText) Shadows.shadowOf(dialog).getView();
    field.setText(text);
    dialog.getButton(DialogInterface.BUTTON_POSITIVE).performClick();
    CameraScreens.idle();
  }

  private static List<String> chips(ActivityScenario<CameraActivity> scenario) {
    CameraScreens.idle();
    List<String> out = new ArrayList<>();
    scenario.onActivity(a -> {
      ViewGroup bar = a.findViewById(R.id.camera_classes);
      for (int i = 0; i < bar.getChildCount(); i++) {
        out.add(((Button) bar.getChildAt(i)).getText().toString());
      }
    });
    return out;
  }

  private static Button chip(CameraActivity a, String text) {
    ViewGroup bar = a.findViewById(R.id.camera_classes);
    for (int i = 0; i < bar.getChildCount(); i++) {
      Button b = (Button) bar.getChildAt(i);
      if (b.getText().toString().equals(text)) {
        return b;
      }
    }
    throw new AssertionError("no chip " + text);
  }
}
