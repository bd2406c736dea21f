package org.snaptune.model;

import com.google.flatbuffers.FlatBufferBuilder;
import org.tensorflow.lite.schema.BufferT;
import org.tensorflow.lite.schema.Model;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.QuantizationParametersT;
import org.tensorflow.lite.schema.SubGraphT;
import org.tensorflow.lite.schema.TensorT;

/**
 * Packs an unpacked {@link ModelT} back into .tflite bytes without changing its meaning. The
 * object API turns absent vectors into empty arrays on unpack and would write them back as empty
 * vectors; for TFLite an empty {@code shape_signature} or {@code quantization} is not the same as
 * none (the runtime then rejects tensors as "invalidly specified"), so absent-is-empty fields are
 * set back to null first. Stateless and thread-safe; mutates the ModelT it is given.
 */
final class BackboneAdapterPacking {

  private BackboneAdapterPacking() {}

  /** Normalises and packs {@code m}, with the TFL3 file identifier. */
  static byte[] pack(ModelT m, int sizeHint) {
    for (BufferT b : m.getBuffers()) {
      if (b.getData() != null && b.getData().length == 0) {
        b.setData(null);
      }
    }
    for (SubGraphT g : m.getSubgraphs()) {
      for (TensorT t : g.getTensors()) {
        if (t.getShapeSignature() != null && t.getShapeSignature().length == 0) {
          t.setShapeSignature(null);
        }
        if (t.getVariantTensors() != null && t.getVariantTensors().length == 0) {
          t.setVariantTensors(null);
        }
        if (isEmpty(t.getQuantization())) {
          t.setQuantization(null);
        }
      }
      for (OperatorT op : g.getOperators()) {
        if (op.getCustomOptions() != null && op.getCustomOptions().length == 0) {
          op.setCustomOptions(null);
        }
        if (op.getIntermediates() != null && op.getIntermediates().length == 0) {
          op.setIntermediates(null);
        }
        if (op.getMutatingVariableInputs() != null
            && op.getMutatingVariableInputs().length == 0) {
          op.setMutatingVariableInputs(null);
        }
      }
    }
    if (m.getMetadataBuffer() != null && m.getMetadataBuffer().length == 0) {
      m.setMetadataBuffer(null);
    }
    FlatBufferBuilder fbb = new FlatBufferBuilder(sizeHint);
    Model.finishModelBuffer(fbb, Model.pack(fbb, m));
    return fbb.sizedByteArray();
  }

  private static boolean isEmpty(QuantizationParametersT q) {
    return q != null && len(q.getScale()) == 0 && len(q.getZeroPoint()) == 0
        && len(q.getMin()) == 0 && len(q.getMax()) == 0
        && (q.getDetails() == null || q.getDetails().getType() == 0);
  }

  private static int len(float[] a) {
    return a == null ? 0 : a.length;
  }

  private static int len(long[] a) {
    return a == null ? 0 : a.length;
  }
}
