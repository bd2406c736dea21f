package org.snaptune.model;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.lite.schema.Buffer;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.Metadata;
import org.tensorflow.lite.schema.Model;
import org.tensorflow.lite.schema.Operator;
import org.tensorflow.lite.schema.OperatorCode;
import org.tensorflow.lite.schema.QuantizationParameters;
import org.tensorflow.lite.schema.SignatureDef;
import org.tensorflow.lite.schema.SubGraph;
import org.tensorflow.lite.schema.Tensor;
import org.tensorflow.lite.schema.TensorMap;
import org.tensorflow.lite.schema.TensorType;

/**
 * Lists what a .tflite file contains (subgraphs, signatures, tensors with type, shape and
 * quantization, operators by builtin name), for the app's import screen, the {@code inspect}
 * command and tests. It runs {@link ModelVerifier} first, so reading the flatbuffer afterwards
 * cannot go out of bounds. Stateless and thread-safe.
 */
public final class ModelInspector {

  private ModelInspector() {}

  /**
   * Verifies and inspects {@code model}; the bytes are not kept.
   *
   * @throws IllegalArgumentException if the bytes are not a valid TFLite flatbuffer, saying why
   */
  public static ModelInspectorReport inspect(byte[] model) {
    ModelVerifier.verify(model);
    Model m = Model.getRootAsModel(ByteBuffer.wrap(model));
    List<ModelInspectorReport.Subgraph> subgraphs = new ArrayList<>();
    for (int s = 0; s < m.subgraphsLength(); s++) {
      subgraphs.add(subgraph(m, s));
    }
    List<ModelInspectorReport.Signature> signatures = new ArrayList<>();
    for (int i = 0; i < m.signatureDefsLength(); i++) {
      SignatureDef sig = m.signatureDefs(i);
      signatures.add(new ModelInspectorReport.Signature(nonNull(sig.signatureKey()),
          (int) sig.subgraphIndex(), tensorMap(sig, true), tensorMap(sig, false)));
    }
    List<String> metadata = new ArrayList<>();
    for (int i = 0; i < m.metadataLength(); i++) {
      Metadata md = m.metadata(i);
      metadata.add(nonNull(md.name()));
    }
    return new ModelInspectorReport(m.version(), nonNull(m.description()), model.length,
        subgraphs, signatures, metadata);
  }

  /**
   * The builtin operator code of {@code code}: the larger of {@code deprecated_builtin_code} and
   * {@code builtin_code}, the rule TFLite itself applies (codes ≥ 127 only fit the new field).
   */
  public static int builtinCode(OperatorCode code) {
    return Math.max(code.deprecatedBuiltinCode(), code.builtinCode());
  }

  /** The builtin operator's name (e.g. CONV_2D), {@code CUSTOM:name}, or {@code BUILTIN_<n>}. */
  public static String opName(OperatorCode code) {
    int builtin = builtinCode(code);
    if (builtin == BuiltinOperator.CUSTOM) {
      return "CUSTOM:" + nonNull(code.customCode());
    }
    return opName(builtin);
  }

  /** The name of builtin operator code {@code builtin}, or {@code BUILTIN_<n>} when unknown. */
  public static String opName(int builtin) {
    if (builtin >= 0 && builtin < BuiltinOperator.names.length) {
      return BuiltinOperator.name(builtin);
    }
    return "BUILTIN_" + builtin;
  }

  /** The name of TensorType {@code type}, or {@code TYPE_<n>} when unknown. */
  public static String typeName(int type) {
    if (type >= 0 && type < TensorType.names.length) {
      return TensorType.name(type);
    }
    return "TYPE_" + type;
  }

  private static ModelInspectorReport.Subgraph subgraph(Model m, int s) {
    SubGraph g = m.subgraphs(s);
    List<ModelInspectorReport.Tensor> tensors = new ArrayList<>();
    for (int i = 0; i < g.tensorsLength(); i++) {
      tensors.add(tensor(m, g.tensors(i), i));
    }
    List<ModelInspectorReport.Op> ops = new ArrayList<>();
    for (int i = 0; i < g.operatorsLength(); i++) {
      Operator op = g.operators(i);
      OperatorCode code = m.operatorCodes((int) op.opcodeIndex());
      int[] in = new int[op.inputsLength()];
      for (int k = 0; k < in.length; k++) {
        in[k] = op.inputs(k);
      }
      int[] out = new int[op.outputsLength()];
      for (int k = 0; k < out.length; k++) {
        out[k] = op.outputs(k);
      }
      ops.add(new ModelInspectorReport.Op(opName(code), code.version(), in, out));
    }
    int[] inputs = new int[g.inputsLength()];
    for (int k = 0; k < inputs.length; k++) {
      inputs[k] = g.inputs(k);
    }
    int[] outputs = new int[g.outputsLength()];
    for (int k = 0; k < outputs.length; k++) {
      outputs[k] = g.outputs(k);
    }
    return new ModelInspectorReport.Subgraph(s, nonNull(g.name()), tensors, inputs, outputs, ops);
  }

  private static ModelInspectorReport.Tensor tensor(Model m, Tensor t, int index) {
    int[] shape = new int[t.shapeLength()];
    for (int k = 0; k < shape.length; k++) {
      shape[k] = t.shape(k);
    }
    int[] signature = shape.clone();
    if (t.shapeSignatureLength() == shape.length) {
      for (int k = 0; k < shape.length; k++) {
        signature[k] = t.shapeSignature(k);
      }
    }
    float[] scale = new float[0];
    long[] zero = new long[0];
    QuantizationParameters q = t.quantization();
    if (q != null && q.scaleLength() > 0) {
      scale = new float[q.scaleLength()];
      for (int k = 0; k < scale.length; k++) {
        scale[k] = q.scale(k);
      }
      zero = new long[q.zeroPointLength()];
      for (int k = 0; k < zero.length; k++) {
        zero[k] = q.zeroPoint(k);
      }
    }
    int bufferIndex = (int) t.buffer();
    int bytes = 0;
    if (bufferIndex > 0 && bufferIndex < m.buffersLength()) {
      Buffer b = m.buffers(bufferIndex);
      bytes = b.dataLength();
    }
    return new ModelInspectorReport.Tensor(index, nonNull(t.name()), typeName(t.type()), shape,
        signature, scale, zero, t.isVariable(), bufferIndex, bytes);
  }

  private static Map<String, Integer> tensorMap(SignatureDef sig, boolean inputs) {
    Map<String, Integer> map = new LinkedHashMap<>();
    int n = inputs ? sig.inputsLength() : sig.outputsLength();
    for (int i = 0; i < n; i++) {
      TensorMap tm = inputs ? sig.inputs(i) : sig.outputs(i);
      map.put(nonNull(tm.name()), (int) tm.tensorIndex());
    }
    return map;
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }
}
