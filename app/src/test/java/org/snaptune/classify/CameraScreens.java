package org.snaptune.classify;

import static org.junit.Assume.assumeTrue;

import android.app.Activity;
import android.os.Looper;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import org.robolectric.Shadows;
import org.snaptune.AppServices;
import org.snaptune.camera.FakeCameraSource;
import org.snaptune.host.HostBackboneRunner;
import org.snaptune.host.HostSignatureRunner;
import org.snaptune.image.Nv21Frames;
import org.snaptune.image.Yuv420Frame;
import org.snaptune.model.HeadCompiler;
import org.snaptune.model.HeadSpec;
import org.snaptune.models.HeadSource;
import org.snaptune.models.ModelSource;

/** Shared pieces of the camera-screen tests: services, known frames, screenshots. */
final class CameraScreens {

  static final int FRAME_WIDTH = 320;
  static final int FRAME_HEIGHT = 240;

  private CameraScreens() {}

  static File models() {
    return new File(System.getProperty("snaptune.shared.models", "../../shared/models"));
  }

  /** The real MobileNetV2 quant backbone; the test is skipped where it is absent. */
  static ModelSource backbone() {
    File f = new File(models(), "mobilenet_v2_1.0_224_quant.tflite");
    assumeTrue("shared models absent: " + f, f.isFile());
    return file(f);
  }

  static ModelSource file(File f) {
    return new ModelSource() {
      @Override
      public byte[] read() throws IOException {
        return f.isFile() ? Files.readAllBytes(f.toPath()) : null;
      }

      @Override
      public String describe() {
        return f.getName();
      }
    };
  }

  static final ModelSource NONE = file(new File("no-such-backbone.tflite"));

  /** Host TFLite, synchronous background work, the fake camera and the given backbone. */
  static AppServices.Builder services(FakeCameraSource.Factory camera, ModelSource backbone) {
    return AppServices.builder()
        .setRunnerFactory(HostSignatureRunner.factory())
        .setBackbone(backbone)
        .optBackgroundExecutor(Runnable::run)
        .optBackboneRunnerFactory(HostBackboneRunner.factory())
        .optCameraSourceFactory(camera)
        .optModelTrial(org.snaptune.isolation.HostTrial.inProcess())
        .optImagenetLabels(file(new File(models(), "imagenet_labels.txt")));
  }

  /** An untrained head over MobileNetV2's 1280-d embedding, on the host runtime. */
  static HeadSource head(String... classNames) {
    List<String> names = Arrays.asList(classNames);
    return dim -> new HeadSource.Head(HostSignatureRunner.open(HeadCompiler.compile(
        HeadSpec.builder().setEmbeddingSize(dim).setNumClasses(names.size()).setBatchSize(4)
            .build()), 1), names);
  }

  /**
   * A known picture as the sensor of a portrait phone delivers it: landscape NV21 that rotation 90
   * turns upright. Upright it shows a yellow disc on blue over a green band.
   */
  static Yuv420Frame knownFrame() {
    int uw = FRAME_HEIGHT; // upright width
    int uh = FRAME_WIDTH;
    int[] sensor = new int[FRAME_WIDTH * FRAME_HEIGHT];
    for (int y = 0; y < FRAME_HEIGHT; y++) {
      for (int x = 0; x < FRAME_WIDTH; x++) {
        int ux = FRAME_HEIGHT - 1 - y; // sensor (x, y) turned clockwise
        int uy = x;
        int dx = ux - uw / 2;
        int dy = uy - uh / 3;
        int colour;
        if (dx * dx + dy * dy < 60 * 60) {
          colour = 0xffffd21e;
        } else if (uy > uh * 2 / 3) {
          colour = 0xff2e9e44;
        } else {
          colour = 0xff2a6fd6;
        }
        sensor[y * FRAME_WIDTH + x] = colour;
      }
    }
    return Nv21Frames.fromArgb(sensor, FRAME_WIDTH, FRAME_HEIGHT);
  }

  /** Runs posted main-thread work (LiveData posts, dialogs). */
  static void idle() {
    Shadows.shadowOf(Looper.getMainLooper()).idle();
  }

  /** Draws the activity's window into app/target/screenshots/NAME.png. */
  static File screenshot(Activity activity, String name) {
    return org.snaptune.ui.Screens.window(activity, name);
  }
}
