package org.snaptune.model;

import com.google.flatbuffers.FlatBufferBuilder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.lite.schema.Buffer;
import org.tensorflow.lite.schema.Model;
import org.tensorflow.lite.schema.Operator;
import org.tensorflow.lite.schema.OperatorCode;
import org.tensorflow.lite.schema.SignatureDef;
import org.tensorflow.lite.schema.SubGraph;
import org.tensorflow.lite.schema.Tensor;
import org.tensorflow.lite.schema.TensorMap;
import org.tensorflow.lite.schema.TensorType;

/**
 * Writes a TFLite flatbuffer from subgraphs described in Java: tensors, constant buffers, builtin
 * operators and signatures. Only builtin operators are written (no custom or Flex ops), each at
 * version 1, with the operator-code rule of schema v3a: codes of 127 and above are stored in
 * {@code builtin_code} with {@code deprecated_builtin_code = 127}.
 *
 * <p>Constant buffers are 16-byte aligned in the output, as the TFLite converter writes them, so
 * float data can be read in place on ARM.
 *
 * <p>Not thread-safe: one writer builds one model on one thread, then {@link #toByteArray()}.
 */
public final class TfliteModelWriter {

  /** Writes one operator's builtin options table into the builder; returns its offset. */
  public interface Options {
    int write(FlatBufferBuilder builder);
  }

  private final List<byte[]> buffers = new ArrayList<>();
  private final Map<Integer, Integer> opcodeIndex = new LinkedHashMap<>();
  private final List<Graph> subgraphs = new ArrayList<>();
  private final List<Signature> signatures = new ArrayList<>();
  private String description = "";

  public TfliteModelWriter() {
    // Buffer 0 is the empty sentinel that every non-constant tensor points to.
    buffers.add(new byte[0]);
  }

  /** A free-text description stored in the model (for example the spec that produced it). */
  public TfliteModelWriter description(String text) {
    this.description = text;
    return this;
  }

  /** Adds a new, empty subgraph; its index is the order of creation. */
  public Graph addSubgraph(String name) {
    Graph graph = new Graph(subgraphs.size(), name);
    subgraphs.add(graph);
    return graph;
  }

  /**
   * Declares a signature over {@code graph}: the graph's inputs and outputs become the signature's
   * inputs and outputs under the given names (map order is file order).
   */
  public void addSignature(String key, Graph graph, Map<String, Integer> inputs,
      Map<String, Integer> outputs) {
    int[] in = new int[inputs.size()];
    int i = 0;
    for (int t : inputs.values()) {
      in[i++] = t;
    }
    int[] out = new int[outputs.size()];
    i = 0;
    for (int t : outputs.values()) {
      out[i++] = t;
    }
    graph.inputs = in;
    graph.outputs = out;
    signatures.add(new Signature(key, graph.index, new LinkedHashMap<>(inputs),
        new LinkedHashMap<>(outputs)));
  }

  private int opcode(int builtin) {
    Integer index = opcodeIndex.get(builtin);
    if (index == null) {
      index = opcodeIndex.size();
      opcodeIndex.put(builtin, index);
    }
    return index;
  }

  private int addBuffer(byte[] data) {
    buffers.add(data);
    return buffers.size() - 1;
  }

