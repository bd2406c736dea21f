package org.snaptune.model;

import java.nio.ByteBuffer;
import org.tensorflow.lite.schema.Buffer;
import org.tensorflow.lite.schema.Metadata;
import org.tensorflow.lite.schema.Model;
import org.tensorflow.lite.support.metadata.schema.ModelMetadata;
import org.tensorflow.lite.support.metadata.schema.NormalizationOptions;
import org.tensorflow.lite.support.metadata.schema.ProcessUnit;
import org.tensorflow.lite.support.metadata.schema.ProcessUnitOptions;
import org.tensorflow.lite.support.metadata.schema.SubGraphMetadata;
import org.tensorflow.lite.support.metadata.schema.TensorMetadata;

/**
 * Reads the input normalisation (mean, std) from a model's TFLite Support metadata
 * ({@code TFLITE_METADATA}), for {@link BackboneAdapter}. Only Java reads these bytes, never native
 * code, so a malformed metadata buffer (Java bounds exceptions) simply counts as absent. Stateless
 * and thread-safe.
 */
final class BackboneAdapterMetadata {

  static final String METADATA_NAME = "TFLITE_METADATA";

  private BackboneAdapterMetadata() {}

  /**
   * {mean, std} for the first input of subgraph 0, or null when the model has no such metadata.
   * The model must already have passed {@link ModelVerifier}.
   *
   * @throws IllegalArgumentException when the metadata gives per-channel values that differ,
   *     which {@link org.snaptune.image.InputSpec} cannot express
   */
  static float[] normalisation(byte[] verifiedModel) {
    Model m = Model.getRootAsModel(ByteBuffer.wrap(verifiedModel));
    for (int i = 0; i < m.metadataLength(); i++) {
      Metadata md = m.metadata(i);
      if (!METADATA_NAME.equals(md.name())) {
        continue;
      }
      Buffer b = m.buffers((int) md.buffer());
      ByteBuffer data = b.dataAsByteBuffer();
      return data == null ? null : parse(data.slice());
    }
    return null;
  }

  private static float[] parse(ByteBuffer data) {
    try {
      ModelMetadata meta = ModelMetadata.getRootAsModelMetadata(data);
      if (meta.subgraphMetadataLength() == 0) {
        return null;
      }
      SubGraphMetadata sg = meta.subgraphMetadata(0);
      if (sg.inputTensorMetadataLength() == 0) {
        return null;
      }
      TensorMetadata input = sg.inputTensorMetadata(0);
      for (int i = 0; i < input.processUnitsLength(); i++) {
        ProcessUnit unit = input.processUnits(i);
        if (unit.optionsType() != ProcessUnitOptions.NormalizationOptions) {
          continue;
        }
        NormalizationOptions n = (NormalizationOptions) unit.options(new NormalizationOptions());
        if (n == null || n.meanLength() == 0 || n.stdLength() == 0) {
          return null;
        }
        float mean = n.mean(0);
        float std = n.std(0);
        for (int k = 1; k < n.meanLength(); k++) {
          uniform(mean, n.mean(k), "mean");
        }
        for (int k = 1; k < n.stdLength(); k++) {
          uniform(std, n.std(k), "std");
        }
        return new float[] {mean, std};
      }
      return null;
    } catch (IndexOutOfBoundsException | UnsupportedOperationException e) {
      // Unverified nested flatbuffer: reading it failed, so treat the metadata as absent.
      return null;
    }
  }

  private static void uniform(float first, float other, String what) {
    if (Float.compare(first, other) != 0) {
      throw new IllegalArgumentException("cannot adapt this model as a backbone: its metadata"
          + " normalises channels with different " + what + " values (" + first + ", " + other
          + "); only one " + what + " for all channels is supported");
    }
  }
}
