package org.snaptune.classify;

import static androidx.test.espresso.Espresso.onView;
import static androidx.test.espresso.action.ViewActions.click;
import static androidx.test.espresso.action.ViewActions.replaceText;
import static androidx.test.espresso.action.ViewActions.scrollTo;
import static androidx.test.espresso.assertion.ViewAssertions.matches;
import static androidx.test.espresso.matcher.ViewMatchers.isDisplayed;
import static androidx.test.espresso.matcher.ViewMatchers.withId;
import static androidx.test.espresso.matcher.ViewMatchers.withTagValue;
import static androidx.test.espresso.matcher.ViewMatchers.withText;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import android.Manifest;
import android.app.Application;
import android.content.Intent;
import android.content.pm.PackageManager;
import android.provider.Settings;
import android.view.ViewGroup;
import android.widget.Spinner;
import android.widget.TextView;
import androidx.lifecycle.Lifecycle;
import androidx.test.core.app.ActivityScenario;
import androidx.test.core.app.ApplicationProvider;
import androidx.test.ext.junit.runners.AndroidJUnit4;
import java.io.ByteArrayInputStream;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.Shadows;
import org.robolectric.annotation.Config;
import org.robolectric.annotation.GraphicsMode;
import org.snaptune.AppServices;
import org.snaptune.R;
import org.snaptune.SnapTuneApplication;
import org.snaptune.camera.FakeCameraSource;
import org.snaptune.settings.Delegate;
import org.snaptune.settings.SettingsActivity;
import org.snaptune.storage.SettingsStore;

/** Every state of the camera screen, with the real backbone on the host runtime. */
@RunWith(AndroidJUnit4.class)
@Config(sdk = 34, qualifiers = "w360dp-h640dp-xhdpi")
@GraphicsMode(GraphicsMode.Mode.NATIVE)
public class CameraActivityTest {

  private final FakeCameraSource.Factory camera = new FakeCameraSource.Factory(true);

  private SnapTuneApplication install(AppServices services) {
    SnapTuneApplication app = ApplicationProvider.getApplicationContext();
    app.setServices(services);
    return app;
  }

  private static void grantCamera(Application app) {
    Shadows.shadowOf(app).grantPermissions(Manifest.permission.CAMERA);
  }

  @Test
  public void withoutPermissionItExplainsAndAsksThenOpensTheCamera() throws Exception {
    SnapTuneApplication app = install(CameraScreens.services(camera, CameraScreens.backbone())
        .build());
    try (ActivityScenario<CameraActivity> scenario = ActivityScenario.launch(CameraActivity.class)) {
      CameraScreens.idle();
      onView(withId(R.id.camera_message_title)).check(matches(withText("Camera access")));
      onView(withId(R.id.camera_message_primary)).check(matches(withText("Allow camera")));
      scenario.onActivity(a -> assertEquals("no camera before the permission", 0,
          camera.created()));
      scenario.onActivity(a -> CameraScreens.screenshot(a, "camera_1_permission_rationale"));

      onView(withId(R.id.camera_message_primary)).perform(click());
      scenario.onActivity(a -> {
        org.robolectric.shadows.ShadowActivity.PermissionsRequest request =
            Shadows.shadowOf(a).getLastRequestedPermission();
        assertNotNull("the system permission dialog was requested", request);
        assertEquals(Manifest.permission.CAMERA, request.requestedPermissions[0]);
        grantCamera(app);
        a.onRequestPermissionsResult(request.requestCode, request.requestedPermissions,
            new int[] {PackageManager.PERMISSION_GRANTED});
      });
      CameraScreens.idle();
      assertTrue("the camera opens once granted", camera.latest().isOpen());
    }
  }

  @Test
  public void permanentlyDeniedLinksToTheAppSettings() throws Exception {
    SnapTuneApplication app = install(CameraScreens.services(camera, CameraScreens.backbone())
        .build());
    Shadows.shadowOf(app).denyPermissions(Manifest.permission.CAMERA);
    CameraPermission.markAsked(app); // asked before, and Android shows no rationale any more
    try (ActivityScenario<CameraActivity> scenario = ActivityScenario.launch(CameraActivity.class)) {
      CameraScreens.idle();
      onView(withId(R.id.camera_message_title)).check(matches(withText("Camera access is off")));
      scenario.onActivity(a -> shot(a, "camera_2_permission_denied"));
      onView(withId(R.id.camera_message_primary)).check(matches(withText("Open app settings")))
          .perform(click());
      Intent started = Shadows.shadowOf(app).getNextStartedActivity();
      assertEquals(Settings.ACTION_APPLICATION_DETAILS_SETTINGS, started.getAction());
      assertEquals("package:org.snaptune", started.getData().toString());
      assertEquals(0, camera.created());
    }
  }

