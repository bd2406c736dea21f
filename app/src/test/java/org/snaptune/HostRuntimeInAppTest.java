package org.snaptune;

import static androidx.test.espresso.Espresso.onView;
import static androidx.test.espresso.assertion.ViewAssertions.matches;
import static androidx.test.espresso.matcher.ViewMatchers.withId;
import static androidx.test.espresso.matcher.ViewMatchers.withText;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import androidx.test.core.app.ActivityScenario;
import androidx.test.core.app.ApplicationProvider;
import androidx.test.ext.junit.runners.AndroidJUnit4;
import java.util.Collections;
import java.util.Map;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.annotation.Config;
import org.snaptune.host.HostSignatureRunner;
import org.snaptune.model.HeadCompiler;
import org.snaptune.model.HeadContract;
import org.snaptune.model.HeadSpec;
import org.snaptune.models.ModelSource;
import org.snaptune.runtime.SignatureRunner;
import org.snaptune.status.MainActivity;

/**
 * The app's container with the host TFLite runtime injected (as every Robolectric test that needs
 * real inference does): a real compiled head model is loaded by the launcher's status check and run
 * through {@link AppServices#runnerFactory()}.
 */
@RunWith(AndroidJUnit4.class)
@Config(sdk = 34)
public class HostRuntimeInAppTest {

  private static final int EMBEDDING = 8;
  private static final int CLASSES = 3;
  private static final int BATCH = 2;

  @Test
  public void launcherLoadsARealModelThroughTheInjectedHostRuntime() {
    byte[] head = HeadCompiler.compile(HeadSpec.builder()
        .setEmbeddingSize(EMBEDDING).setNumClasses(CLASSES).setBatchSize(BATCH).optSeed(7).build());
    SnapTuneApplication app = ApplicationProvider.getApplicationContext();
    app.setServices(AppServices.builder()
        .setRunnerFactory(HostSignatureRunner.factory())
        .setBackbone(new ModelSource() {
          @Override
          public byte[] read() {
            return head.clone();
          }

          @Override
          public String describe() {
            return "compiled head";
          }
        })
        .optBackgroundExecutor(Runnable::run)
        .optNumThreads(1)
        .build());

    try (ActivityScenario<MainActivity> scenario = ActivityScenario.launch(MainActivity.class)) {
      onView(withId(R.id.runtime_status)).check(matches(withText(allOf(
          containsString("backbone ready (compiled head"), containsString(HeadContract.INFER)))));
    }

    try (SignatureRunner runner = app.services().runnerFactory().open(head, 1)) {
      String x = HeadContract.X;
      runner.resizeInput(HeadContract.INFER, x, new int[] {BATCH, EMBEDDING});
      int[] shape = runner.inputShape(HeadContract.INFER, x);
      int n = 1;
      for (int d : shape) {
        n *= d;
      }
      assertEquals(BATCH * EMBEDDING, n);
      float[] embeddings = new float[n];
      for (int i = 0; i < n; i++) {
        embeddings[i] = (i % EMBEDDING) / (float) EMBEDDING;
      }
      Map<String, float[]> out = runner.run(HeadContract.INFER, Collections.singletonMap(x, embeddings));
      assertEquals(runner.outputNames(HeadContract.INFER).size(), out.size());
      boolean sawClassScores = false;
      for (float[] values : out.values()) {
        for (float v : values) {
          assertTrue("non-finite output " + v, Float.isFinite(v));
        }
        sawClassScores |= values.length == BATCH * CLASSES;
      }
      assertTrue("an output of batch x classes values", sawClassScores);
    }
  }
}