  /** Serialises the model. The writer may not be modified afterwards. */
  public byte[] toByteArray() {
    long bytes = 1024;
    for (byte[] b : buffers) {
      bytes += b.length + 16;
    }
    if (bytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("model too large for one flatbuffer: about " + bytes
          + " bytes of constants; the limit is 2 GiB");
    }
    FlatBufferBuilder fb = new FlatBufferBuilder((int) Math.min(bytes + 64 * 1024, Integer.MAX_VALUE - 8));

    int[] bufferOffsets = new int[buffers.size()];
    for (int i = buffers.size() - 1; i >= 0; i--) {
      byte[] data = buffers.get(i);
      int dataOffset = 0;
      if (data.length > 0) {
        ByteBuffer target = fb.createUnintializedVector(1, data.length, 16);
        target.put(data);
        dataOffset = fb.endVector();
      }
      Buffer.startBuffer(fb);
      if (data.length > 0) {
        Buffer.addData(fb, dataOffset);
      }
      bufferOffsets[i] = Buffer.endBuffer(fb);
    }
    int buffersVector = Model.createBuffersVector(fb, bufferOffsets);

    int[] graphOffsets = new int[subgraphs.size()];
    for (int i = 0; i < subgraphs.size(); i++) {
      graphOffsets[i] = subgraphs.get(i).write(fb);
    }
    int graphsVector = Model.createSubgraphsVector(fb, graphOffsets);

    int[] codeOffsets = new int[opcodeIndex.size()];
    int c = 0;
    for (int builtin : opcodeIndex.keySet()) {
      OperatorCode.startOperatorCode(fb);
      OperatorCode.addDeprecatedBuiltinCode(fb, (byte) Math.min(builtin, 127));
      OperatorCode.addBuiltinCode(fb, builtin);
      OperatorCode.addVersion(fb, 1);
      codeOffsets[c++] = OperatorCode.endOperatorCode(fb);
    }
    int codesVector = Model.createOperatorCodesVector(fb, codeOffsets);

    int[] sigOffsets = new int[signatures.size()];
    for (int i = 0; i < signatures.size(); i++) {
      sigOffsets[i] = signatures.get(i).write(fb);
    }
    int sigVector = Model.createSignatureDefsVector(fb, sigOffsets);
    int desc = fb.createString(description);

    Model.startModel(fb);
    Model.addVersion(fb, 3);
    Model.addOperatorCodes(fb, codesVector);
    Model.addSubgraphs(fb, graphsVector);
    Model.addDescription(fb, desc);
    Model.addBuffers(fb, buffersVector);
    Model.addSignatureDefs(fb, sigVector);
    int model = Model.endModel(fb);
    Model.finishModelBuffer(fb, model);
    return fb.sizedByteArray();
  }

  /** Little-endian float32 bytes of {@code values}. */
  static byte[] floatBytes(float[] values) {
    ByteBuffer bb = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    bb.asFloatBuffer().put(values);
    return bb.array();
  }

  /** Little-endian int32 bytes of {@code values}. */
  static byte[] intBytes(int[] values) {
    ByteBuffer bb = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    bb.asIntBuffer().put(values);
    return bb.array();
  }

  private static final class Signature {
    final String key;
    final int subgraph;
    final Map<String, Integer> inputs;
    final Map<String, Integer> outputs;

    Signature(String key, int subgraph, Map<String, Integer> inputs, Map<String, Integer> outputs) {
      this.key = key;
      this.subgraph = subgraph;
      this.inputs = inputs;
      this.outputs = outputs;
    }

    int write(FlatBufferBuilder fb) {
      int in = SignatureDef.createInputsVector(fb, maps(fb, inputs));
      int out = SignatureDef.createOutputsVector(fb, maps(fb, outputs));
      int k = fb.createString(key);
      SignatureDef.startSignatureDef(fb);
      SignatureDef.addInputs(fb, in);
      SignatureDef.addOutputs(fb, out);
      SignatureDef.addSignatureKey(fb, k);
      SignatureDef.addSubgraphIndex(fb, subgraph);
      return SignatureDef.endSignatureDef(fb);
    }

    private static int[] maps(FlatBufferBuilder fb, Map<String, Integer> entries) {
      int[] offsets = new int[entries.size()];
      int i = 0;
      for (Map.Entry<String, Integer> e : entries.entrySet()) {
        int name = fb.createString(e.getKey());
        offsets[i++] = TensorMap.createTensorMap(fb, name, e.getValue());
      }
      return offsets;
    }
  }

  private static final class TensorDef {
    final String name;
    final byte type;
    final int[] shape;
    final int[] shapeSignature;
    final int buffer;

    TensorDef(String name, byte type, int[] shape, int[] shapeSignature, int buffer) {
      this.name = name;
      this.type = type;
      this.shape = shape;
      this.shapeSignature = shapeSignature;
      this.buffer = buffer;
    }
  }

  private static final class OpDef {
    final int opcode;
    final int[] inputs;
    final int[] outputs;
    final byte optionsType;
    final Options options;

    OpDef(int opcode, int[] inputs, int[] outputs, byte optionsType, Options options) {
      this.opcode = opcode;
      this.inputs = inputs;
      this.outputs = outputs;
      this.optionsType = optionsType;
      this.options = options;
    }
  }

  /** One subgraph under construction: tensors are numbered in creation order. */
  public final class Graph {
    private final int index;
    private final String name;
    private final List<TensorDef> tensors = new ArrayList<>();
    private final List<OpDef> ops = new ArrayList<>();
    private int[] inputs = new int[0];
    private int[] outputs = new int[0];

    private Graph(int index, String name) {
      this.index = index;
      this.name = name;
    }

    /** This subgraph's index in the model. */
    public int index() {
      return index;
    }

    /** A float32 activation tensor of the given static shape. */
    public int tensor(String tensorName, int... shape) {
      return tensor(tensorName, TensorType.FLOAT32, shape);
    }

