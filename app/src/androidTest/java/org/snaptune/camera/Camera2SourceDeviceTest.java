package org.snaptune.camera;

import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import android.Manifest;
import android.content.Context;
import androidx.test.ext.junit.runners.AndroidJUnit4;
import androidx.test.platform.app.InstrumentationRegistry;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.snaptune.image.ImagePreprocessor;
import org.snaptune.image.InputSpec;
import org.snaptune.image.Yuv420Frame;

/** The real back camera on a device: frames arrive, are YUV_420_888 and convert. */
@RunWith(AndroidJUnit4.class)
public class Camera2SourceDeviceTest {

  @Test
  public void deliversConvertibleFramesAndStopsOnClose() throws Exception {
    Context context = InstrumentationRegistry.getInstrumentation().getTargetContext();
    assumeTrue("no camera on this device", Camera2Source.FACTORY.hasCamera(context));
    // pm grant works from API 26 (UiAutomation.grantRuntimePermission needs 28).
    InstrumentationRegistry.getInstrumentation().getUiAutomation().executeShellCommand(
        "pm grant " + context.getPackageName() + " " + Manifest.permission.CAMERA).close();

    ImagePreprocessor pre = new ImagePreprocessor(InputSpec.uint8(224, 224, 128, 128, 1f / 128,
        128));
    ByteBuffer input = ByteBuffer.allocateDirect(224 * 224 * 3);
    CountDownLatch frames = new CountDownLatch(3);
    AtomicReference<String> problem = new AtomicReference<>();
    CameraSource source = Camera2Source.FACTORY.create(context, null);
    source.open(new CameraSource.Listener() {
      @Override
      public void onFrame(Yuv420Frame frame, int rotationDegrees, long timestampNanos) {
        if (rotationDegrees % 90 != 0 || frame.width() < 224 || frame.height() < 224) {
          problem.set("odd frame " + frame.width() + "x" + frame.height() + " rot "
              + rotationDegrees);
        }
        input.clear();
        pre.fromYuv(frame, rotationDegrees, input);
        frames.countDown();
      }

      @Override
      public void onError(String message) {
        problem.set(message);
      }
    });
    try {
      assertTrue("3 frames within 10 s", frames.await(10, TimeUnit.SECONDS));
      assertTrue(String.valueOf(problem.get()), problem.get() == null);
    } finally {
      source.close();
    }
    source.close(); // idempotent
  }
}
