package org.snaptune.store;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.snaptune.model.SharedModels;

/**
 * Imports into the backbone store: the trial sees the adapted model before anything is written,
 * a refusal keeps the previous model, and the adapted model is handed out once per stored file.
 * Plain JVM with the real shared models (skipped where they are absent).
 */
public class BackboneStoreTest {

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  private static final ModelSource NONE = new ModelSource() {
    @Override public byte[] read() { return null; }
    @Override public String describe() { return "none"; }
  };

  private final List<byte[]> tried = new ArrayList<>();
  private String refuse;

  private BackboneStore store(File dir) {
    return BackboneStore.builder().setEmbedded(NONE).setDirectory(dir).setTrial(model -> {
      tried.add(Files.readAllBytes(model.toPath()));
      if (refuse != null) {
        throw new IllegalArgumentException(refuse);
      }
    }).build();
  }

  @Test
  public void aModelTheTrialRefusesLeavesThePreviousOneInPlace() throws Exception {
    byte[] v2 = SharedModels.read(SharedModels.MOBILENET_V2_QUANT);
    byte[] v1 = SharedModels.read(SharedModels.MOBILENET_V1_FLOAT);
    File dir = tmp.newFolder("models");
    BackboneStore store = store(dir);
    store.importModel(new ByteArrayInputStream(v2));
    assertEquals(1, tried.size());
    assertArrayEquals("the trial ran the adapted model", store.adapted().result().model(),
        tried.get(0));
    BackboneStore.Adapted before = store.adapted();

    refuse = "this model crashes TensorFlow Lite (its trial process died); it was not accepted";
    try {
      store.importModel(new ByteArrayInputStream(v1));
      fail("a model the trial refuses was imported");
    } catch (IllegalArgumentException e) {
      assertEquals(refuse, e.getMessage());
    }
    assertEquals(2, tried.size());
    assertArrayEquals("the previous model stays", v2, Files.readAllBytes(store.modelFile().toPath()));
    assertSame("and its adapted form with it", before, store.adapted());
    assertEquals("nothing half-written beside it", Arrays.asList("backbone.tflite"),
        Arrays.asList(dir.list()));
  }

  @Test
  public void theAdaptedModelIsHandedOutOnceAndReplacedByAnImport() throws Exception {
    byte[] v2 = SharedModels.read(SharedModels.MOBILENET_V2_QUANT);
    byte[] v1 = SharedModels.read(SharedModels.MOBILENET_V1_FLOAT);
    BackboneStore store = store(tmp.newFolder("models"));
    assertNull(store.adapted());
    store.importModel(new ByteArrayInputStream(v2));
    BackboneStore.Adapted first = store.adapted();
    assertSame(first, store.adapted());
    assertEquals(1280, first.result().info().embeddingSize());
    store.importModel(new ByteArrayInputStream(v1));
    BackboneStore.Adapted second = store.adapted();
    assertTrue(second != first);
    assertEquals(256, second.result().info().embeddingSize());
    // Another store over the same directory (a new process) adapts the file it finds.
    assertEquals(256, store(store.modelFile().getParentFile()).adapted().result().info()
        .embeddingSize());
  }

  @Test
  public void importsAreRefusedWithoutATrialAndTheBuilderNamesWhatIsMissing() throws Exception {
    BackboneStore store = BackboneStore.builder().setEmbedded(NONE)
        .setDirectory(tmp.newFolder("m")).setTrial(ModelTrial.REFUSE_ALL).build();
    try {
      store.importModel(new ByteArrayInputStream(SharedModels.read(SharedModels.MOBILENET_V1_FLOAT)));
      fail("imported without a trial");
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("not available"));
    }
    assertNull(store.read());
    try {
      BackboneStore.builder().setEmbedded(NONE).setDirectory(tmp.getRoot()).build();
      fail("built without a trial");
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("setTrial"));
    }
  }
}
