package org.snaptune.status;

import static androidx.test.espresso.Espresso.onView;
import static androidx.test.espresso.assertion.ViewAssertions.matches;
import static androidx.test.espresso.matcher.ViewMatchers.isDisplayed;
import static androidx.test.espresso.matcher.ViewMatchers.withId;
import static androidx.test.espresso.matcher.ViewMatchers.withText;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;

import android.Manifest;
import android.app.Application;
import androidx.test.core.app.ActivityScenario;
import androidx.test.core.app.ApplicationProvider;
import androidx.test.ext.junit.runners.AndroidJUnit4;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.Shadows;
import org.robolectric.annotation.Config;
import org.robolectric.annotation.GraphicsMode;
import org.snaptune.AppServices;
import org.snaptune.R;
import org.snaptune.SnapTuneApplication;
import org.snaptune.models.AssetModelSource;
import org.snaptune.models.ModelSource;
import org.snaptune.runtime.SignatureRunnerFactory;
import org.snaptune.ui.Screens;

/** Launches the real activity (real resources, real ViewModel) under Robolectric + Espresso. */
@RunWith(AndroidJUnit4.class)
@Config(sdk = 34, qualifiers = "w360dp-h640dp-xhdpi")
@GraphicsMode(GraphicsMode.Mode.NATIVE)
public class MainActivityTest {

  @Test
  public void showsAppNameAndReportsMissingBackbone() {
    SnapTuneApplication app = ApplicationProvider.getApplicationContext();
    // The build under test embeds no backbone by default; the real asset source must say so.
    app.setServices(AppServices.builder()
        .setRunnerFactory(failingFactory())
        .setBackbone(new AssetModelSource(app.getAssets(), AppServices.BACKBONE_ASSET))
        .optBackgroundExecutor(Runnable::run)
        .build());
    try (ActivityScenario<MainActivity> scenario = ActivityScenario.launch(MainActivity.class)) {
      onView(withId(R.id.app_title)).check(matches(withText("SnapTune")));
      onView(withId(R.id.runtime_status)).check(matches(withText(containsString("no backbone embedded"))));
      onView(withId(R.id.runtime_status)).check(matches(withText(containsString("assets/backbone.tflite"))));
      onView(withId(R.id.camera_status)).check(matches(withText("Camera permission not granted")));
      scenario.onActivity(a -> {
        Screens.window(a, "main_no_backbone");
        assertEquals(a.getString(R.string.grant_camera_label),
            a.findViewById(R.id.grant_camera).getContentDescription());
        assertEquals(a.getString(R.string.open_training_label),
            a.findViewById(R.id.open_training).getContentDescription());
      });
    }
  }

  @Test
  public void darkMode() {
    Screens.night();
    SnapTuneApplication app = ApplicationProvider.getApplicationContext();
    app.setServices(AppServices.builder()
        .setRunnerFactory(failingFactory())
        .setBackbone(new AssetModelSource(app.getAssets(), AppServices.BACKBONE_ASSET))
        .optBackgroundExecutor(Runnable::run)
        .build());
    try (ActivityScenario<MainActivity> scenario = ActivityScenario.launch(MainActivity.class)) {
      onView(withId(R.id.runtime_status)).check(matches(withText(containsString("no backbone embedded"))));
      scenario.onActivity(a -> Screens.window(a, "main_no_backbone_dark"));
    }
  }

  @Test
  public void showsGrantedCameraPermission() {
    Application app = ApplicationProvider.getApplicationContext();
    Shadows.shadowOf(app).grantPermissions(Manifest.permission.CAMERA);
    try (ActivityScenario<MainActivity> scenario = ActivityScenario.launch(MainActivity.class)) {
      onView(withId(R.id.camera_status)).check(matches(withText("Camera permission granted")));
      onView(withId(R.id.grant_camera)).check(matches(isDisplayed()));
    }
  }

  @Test
  public void reportsRuntimeFailureWithItsMessage() {
    SnapTuneApplication app = ApplicationProvider.getApplicationContext();
    app.setServices(AppServices.builder()
        .setRunnerFactory(failingFactory())
        .setBackbone(new ModelSource() {
          @Override
          public byte[] read() {
            return new byte[] {1, 2, 3};
          }

          @Override
          public String describe() {
            return "three bytes";
          }
        })
        .optBackgroundExecutor(Runnable::run)
        .build());
    try (ActivityScenario<MainActivity> scenario = ActivityScenario.launch(MainActivity.class)) {
      onView(withId(R.id.runtime_status))
          .check(matches(withText(containsString("cannot load three bytes: IllegalArgumentException: not a model"))));
      scenario.onActivity(a -> assertEquals("SnapTune", a.getString(R.string.app_name)));
    }
  }

  private static SignatureRunnerFactory failingFactory() {
    return (model, threads) -> {
      throw new IllegalArgumentException("not a model");
    };
  }
}
