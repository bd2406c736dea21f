package org.snaptune.isolation;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import android.net.Uri;
import android.widget.TextView;
import androidx.test.core.app.ActivityScenario;
import androidx.test.core.app.ApplicationProvider;
import androidx.test.ext.junit.runners.AndroidJUnit4;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.Shadows;
import org.robolectric.annotation.Config;
import org.robolectric.annotation.GraphicsMode;
import org.snaptune.AppServices;
import org.snaptune.R;
import org.snaptune.SnapTuneApplication;
import org.snaptune.classify.ClassifyState;
import org.snaptune.classify.ClassifyViewModel;
import org.snaptune.host.HostBackboneRunner;
import org.snaptune.host.HostSignatureRunner;
import org.snaptune.model.HeadCompiler;
import org.snaptune.model.HeadSpec;
import org.snaptune.model.SharedModels;
import org.snaptune.models.ModelSource;
import org.snaptune.samples.InMemorySampleRepository;
import org.snaptune.settings.Delegate;
import org.snaptune.store.ModelTrial;
import org.snaptune.training.TrainingActivity;

/**
 * Issue 14's last step: an imported model (camera import, or either model of a bundle) is run once
 * in the model trial before anything is replaced. A model the Java verifier accepts but the trial
 * refuses (here the trial is injected through the container and refuses the backbone, as the
 * isolated process does when TensorFlow Lite crashes) leaves the previous model and head in place
 * and the screen says why.
 */
@RunWith(AndroidJUnit4.class)
@Config(sdk = 34, qualifiers = "w360dp-h640dp-xhdpi")
@GraphicsMode(GraphicsMode.Mode.NATIVE)
public class UntrustedImportTest {

  private static final String CRASHED = "this model crashes TensorFlow Lite (its trial process"
      + " died); it was not accepted";
  private static final ModelSource NONE = ModelSource.absent("no backbone");

  private SnapTuneApplication app;
  private final List<Long> tried = new java.util.ArrayList<>();

  @Before
  public void setUp() {
    app = (SnapTuneApplication) ApplicationProvider.getApplicationContext();
  }

  /** The host trial for heads; the backbone (a file over 1 MB) "crashes" it. */
  private ModelTrial refusingBackbones() {
    ModelTrial host = HostTrial.inProcess();
    return model -> {
      tried.add(model.length());
      if (model.length() > (1 << 20)) {
        throw new IllegalArgumentException(CRASHED);
      }
      host.check(model);
    };
  }

  private AppServices install(ModelTrial trial) {
    AppServices s = AppServices.builder().setRunnerFactory(HostSignatureRunner.factory())
        .setBackbone(NONE).optBackgroundExecutor(Runnable::run).optModelTrial(trial).build();
    app.setServices(s);
    return s;
  }

  private static byte[] head(int dim, int classes) {
    return HeadCompiler.compile(HeadSpec.builder().setEmbeddingSize(dim).setNumClasses(classes)
        .setBatchSize(4).optSeed(3).build());
  }

  @Test
  public void aBundleWhoseBackboneTheTrialRefusesChangesNothingAndTheScreenSaysWhy()
      throws Exception {
    byte[] v1 = SharedModels.read(SharedModels.MOBILENET_V1_FLOAT);
    byte[] v2 = SharedModels.read(SharedModels.MOBILENET_V2_QUANT);
    // A bundle made on another phone: MobileNetV1 and a head for its 256-d embeddings.
    AppServices trusting = install(HostTrial.inProcess());
    trusting.backbones().importModel(new ByteArrayInputStream(v1));
    trusting.heads().save(head(256, 2), Arrays.asList("cup", "pen"));
    File bundle = trusting.bundles().export();
    File picked = new File(app.getCacheDir(), "picked.zip");
    Files.copy(bundle.toPath(), picked.toPath());
    // This phone: MobileNetV2 and its own head.
    trusting.backbones().importModel(new ByteArrayInputStream(v2));
    byte[] ownHead = head(1280, 3);
    trusting.heads().save(ownHead, Arrays.asList("mug", "plant", "keyboard"));

    AppServices guarded = install(refusingBackbones());
    try (ActivityScenario<TrainingActivity> s = ActivityScenario.launch(TrainingActivity.class)) {
      s.onActivity(a -> {
        a.findViewById(R.id.training_import).performClick();
        Shadows.shadowOf(a).receiveResult(
            Shadows.shadowOf(a).peekNextStartedActivityForResult().intent,
            android.app.Activity.RESULT_OK, new android.content.Intent().setData(
                Uri.fromFile(picked)));
      });
      Shadows.shadowOf(android.os.Looper.getMainLooper()).idle();
      s.onActivity(a -> {
        String notice = ((TextView) a.findViewById(R.id.training_notice)).getText().toString();
        assertEquals("Import failed: " + CRASHED, notice);
        org.snaptune.ui.Screens.content(a, "training-import-refused-by-trial");
      });
    }
    assertEquals("the head was tried, then the backbone", 2, tried.size());
    assertArrayEquals("the backbone in use stays", v2,
        Files.readAllBytes(guarded.backbones().modelFile().toPath()));
    assertEquals(1280, guarded.backbones().adapted().result().info().embeddingSize());
    assertArrayEquals("the head in use stays", ownHead, guarded.heads().read().head());
    assertEquals(Arrays.asList("backbone.tflite"),
        Arrays.asList(guarded.backbones().modelFile().getParentFile().list()));
  }

  @Test
  public void aCameraImportTheTrialRefusesKeepsTheStoredBackboneAndSaysWhy() throws Exception {
    byte[] v1 = SharedModels.read(SharedModels.MOBILENET_V1_FLOAT);
    byte[] v2 = SharedModels.read(SharedModels.MOBILENET_V2_QUANT);
    AppServices s = install(refusingBackbones());
    Files.createDirectories(s.backbones().modelFile().getParentFile().toPath());
    Files.write(s.backbones().modelFile().toPath(), v2);
    ClassifyViewModel model = new ClassifyViewModel(s.backbones(), HostBackboneRunner.factory(),
        InMemorySampleRepository::new, dim -> null, Runnable::run, Delegate.CPU, 1);
    Shadows.shadowOf(android.os.Looper.getMainLooper()).idle();
    assertEquals(ClassifyState.Model.READY, model.state().getValue().model());

    model.importModel(() -> new ByteArrayInputStream(v1));
    Shadows.shadowOf(android.os.Looper.getMainLooper()).idle();
    ClassifyState st = model.state().getValue();
    assertEquals(ClassifyState.Model.FAILED, st.model());
    assertTrue(st.message(), st.message().endsWith(CRASHED));
    assertArrayEquals("the stored backbone stays", v2,
        Files.readAllBytes(s.backbones().modelFile().toPath()));
    model.reload();
    Shadows.shadowOf(android.os.Looper.getMainLooper()).idle();
    assertEquals("and loads again", ClassifyState.Model.READY, model.state().getValue().model());
  }
}
