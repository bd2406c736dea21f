package org.snaptune.export;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assume.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.snaptune.model.BackboneAdapter;
import org.snaptune.model.HeadCompiler;
import org.snaptune.model.HeadSpec;
import org.snaptune.model.ModelInspector;

/**
 * Bundles of real models: the shared MobileNet backbones adapted by {@link BackboneAdapter} and a
 * head from {@link HeadCompiler}. Skipped when ../shared/models is absent.
 */
public class RealModelBundleTest {

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  static File sharedModels() {
    String prop = System.getProperty("snaptune.shared.models");
    File dir = prop != null ? new File(prop) : new File("../../shared/models");
    if (!dir.isDirectory()) {
      dir = new File("../shared/models");
    }
    return dir;
  }

  private void roundTrip(String backboneFile, int hidden) throws IOException {
    File f = new File(sharedModels(), backboneFile);
    assumeTrue("needs " + f + " (shared test models)", f.isFile());
    BackboneAdapter.Result adapted = BackboneAdapter.adapt(Files.readAllBytes(f.toPath()));
    int d = adapted.info().embeddingSize();
    List<String> labels = Arrays.asList("mug", "plant", "keyboard");
    HeadSpec.Builder spec = HeadSpec.builder().setEmbeddingSize(d).setNumClasses(3).setBatchSize(4);
    if (hidden > 0) {
      spec.optHiddenLayers(hidden);
    }
    byte[] head = HeadCompiler.compile(spec.build());
    ModelBundle bundle = ModelBundle.builder()
        .setBackbone(adapted.model()).setHead(head).setLabels(labels)
        .setInputSpec(adapted.info().inputSpec()).setEmbeddingSize(d).build();
    File out = new File(tmp.getRoot(), "export.snaptune");
    BundleWriter.write(bundle, out);
    ModelBundle back = BundleReader.defaults().read(out);
    assertArrayEquals(adapted.model(), back.backbone());
    assertArrayEquals(head, back.head());
    assertEquals(labels, back.labels());
    assertEquals(adapted.info().inputSpec().toString(), back.inputSpec().toString());
    // The inspector accepts both imported files and still finds the head's signatures.
    ModelInspector.inspect(back.backbone());
    assertEquals(0, ModelInspector.inspect(back.head()).signature("infer").subgraph()
        - ModelInspector.inspect(head).signature("infer").subgraph());
    // An unadapted backbone (logits only) is refused when the embedding size differs.
    byte[] raw = Files.readAllBytes(f.toPath());
    BundleTest.expect(() -> BundleWriter.write(ModelBundle.builder().setBackbone(raw).setHead(head)
        .setLabels(labels).setInputSpec(adapted.info().inputSpec()).setEmbeddingSize(d).build(),
        new File(tmp.getRoot(), "raw.snaptune")), "no output of embedding size " + d);
  }

  @Test
  public void mobileNetV2QuantRoundTrips() throws IOException {
    roundTrip("mobilenet_v2_1.0_224_quant.tflite", 0);
  }

  @Test
  public void mobileNetV1FloatWithHiddenLayerRoundTrips() throws IOException {
    roundTrip("mobilenet_v1_0.25_224_float.tflite", 16);
  }
}
