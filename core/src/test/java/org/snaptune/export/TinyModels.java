package org.snaptune.export;

import com.google.flatbuffers.FlatBufferBuilder;
import org.tensorflow.lite.schema.BufferT;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.Model;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.OperatorCodeT;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.SignatureDefT;
import org.tensorflow.lite.schema.SubGraphT;
import org.tensorflow.lite.schema.TensorMapT;
import org.tensorflow.lite.schema.TensorT;
import org.tensorflow.lite.schema.TensorType;

/**
 * Structurally valid .tflite files with just the tensors and signatures the bundle checks look at
 * (placeholder operators so every output has a producer: they are never run, only inspected).
 */
final class TinyModels {

  private TinyModels() {}

  /** An image model: input {@code type [1,h,w,3]}, outputs logits [1,5] and embedding [1,1,1,d]. */
  static byte[] backbone(int h, int w, byte type, int d) {
    SubGraphT g = new SubGraphT();
    g.setTensors(new TensorT[] {
        tensor("input", type, 1, h, w, 3), tensor("logits", TensorType.FLOAT32, 1, 5),
        tensor("embedding", TensorType.FLOAT32, 1, 1, 1, d)});
    g.setInputs(new int[] {0});
    g.setOutputs(new int[] {1, 2});
    g.setOperators(new OperatorT[] {op(2, 0, 1), op(2, 0, 2)});
    g.setName("main");
    return pack(new SubGraphT[] {g}, new SignatureDefT[0]);
  }

  /** A head model whose {@code infer} maps x [1,d] to probabilities [1,c]. */
  static byte[] head(int d, int c) {
    SubGraphT g = new SubGraphT();
    g.setTensors(new TensorT[] {tensor("x", TensorType.FLOAT32, 1, d),
        tensor("probabilities", TensorType.FLOAT32, 1, c), tensor("logits", TensorType.FLOAT32, 1, c)});
    g.setInputs(new int[] {0});
    g.setOutputs(new int[] {1, 2});
    g.setOperators(new OperatorT[] {op(0, 0, 2), op(1, 2, 1)});
    SignatureDefT sig = new SignatureDefT();
    sig.setSignatureKey("infer");
    sig.setSubgraphIndex(0);
    sig.setInputs(new TensorMapT[] {map("x", 0)});
    sig.setOutputs(new TensorMapT[] {map("probabilities", 1), map("logits", 2)});
    return pack(new SubGraphT[] {g}, new SignatureDefT[] {sig});
  }

  /** Operator codes of every tiny model: 0 = RESHAPE, 1 = SOFTMAX, 2 = CAST (changes type). */
  private static OperatorCodeT[] codes() {
    OperatorCodeT reshape = new OperatorCodeT();
    reshape.setBuiltinCode(BuiltinOperator.RESHAPE);
    reshape.setDeprecatedBuiltinCode((byte) BuiltinOperator.RESHAPE);
    reshape.setVersion(1);
    OperatorCodeT softmax = new OperatorCodeT();
    softmax.setBuiltinCode(BuiltinOperator.SOFTMAX);
    softmax.setDeprecatedBuiltinCode((byte) BuiltinOperator.SOFTMAX);
    softmax.setVersion(1);
    OperatorCodeT cast = new OperatorCodeT();
    cast.setBuiltinCode(BuiltinOperator.CAST);
    cast.setDeprecatedBuiltinCode((byte) BuiltinOperator.CAST);
    cast.setVersion(1);
    return new OperatorCodeT[] {reshape, softmax, cast};
  }

  private static OperatorT op(int code, int in, int out) {
    OperatorT op = new OperatorT();
    op.setOpcodeIndex(code);
    op.setInputs(new int[] {in});
    op.setOutputs(new int[] {out});
    return op;
  }

  private static TensorMapT map(String name, int index) {
    TensorMapT m = new TensorMapT();
    m.setName(name);
    m.setTensorIndex(index);
    return m;
  }

  private static TensorT tensor(String name, byte type, int... shape) {
    TensorT t = new TensorT();
    t.setName(name);
    t.setType(type);
    t.setShape(shape);
    t.setBuffer(0);
    return t;
  }

  private static byte[] pack(SubGraphT[] graphs, SignatureDefT[] sigs) {
    ModelT m = new ModelT();
    m.setVersion(3);
    m.setSubgraphs(graphs);
    m.setOperatorCodes(codes());
    m.setBuffers(new BufferT[] {new BufferT()});
    m.setSignatureDefs(sigs);
    m.setDescription("bundle test model");
    FlatBufferBuilder fbb = new FlatBufferBuilder(1024);
    Model.finishModelBuffer(fbb, Model.pack(fbb, m));
    return fbb.sizedByteArray();
  }
}
