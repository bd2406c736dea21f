package org.snaptune.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.snaptune.export.BundleWriter;
import org.snaptune.export.ModelBundle;
import org.snaptune.model.BackboneAdapter;
import org.snaptune.model.HeadCompiler;
import org.snaptune.model.HeadSpec;
import org.snaptune.model.SharedModels;
import org.snaptune.model.SyntheticBackbone;

/**
 * The valid inputs the fuzz harness mutates: synthetic backbones (float, uint8, both classifier
 * kinds), a compiled head with training signatures, the shared MobileNets when present, and a
 * bundle of an adapted synthetic backbone with its head. Stateless.
 */
final class FuzzSeeds {

  private FuzzSeeds() {}

  static List<ModelMutator.Seed> models() throws IOException {
    List<ModelMutator.Seed> s = new ArrayList<>();
    s.add(new ModelMutator.Seed("synthetic-float", new SyntheticBackbone().build()));
    s.add(new ModelMutator.Seed("synthetic-uint8", new SyntheticBackbone().quantized(true)
        .build()));
    s.add(new ModelMutator.Seed("synthetic-fc-mean", new SyntheticBackbone()
        .classifier(SyntheticBackbone.Classifier.FULLY_CONNECTED)
        .pooling(SyntheticBackbone.Pooling.MEAN).build()));
    s.add(new ModelMutator.Seed("head", HeadCompiler.compile(HeadSpec.builder()
        .setEmbeddingSize(8).setNumClasses(3).setBatchSize(4).build())));
    for (String name : new String[] {SharedModels.MOBILENET_V1_FLOAT,
        SharedModels.MOBILENET_V2_QUANT}) {
      Path p = SharedModels.dir().resolve(name);
      if (Files.isRegularFile(p)) {
        s.add(new ModelMutator.Seed(name.startsWith("mobilenet_v1") ? "mobilenet-v1" : "mobilenet-v2q",
            Files.readAllBytes(p)));
      }
    }
    return s;
  }

  /** A valid bundle: an adapted synthetic backbone and a three-class head. */
  static byte[] bundle() throws IOException {
    BackboneAdapter.Result adapted = BackboneAdapter.adapt(new SyntheticBackbone().build());
    int d = adapted.info().embeddingSize();
    byte[] head = HeadCompiler.compile(HeadSpec.builder().setEmbeddingSize(d).setNumClasses(3)
        .setBatchSize(4).build());
    ModelBundle b = ModelBundle.builder().setBackbone(adapted.model()).setHead(head)
        .setLabels(Arrays.asList("cat", "dog", "bird")).setInputSpec(adapted.info().inputSpec())
        .setEmbeddingSize(d).optCreatedBy("fuzz seed").build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BundleWriter.write(b, out);
    return out.toByteArray();
  }
}
