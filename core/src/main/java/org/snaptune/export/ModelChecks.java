package org.snaptune.export;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.snaptune.image.InputSpec;
import org.snaptune.model.ModelInspector;
import org.snaptune.model.ModelInspectorReport;

/**
 * Checks the two model files of a bundle against each other and against the manifest: each must
 * pass {@link ModelInspector}'s flatbuffer verification (so a hostile file is refused before any
 * native code sees it), the backbone must take the manifest's image size and type and have an
 * output of embedding size, and the head's {@code infer} must take that embedding and give one
 * probability per label. Stateless and thread-safe.
 */
final class ModelChecks {

  private ModelChecks() {}

  /** Throws IllegalArgumentException naming the file and the first mismatch found. */
  static void check(BundleManifest manifest, byte[] backbone, byte[] head) {
    checkBackbone(backbone, manifest.inputSpec(), manifest.embeddingSize());
    checkHead(head, manifest.embeddingSize(), manifest.labels().size());
  }

  static void checkBackbone(byte[] bytes, InputSpec spec, int embeddingSize) {
    String file = BundleManifest.BACKBONE_ENTRY;
    ModelInspectorReport report = inspect(bytes, file);
    if (report.subgraphs().isEmpty()) {
      throw new IllegalArgumentException(file + " has no subgraph");
    }
    ModelInspectorReport.Subgraph main = report.subgraphs().get(0);
    int[] inputs = main.inputs();
    if (inputs.length < 1) {
      throw new IllegalArgumentException(file + " has no input tensor");
    }
    ModelInspectorReport.Tensor input = tensor(main, inputs[0], file);
    int[] shape = input.shape();
    String wantType = spec.dataType().name();
    if (shape.length != 4 || shape[1] != spec.height() || shape[2] != spec.width()
        || shape[3] != 3 || !input.type().equals(wantType)) {
      throw new IllegalArgumentException(file + " input is " + input.type() + " "
          + Arrays.toString(shape) + " but the manifest's preprocessing is " + wantType
          + " [1, " + spec.height() + ", " + spec.width() + ", 3]");
    }
    List<String> outputs = new ArrayList<>();
    for (int index : main.outputs()) {
      int[] out = tensor(main, index, file).shape();
      if (elementsPerImage(out) == embeddingSize) {
        return;
      }
      outputs.add(Arrays.toString(out));
    }
    throw new IllegalArgumentException(file + " has no output of embedding size "
        + embeddingSize + " (outputs: " + outputs + "); export an adapted backbone");
  }

  static void checkHead(byte[] bytes, int embeddingSize, int classes) {
    String file = BundleManifest.HEAD_ENTRY;
    ModelInspectorReport report = inspect(bytes, file);
    ModelInspectorReport.Signature infer;
    try {
      infer = report.signature("infer");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + " is not a SnapTune head model: " + e.getMessage(),
          e);
    }
    ModelInspectorReport.Subgraph graph = report.subgraphs().get(infer.subgraph());
    int[] x = tensor(graph, mapped(infer.inputs(), "input", "x", file), file).shape();
    int[] p = tensor(graph, mapped(infer.outputs(), "output", "probabilities", file), file).shape();
    if (x.length != 2 || x[1] != embeddingSize) {
      throw new IllegalArgumentException(file + " takes embeddings of shape " + Arrays.toString(x)
          + " but the manifest's embeddingSize is " + embeddingSize);
    }
    if (p.length != 2 || p[1] != classes) {
      throw new IllegalArgumentException(file + " has " + (p.length == 2 ? p[1] : -1)
          + " output classes but the manifest lists " + classes + " labels");
    }
  }

  private static ModelInspectorReport inspect(byte[] bytes, String file) {
    try {
      return ModelInspector.inspect(bytes);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + " fails model verification: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      // The verifier should have caught this; still never let hostile bytes escape as a crash.
      throw new IllegalArgumentException(file + " is not a readable TFLite model: " + e, e);
    }
  }

  private static int mapped(Map<String, Integer> map, String kind, String name, String file) {
    Integer index = map.get(name);
    if (index == null) {
      throw new IllegalArgumentException(file + ": signature infer has no " + kind + " named \""
          + name + "\" (has " + map.keySet() + ")");
    }
    return index;
  }

  private static ModelInspectorReport.Tensor tensor(ModelInspectorReport.Subgraph graph, int index,
      String file) {
    if (index < 0 || index >= graph.tensors().size()) {
      throw new IllegalArgumentException(file + ": tensor index " + index + " out of range [0, "
          + graph.tensors().size() + ")");
    }
    return graph.tensors().get(index);
  }

  /** Elements per image: every dimension after the batch one. */
  private static long elementsPerImage(int[] shape) {
    long n = 1;
    for (int i = 1; i < shape.length; i++) {
      n *= shape[i];
    }
    return shape.length < 2 ? -1 : n;
  }
}
