package org.snaptune.classify;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import androidx.test.core.app.ApplicationProvider;
import androidx.test.ext.junit.runners.AndroidJUnit4;
import java.io.File;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.robolectric.annotation.Config;
import org.snaptune.host.HostBackboneRunner;
import org.snaptune.samples.InMemorySampleRepository;
import org.snaptune.settings.Delegate;
import org.snaptune.store.BackboneStore;
import org.snaptune.store.ModelTrial;
import org.snaptune.vision.DownloadConfig;
import org.snaptune.vision.ModelDownloader;

/** Provisioning paths of the ViewModel that need no screen. */
@RunWith(AndroidJUnit4.class)
@Config(sdk = 34)
public class ClassifyViewModelTest {

  private final File dir = new File(
      ApplicationProvider.getApplicationContext().getFilesDir(), "models");

  private ClassifyViewModel model(BackboneStore store) {
    return new ClassifyViewModel(store, HostBackboneRunner.factory(),
        InMemorySampleRepository::new, dim -> null, Runnable::run, Delegate.CPU, 1);
  }

  @Test
  public void offlineDownloadSaysSoAndLeavesNoFile() {
    // ".invalid" never resolves (RFC 2606), so this is offline on every machine.
    BackboneStore store = BackboneStore.builder().setEmbedded(CameraScreens.NONE)
        .setDirectory(dir).setTrial(ModelTrial.REFUSE_ALL)
        .optDownload(DownloadConfig.builder().optModel(new ModelDownloader.Pinned(
            "https://snaptune.invalid/model.tgz", "model.tflite",
            ModelDownloader.MOBILENET_V2_QUANT.sha256(), 1 << 20)).build()).build();
    ClassifyViewModel model = model(store);
    CameraScreens.idle();
    assertEquals(ClassifyState.Model.MISSING, model.state().getValue().model());
    model.download();
    CameraScreens.idle();
    ClassifyState s = model.state().getValue();
    assertEquals(ClassifyState.Model.FAILED, s.model());
    assertTrue(s.message(), s.message().startsWith("You seem to be offline"));
    assertTrue(s.message(), s.message().contains("import a .tflite file"));
    assertFalse(store.modelFile().exists());
  }

  @Test
  public void storedBackboneLoadsWithItsLabels() throws Exception {
    CameraScreens.backbone(); // skips where the shared models are absent
    ModelDownloader.writeAtomically(CameraActivityTest.readShared(
        "mobilenet_v2_1.0_224_quant.tflite"), new File(dir, "backbone.tflite"));
    ModelDownloader.writeAtomically(CameraActivityTest.readShared("imagenet_labels.txt"),
        new File(dir, "labels.txt"));
    BackboneStore store = BackboneStore.builder().setEmbedded(CameraScreens.NONE)
        .setDirectory(dir).setTrial(ModelTrial.REFUSE_ALL).build();
    ClassifyViewModel model = model(store);
    CameraScreens.idle();
    ClassifyState s = model.state().getValue();
    assertEquals(ClassifyState.Model.READY, s.model());
    assertEquals("host CPU (XNNPACK), 1 thread", s.engine());
    assertEquals(1001, store.labels(1001).size());
    assertEquals("background", store.labels(1001).get(0));
  }
}