  @Test
  public void grantedWithKnownFramesShowsTopThreeEngineAndLatency() throws Exception {
    SnapTuneApplication app = install(CameraScreens.services(camera, CameraScreens.backbone())
        .build());
    grantCamera(app);
    try (ActivityScenario<CameraActivity> scenario = ActivityScenario.launch(CameraActivity.class)) {
      CameraScreens.idle();
      FakeCameraSource source = camera.latest();
      assertTrue("opened in onResume", source.isOpen());
      assertTrue(source.feed(CameraScreens.knownFrame(), 90, 1_000_000L));
      CameraScreens.idle();
      onView(withId(R.id.camera_message)).check(matches(not(isDisplayed())));
      onView(withId(R.id.camera_mode)).check(matches(withText("ImageNet top 3 · not personalised yet")));
      onView(withId(R.id.camera_engine)).check(matches(withText(containsString("host CPU"))));
      onView(withId(R.id.camera_engine)).check(matches(withText(containsString("ms/frame"))));
      scenario.onActivity(a -> {
        ViewGroup rows = a.findViewById(R.id.camera_predictions);
        assertEquals(3, rows.getChildCount());
        String label = ((TextView) rows.getChildAt(0).findViewById(R.id.prediction_label))
            .getText().toString();
        assertFalse("a real ImageNet label, not a number", label.startsWith("class "));
        shot(a, "camera_3_live_imagenet");
      });
      scenario.moveToState(androidx.lifecycle.Lifecycle.State.STARTED);
      assertTrue("closed in onPause", source.wasClosed());
      assertFalse(source.feed(CameraScreens.knownFrame(), 90, 2_000_000L));
    }
  }

  @Test
  public void noCameraIsAnExplicitUnsupportedState() throws Exception {
    FakeCameraSource.Factory none = new FakeCameraSource.Factory(false);
    SnapTuneApplication app = install(CameraScreens.services(none, CameraScreens.backbone())
        .build());
    grantCamera(app);
    try (ActivityScenario<CameraActivity> scenario = ActivityScenario.launch(CameraActivity.class)) {
      CameraScreens.idle();
      onView(withId(R.id.camera_message_title)).check(matches(withText("No camera")));
      onView(withId(R.id.camera_message_primary)).check(matches(not(isDisplayed())));
      scenario.onActivity(a -> shot(a, "camera_4_no_camera"));
      assertEquals(0, none.created());
    }
  }

  @Test
  public void missingBackboneOffersDownloadAndImportAndRejectsABadFile() throws Exception {
    // Read before launching: where the shared models are absent the test is skipped, not failed.
    byte[] realBackbone = readShared("mobilenet_v2_1.0_224_quant.tflite");
    SnapTuneApplication app = install(CameraScreens.services(camera, CameraScreens.NONE).build());
    grantCamera(app);
    try (ActivityScenario<CameraActivity> scenario = ActivityScenario.launch(CameraActivity.class)) {
      CameraScreens.idle();
      onView(withId(R.id.camera_message_title)).check(matches(withText("Backbone needed")));
      onView(withId(R.id.camera_message_primary)).check(matches(withText("Download (3.4 MB)")));
      onView(withId(R.id.camera_message_secondary)).check(matches(withText("Import .tflite")));
      scenario.onActivity(a -> shot(a, "camera_5_backbone_missing"));

      // What the document picker would hand over: bytes that are not a model.
      scenario.onActivity(a -> viewModel(a).importModel(
          () -> new ByteArrayInputStream("not a model at all".getBytes())));
      CameraScreens.idle();
      onView(withId(R.id.camera_message_title)).check(matches(withText("Backbone not ready")));
      onView(withId(R.id.camera_message_body))
          .check(matches(withText(containsString("cannot be used as a backbone"))));
      onView(withId(R.id.camera_message_secondary)).check(matches(withText("Import .tflite")));
      scenario.onActivity(a -> shot(a, "camera_6_import_rejected"));

      // A real backbone imported the same way works, and stays for the next start.
      scenario.onActivity(a -> viewModel(a).importModel(() -> new ByteArrayInputStream(
          realBackbone)));
      CameraScreens.idle();
      onView(withId(R.id.camera_message)).check(matches(not(isDisplayed())));
      assertTrue(new java.io.File(app.getFilesDir(), "models/backbone.tflite").isFile());
    }
  }

  @Test
  public void gpuRequestFallsBackToCpuAndSaysWhy() throws Exception {
    SnapTuneApplication app = install(CameraScreens.services(camera, CameraScreens.backbone())
        .build());
    grantCamera(app);
    try (ActivityScenario<CameraActivity> scenario = ActivityScenario.launch(CameraActivity.class)) {
      CameraScreens.idle();
      onView(withId(R.id.camera_delegate)).check(matches(withText("Engine: auto"))).perform(click());
      CameraScreens.idle();
      onView(withId(R.id.camera_delegate)).check(matches(withText("Engine: GPU")));
      camera.latest().feed(CameraScreens.knownFrame(), 90, 1_000_000L);
      CameraScreens.idle();
      onView(withId(R.id.camera_engine))
          .check(matches(withText(containsString("GPU not used: the host runtime has no GPU"))));
      scenario.onActivity(a -> {
        assertEquals(Delegate.GPU, viewModel(a).state().getValue().delegate());
        shot(a, "camera_7_gpu_fallback");
      });
    }
    // The toggle writes the one saved choice, the one the Settings screen shows.
    assertEquals(Delegate.GPU, new SettingsStore(app).load().delegate());
  }