    /** An activation tensor of any type. */
    public int tensor(String tensorName, byte type, int... shape) {
      tensors.add(new TensorDef(tensorName, type, shape.clone(), null, 0));
      return tensors.size() - 1;
    }

    /** A float32 tensor whose dimensions marked -1 in {@code signature} may be resized. */
    public int dynamicTensor(String tensorName, int[] shape, int[] signature) {
      tensors.add(new TensorDef(tensorName, TensorType.FLOAT32, shape.clone(), signature.clone(), 0));
      return tensors.size() - 1;
    }

    /** A float32 constant; {@code values.length} must equal the product of {@code shape}. */
    public int constant(String tensorName, float[] values, int... shape) {
      checkSize(tensorName, values.length, shape);
      int buffer = addBuffer(floatBytes(values));
      tensors.add(new TensorDef(tensorName, TensorType.FLOAT32, shape.clone(), null, buffer));
      return tensors.size() - 1;
    }

    /** A float32 scalar constant (shape []). */
    public int scalar(String tensorName, float value) {
      return constant(tensorName, new float[] {value});
    }

    /** An int32 constant vector. */
    public int intVector(String tensorName, int... values) {
      int buffer = addBuffer(intBytes(values));
      tensors.add(new TensorDef(tensorName, TensorType.INT32, new int[] {values.length}, null, buffer));
      return tensors.size() - 1;
    }

    /** The static shape declared for tensor {@code t}. */
    public int[] shape(int t) {
      return tensors.get(t).shape.clone();
    }

    /** Appends an operator; operators run in the order they are added. */
    public void op(int builtin, int[] in, int[] out, byte optionsType, Options options) {
      ops.add(new OpDef(opcode(builtin), in.clone(), out.clone(), optionsType, options));
    }

    /** Appends an operator without builtin options. */
    public void op(int builtin, int[] in, int... out) {
      op(builtin, in, out, (byte) 0, null);
    }

    private void checkSize(String tensorName, int count, int[] shape) {
      long n = 1;
      for (int d : shape) {
        n *= d;
      }
      if (n != count) {
        throw new IllegalStateException("constant " + tensorName + " has " + count
            + " values for a shape holding " + n);
      }
    }

    private int write(FlatBufferBuilder fb) {
      int[] tensorOffsets = new int[tensors.size()];
      for (int i = 0; i < tensors.size(); i++) {
        TensorDef t = tensors.get(i);
        int shape = Tensor.createShapeVector(fb, t.shape);
        int sig = t.shapeSignature == null ? 0 : Tensor.createShapeSignatureVector(fb, t.shapeSignature);
        int n = fb.createString(t.name);
        Tensor.startTensor(fb);
        Tensor.addShape(fb, shape);
        Tensor.addType(fb, t.type);
        Tensor.addBuffer(fb, t.buffer);
        Tensor.addName(fb, n);
        if (sig != 0) {
          Tensor.addShapeSignature(fb, sig);
        }
        tensorOffsets[i] = Tensor.endTensor(fb);
      }
      int[] opOffsets = new int[ops.size()];
      for (int i = 0; i < ops.size(); i++) {
        OpDef op = ops.get(i);
        int in = Operator.createInputsVector(fb, op.inputs);
        int out = Operator.createOutputsVector(fb, op.outputs);
        int opts = op.options == null ? 0 : op.options.write(fb);
        Operator.startOperator(fb);
        Operator.addOpcodeIndex(fb, op.opcode);
        Operator.addInputs(fb, in);
        Operator.addOutputs(fb, out);
        if (op.options != null) {
          Operator.addBuiltinOptionsType(fb, op.optionsType);
          Operator.addBuiltinOptions(fb, opts);
        }
        opOffsets[i] = Operator.endOperator(fb);
      }
      int tensorsVector = SubGraph.createTensorsVector(fb, tensorOffsets);
      int inputsVector = SubGraph.createInputsVector(fb, inputs);
      int outputsVector = SubGraph.createOutputsVector(fb, outputs);
      int opsVector = SubGraph.createOperatorsVector(fb, opOffsets);
      int n = fb.createString(name);
      SubGraph.startSubGraph(fb);
      SubGraph.addTensors(fb, tensorsVector);
      SubGraph.addInputs(fb, inputsVector);
      SubGraph.addOutputs(fb, outputsVector);
      SubGraph.addOperators(fb, opsVector);
      SubGraph.addName(fb, n);
      return SubGraph.endSubGraph(fb);
    }
  }
}
