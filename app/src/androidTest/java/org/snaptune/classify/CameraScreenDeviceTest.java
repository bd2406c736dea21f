package org.snaptune.classify;

import static androidx.test.espresso.Espresso.onView;
import static androidx.test.espresso.assertion.ViewAssertions.matches;
import static androidx.test.espresso.matcher.ViewMatchers.withId;
import static androidx.test.espresso.matcher.ViewMatchers.withText;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assume.assumeTrue;

import android.Manifest;
import androidx.test.core.app.ActivityScenario;
import androidx.test.ext.junit.runners.AndroidJUnit4;
import androidx.test.platform.app.InstrumentationRegistry;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.snaptune.AppServices;
import org.snaptune.R;
import org.snaptune.SnapTuneApplication;
import org.snaptune.models.AssetModelSource;
import org.snaptune.tflite.AndroidSignatureRunnerFactory;

/**
 * The camera screen on a device with the real TFLite backbone (GPU delegate or XNNPACK) and a
 * scripted camera. Needs an APK built with -Dsnaptune.backbone=...; skipped otherwise.
 */
@RunWith(AndroidJUnit4.class)
public class CameraScreenDeviceTest {

  @Test
  public void classifiesAKnownFrameOnTheDevicesRuntime() throws Exception {
    SnapTuneApplication app = (SnapTuneApplication) InstrumentationRegistry.getInstrumentation()
        .getTargetContext().getApplicationContext();
    AssetModelSource backbone = new AssetModelSource(app.getAssets(), AppServices.BACKBONE_ASSET);
    assumeTrue("build without an embedded backbone", backbone.read() != null);
    // pm grant works from API 26 (UiAutomation.grantRuntimePermission needs 28).
    InstrumentationRegistry.getInstrumentation().getUiAutomation().executeShellCommand(
        "pm grant " + app.getPackageName() + " " + Manifest.permission.CAMERA).close();
    ScriptedCameraSource camera = new ScriptedCameraSource();
    app.setServices(AppServices.builder()
        .setRunnerFactory(new AndroidSignatureRunnerFactory())
        .setBackbone(backbone)
        .optCameraSourceFactory(camera)
        .build());
    try (ActivityScenario<CameraActivity> scenario = ActivityScenario.launch(CameraActivity.class)) {
      long deadline = System.currentTimeMillis() + 20_000;
      while (System.currentTimeMillis() < deadline) {
        camera.feed(System.nanoTime());
        Thread.sleep(100);
        InstrumentationRegistry.getInstrumentation().waitForIdleSync();
        boolean[] done = new boolean[1];
        scenario.onActivity(a -> done[0] =
            ((android.widget.LinearLayout) a.findViewById(R.id.camera_predictions))
                .getChildCount() == 3);
        if (done[0]) {
          break;
        }
      }
      onView(withId(R.id.camera_mode)).check(matches(withText(containsString("ImageNet"))));
      onView(withId(R.id.camera_engine)).check(matches(anyOf(
          withText(containsString("GPU delegate")), withText(containsString("XNNPACK")))));
    }
  }
}