  @Test
  public void theAcceleratorChosenInSettingsIsWhatTheCameraUses() throws Exception {
    SnapTuneApplication app = install(CameraScreens.services(camera, CameraScreens.backbone())
        .build());
    grantCamera(app);
    // Chosen on the Settings screen, as a user would: GPU with 3 threads.
    try (ActivityScenario<SettingsActivity> s = ActivityScenario.launch(SettingsActivity.class)) {
      s.onActivity(a -> {
        Spinner delegate = a.getWindow().getDecorView().findViewWithTag("delegate");
        delegate.setSelection(Delegate.GPU.ordinal());
      });
      onView(withTagValue(is((Object) "threads"))).perform(scrollTo(), replaceText("3"));
      onView(withId(R.id.settings_save)).perform(scrollTo(), click());
      onView(withId(R.id.settings_error)).check(matches(withText("Settings saved.")));
    }
    try (ActivityScenario<CameraActivity> scenario = ActivityScenario.launch(CameraActivity.class)) {
      CameraScreens.idle();
      onView(withId(R.id.camera_delegate)).check(matches(withText("Engine: GPU")));
      camera.latest().feed(CameraScreens.knownFrame(), 90, 1_000_000L);
      CameraScreens.idle();
      onView(withId(R.id.camera_engine)).check(matches(withText(containsString(
          "host CPU (XNNPACK), 3 threads"))));
      onView(withId(R.id.camera_engine))
          .check(matches(withText(containsString("GPU not used: the host runtime has no GPU"))));
      scenario.onActivity(a -> {
        assertEquals(Delegate.GPU, viewModel(a).state().getValue().delegate());
        shot(a, "camera_10_engine_from_settings");
      });

      // Changed in Settings while the camera screen is away: applied when it resumes.
      scenario.moveToState(Lifecycle.State.STARTED);
      SettingsStore store = new SettingsStore(app);
      store.save(store.load().toBuilder().optDelegate(Delegate.CPU).optThreads(1).build());
      scenario.moveToState(Lifecycle.State.RESUMED);
      CameraScreens.idle();
      onView(withId(R.id.camera_delegate)).check(matches(withText("Engine: CPU")));
      camera.latest().feed(CameraScreens.knownFrame(), 90, 2_000_000L);
      CameraScreens.idle();
      onView(withId(R.id.camera_engine)).check(matches(withText(containsString(
          "host CPU (XNNPACK), 1 thread"))));
      onView(withId(R.id.camera_engine)).check(matches(not(withText(containsString(
          "GPU not used")))));
      scenario.onActivity(a -> {
        assertEquals(Delegate.CPU, viewModel(a).state().getValue().delegate());
        shot(a, "camera_11_engine_changed_in_settings");
      });
    }
  }

  @Test
  public void aTrainedHeadSwitchesToTheUsersClasses() throws Exception {
    SnapTuneApplication app = install(CameraScreens.services(camera, CameraScreens.backbone())
        .optHeadSource(CameraScreens.head("mug", "plant", "keys")).build());
    grantCamera(app);
    try (ActivityScenario<CameraActivity> scenario = ActivityScenario.launch(CameraActivity.class)) {
      CameraScreens.idle();
      camera.latest().feed(CameraScreens.knownFrame(), 90, 1_000_000L);
      CameraScreens.idle();
      onView(withId(R.id.camera_mode)).check(matches(withText("Your classes · trained head")));
      scenario.onActivity(a -> {
        ViewGroup rows = a.findViewById(R.id.camera_predictions);
        assertEquals(3, rows.getChildCount());
        for (int i = 0; i < 3; i++) {
          String label = ((TextView) rows.getChildAt(i).findViewById(R.id.prediction_label))
              .getText().toString();
          assertTrue(label, java.util.Arrays.asList("mug", "plant", "keys").contains(label));
        }
        shot(a, "camera_8_personalised");
      });
    }
  }

  static ClassifyViewModel viewModel(CameraActivity a) {
    return new androidx.lifecycle.ViewModelProvider(a).get(ClassifyViewModel.class);
  }

  static byte[] readShared(String name) {
    java.io.File f = new java.io.File(CameraScreens.models(), name);
    org.junit.Assume.assumeTrue("shared models absent: " + f, f.isFile());
    try {
      return java.nio.file.Files.readAllBytes(f.toPath());
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  static void shot(CameraActivity a, String name) {
    CameraScreens.screenshot(a, name);
  }
}
