package org.snaptune.journey;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import android.Manifest;
import androidx.lifecycle.ViewModelProvider;
import androidx.test.core.app.ActivityScenario;
import androidx.test.core.app.ApplicationProvider;
import androidx.test.ext.junit.runners.AndroidJUnit4;
import java.io.File;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.Shadows;
import org.robolectric.annotation.Config;
import org.robolectric.annotation.GraphicsMode;
import org.snaptune.AppServices;
import org.snaptune.R;
import org.snaptune.SnapTuneApplication;
import org.snaptune.camera.FakeCameraSource;
import org.snaptune.classify.CameraActivity;
import org.snaptune.classify.ClassifyState;
import org.snaptune.classify.ClassifyViewModel;
import org.snaptune.host.HostBackboneRunner;
import org.snaptune.host.HostSignatureRunner;

/**
 * The backbone download against a real local HTTPS server, through the camera screen and the
 * background work, when it goes wrong: 404, a body cut off, bytes that do not match the pinned
 * SHA-256, a full disk. Each time the screen names what went wrong, nothing is left in the
 * models directory, Retry and Import stay offered, and a retry that works loads the model.
 */
@RunWith(AndroidJUnit4.class)
@Config(sdk = 34, qualifiers = "w360dp-h640dp-xhdpi")
@GraphicsMode(GraphicsMode.Mode.NATIVE)
public class DownloadFailuresTest {

  private final ExecutorService background = Executors.newSingleThreadExecutor();

  @After
  public void tearDown() {
    background.shutdownNow();
  }

  @Test
  public void everyFailureSaysWhatWentWrongLeavesNothingAndRetryLoadsTheModel() throws Exception {
    File modelFile = Kit.shared("mobilenet_v2_1.0_224_quant.tflite");
    File labelsFile = Kit.shared("imagenet_labels.txt");
    SnapTuneApplication app = ApplicationProvider.getApplicationContext();
    Kit.freshWorkManager(app);
    Shadows.shadowOf(app).grantPermissions(Manifest.permission.CAMERA);
    AtomicLong free = new AtomicLong(Long.MAX_VALUE);
    File models = new File(app.getFilesDir(), "models");
    try (LocalHttps server = new LocalHttps(modelFile, labelsFile)) {
      app.setServices(AppServices.builder()
          .setRunnerFactory(HostSignatureRunner.factory())
          .setBackbone(Kit.NO_BACKBONE)
          .optBackgroundExecutor(background)
          .optBackboneRunnerFactory(HostBackboneRunner.factory())
          .optCameraSourceFactory(new FakeCameraSource.Factory(true))
          .optImagenetLabels(Kit.NO_BACKBONE)
          .optDownloadConfig(server.config(dir -> free.get()))
          .build());
      try (ActivityScenario<CameraActivity> scenario =
          ActivityScenario.launch(CameraActivity.class)) {
        awaitModel(scenario, ClassifyState.Model.MISSING);

        server.mode.set(LocalHttps.Mode.NOT_FOUND);
        failsWith(scenario, models, "HTTP 404", "download_1_not_found");

        server.mode.set(LocalHttps.Mode.TRUNCATED);
        failsWith(scenario, models, "cut off", "download_2_truncated");

        server.mode.set(LocalHttps.Mode.WRONG_BYTES);
        failsWith(scenario, models, "checksum mismatch", "download_3_wrong_checksum");

        server.mode.set(LocalHttps.Mode.OK);
        free.set(1_000_000);
        failsWith(scenario, models, "not enough free storage", "download_4_disk_full");

        // The same button retries; this time everything is right.
        free.set(Long.MAX_VALUE);
        click(scenario, R.id.camera_message_primary);
        awaitModel(scenario, ClassifyState.Model.READY);
        assertTrue(new File(models, "backbone.tflite").isFile());
        assertTrue(new File(models, "labels.txt").isFile());
        assertEquals("only the two files, no temporaries", 2, models.list().length);
      }
    }
  }

  private void failsWith(ActivityScenario<CameraActivity> scenario, File models, String reason,
      String shot) throws InterruptedException {
    click(scenario, R.id.camera_message_primary); // "Download" first, then "Retry download"
    awaitModel(scenario, ClassifyState.Model.FAILED);
    scenario.onActivity(a -> {
      assertEquals("Backbone not ready", Kit.text(a, R.id.camera_message_title));
      String body = Kit.text(a, R.id.camera_message_body);
      assertTrue(body, body.contains(reason));
      assertTrue(body, body.contains("Nothing was stored"));
      assertEquals("Retry download", Kit.text(a, R.id.camera_message_primary));
      assertEquals("Import .tflite", Kit.text(a, R.id.camera_message_secondary));
      Kit.screenshot(a, shot);
    });
    String[] left = models.list();
    assertTrue("left behind: " + Arrays.toString(left), left == null || left.length == 0);
  }

  private static void click(ActivityScenario<CameraActivity> scenario, int id) {
    scenario.onActivity(a -> a.findViewById(id).performClick());
  }

  static void awaitModel(ActivityScenario<CameraActivity> scenario, ClassifyState.Model want)
      throws InterruptedException {
    ClassifyState[] now = new ClassifyState[1];
    Kit.await("model " + want, 30_000, () -> {
      scenario.onActivity(a -> now[0] = new ViewModelProvider(a).get(ClassifyViewModel.class)
          .state().getValue());
      return now[0] != null && now[0].model() == want;
    }, () -> now[0] == null ? null : now[0].model() + " " + now[0].message());
  }
}
