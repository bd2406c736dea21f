package org.snaptune.classify;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import android.Manifest;
import android.view.ViewGroup;
import androidx.test.core.app.ActivityScenario;
import androidx.test.core.app.ApplicationProvider;
import androidx.test.ext.junit.runners.AndroidJUnit4;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.Shadows;
import org.robolectric.annotation.Config;
import org.robolectric.annotation.GraphicsMode;
import org.snaptune.R;
import org.snaptune.SnapTuneApplication;
import org.snaptune.camera.FakeCameraSource;
import org.snaptune.ui.Screens;

/** The camera screen with the system in dark mode (Theme.SnapTune.NoActionBar, night colours). */
@RunWith(AndroidJUnit4.class)
@Config(sdk = 34, qualifiers = "w360dp-h640dp-xhdpi")
@GraphicsMode(GraphicsMode.Mode.NATIVE)
public class CameraDarkScreenTest {

  @Test
  public void liveImagenetInDarkMode() {
    Screens.night();
    FakeCameraSource.Factory camera = new FakeCameraSource.Factory(true);
    SnapTuneApplication app = ApplicationProvider.getApplicationContext();
    app.setServices(CameraScreens.services(camera, CameraScreens.backbone()).build());
    Shadows.shadowOf(app).grantPermissions(Manifest.permission.CAMERA);
    try (ActivityScenario<CameraActivity> scenario = ActivityScenario.launch(CameraActivity.class)) {
      CameraScreens.idle();
      assertTrue(camera.latest().feed(CameraScreens.knownFrame(), 90, 1_000_000L));
      CameraScreens.idle();
      scenario.onActivity(a -> {
        ViewGroup rows = a.findViewById(R.id.camera_predictions);
        assertEquals(3, rows.getChildCount());
        Screens.window(a, "camera_3_live_imagenet_dark");
      });
    }
  }
}
