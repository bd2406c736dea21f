package org.snaptune.fuzz;

import com.google.flatbuffers.FlatBufferBuilder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.tensorflow.lite.schema.BufferT;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.Model;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.OperatorCodeT;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.QuantizationParametersT;
import org.tensorflow.lite.schema.SubGraphT;
import org.tensorflow.lite.schema.TensorT;

/**
 * Deterministic model mutants for the fuzz harness: mutant {@code i} of a seed is a pure function
 * of (seed, i), so a child process can regenerate the one that crashed. Half are byte-level edits
 * aimed mostly at the flatbuffer's structure (not the weight bytes, where edits are harmless), half
 * schema-aware field edits of the kinds that once crashed the runtime: tensor types, shapes,
 * quantization, constant sizes, operator inputs and outputs, operator codes and options, subgraph
 * inputs and outputs, and signature maps ({@link SchemaEdits} holds the option, index and
 * signature edits). Not thread-safe (one instance per thread).
 */
final class ModelMutator {

  private static final byte[] TYPES = {0, 1, 2, 3, 4, 6, 7, 9, 10, 13, 14, 16, 17};
  private static final int[] OPS = {BuiltinOperator.ADD, BuiltinOperator.CONV_2D,
      BuiltinOperator.DEPTHWISE_CONV_2D, BuiltinOperator.FULLY_CONNECTED, BuiltinOperator.RESHAPE,
      BuiltinOperator.SOFTMAX, BuiltinOperator.AVERAGE_POOL_2D, BuiltinOperator.MAX_POOL_2D,
      BuiltinOperator.MEAN, BuiltinOperator.MUL, BuiltinOperator.CONCATENATION,
      BuiltinOperator.SQUEEZE, BuiltinOperator.PAD, BuiltinOperator.TRANSPOSE,
      BuiltinOperator.GATHER, BuiltinOperator.STRIDED_SLICE, BuiltinOperator.QUANTIZE,
      BuiltinOperator.DEQUANTIZE, BuiltinOperator.READ_VARIABLE, BuiltinOperator.CALL_ONCE,
      BuiltinOperator.RESIZE_BILINEAR, BuiltinOperator.LOGISTIC, BuiltinOperator.SPLIT};

  /** A model to mutate, with the byte ranges that are not weight data. */
  static final class Seed {
    final String name;
    final byte[] bytes;
    final int[] structure; // offsets outside buffer data, sampled for byte-level edits

    Seed(String name, byte[] bytes) {
      this.name = name;
      this.bytes = bytes;
      this.structure = structureOffsets(bytes);
    }
  }

  private final List<Seed> seeds;
  private final long seed;
  /** What the last mutant changed, for reports. */
  String lastEdit = "";

  ModelMutator(List<Seed> seeds, long seed) {
    this.seeds = seeds;
    this.seed = seed;
  }

  byte[] mutant(int i) {
    Random r = new Random(mix(seed, i, 1));
    Seed s = seeds.get(r.nextInt(seeds.size()));
    if (r.nextBoolean()) {
      return byteLevel(s, r);
    }
    try {
      return schemaAware(s, r);
    } catch (RuntimeException e) {
      // An edit the object API cannot pack (e.g. a negative size): fall back to bytes.
      return byteLevel(s, r);
    }
  }

  private byte[] byteLevel(Seed s, Random r) {
    byte[] b = s.bytes.clone();
    int edits = 1 + r.nextInt(3);
    StringBuilder what = new StringBuilder(s.name + " bytes");
    for (int k = 0; k < edits; k++) {
      int at = r.nextInt(10) < 9 && s.structure.length > 0
          ? s.structure[r.nextInt(s.structure.length)] : r.nextInt(b.length);
      int old = b[at] & 0xff;
      switch (r.nextInt(6)) {
        case 0: b[at] = (byte) (old ^ (1 << r.nextInt(8))); break;
        case 1: b[at] = (byte) (old - 1); break;
        case 2: b[at] = (byte) (old + 1); break;
        case 3: b[at] = 0; break;
        case 4: b[at] = (byte) 0xff; break;
        default: b[at] = (byte) r.nextInt(256); break;
      }
      what.append(String.format(" @0x%x %02x->%02x", at, old, b[at] & 0xff));
    }
    lastEdit = what.toString();
    return b;
  }

  private byte[] schemaAware(Seed s, Random r) {
    ModelT m = Model.getRootAsModel(ByteBuffer.wrap(s.bytes).order(ByteOrder.LITTLE_ENDIAN))
        .unpack();
    SubGraphT g = m.getSubgraphs()[r.nextInt(m.getSubgraphs().length)];
    TensorT[] tensors = g.getTensors();
    OperatorT[] ops = g.getOperators();
    String what;
    int kind = r.nextInt(12);
    if (ops.length == 0 && (kind == 3 || kind == 4 || kind == 5 || kind == 10)) {
      kind = 0;
    }
    switch (kind) {
      case 0: {
        TensorT t = tensors[SchemaEdits.pickTensor(g, r)];
        byte type = TYPES[r.nextInt(TYPES.length)];
        what = "tensor " + t.getName() + " type " + t.getType() + "->" + type;
        t.setType(type);
        break;
      }
      case 1: {
        TensorT t = tensors[SchemaEdits.pickTensor(g, r)];
        int[] shape = t.getShape() == null ? new int[0] : t.getShape().clone();
        what = "tensor " + t.getName() + " shape " + Arrays.toString(shape);
        if (shape.length == 0 || r.nextInt(4) == 0) {
          shape = r.nextBoolean() ? Arrays.copyOf(shape, shape.length + 1)
              : Arrays.copyOf(shape, Math.max(0, shape.length - 1));
          if (shape.length > 0 && shape[shape.length - 1] == 0) {
            shape[shape.length - 1] = 1;
          }
        } else {
          int d = r.nextInt(shape.length);
          int[] choices = {0, 1, shape[d] - 1, shape[d] + 1, shape[d] * 2, 1 + r.nextInt(4096)};
          shape[d] = Math.max(0, choices[r.nextInt(choices.length)]);
        }
        t.setShape(shape);
        what += "->" + Arrays.toString(shape);
        break;
      }
      case 2: {
        TensorT t = tensors[SchemaEdits.pickTensor(g, r)];
        QuantizationParametersT q = t.getQuantization();
        what = "tensor " + t.getName() + " quantization";
        if (q == null || r.nextInt(3) == 0) {
          t.setQuantization(null);
          what += " removed";
        } else {
          float[] scales = {0f, -1f, Float.NaN, Float.POSITIVE_INFINITY, 1e-30f, 1e30f};
          switch (r.nextInt(4)) {
            case 0: q.setScale(new float[] {scales[r.nextInt(scales.length)]}); break;
            case 1: q.setZeroPoint(new long[] {r.nextInt(1 << 16) - (1 << 15)}); break;
            case 2: q.setScale(new float[] {0.1f, 0.2f}); q.setZeroPoint(new long[] {0, 0}); break;
            default: q.setQuantizedDimension(r.nextInt(6) - 1); break;
          }
          what += " edited";
        }
        break;
      }
      case 3: {
        OperatorT op = ops[r.nextInt(ops.length)];
        op.setInputs(SchemaEdits.editIndices(op.getInputs(), tensors.length, r));
        what = "operator inputs -> " + Arrays.toString(op.getInputs());
        break;
      }
      case 4: {
        OperatorT op = ops[r.nextInt(ops.length)];
        op.setOutputs(SchemaEdits.editIndices(op.getOutputs(), tensors.length, r));
        what = "operator outputs -> " + Arrays.toString(op.getOutputs());
        break;
      }
      case 5: {
        OperatorT op = ops[r.nextInt(ops.length)];
        op.setOpcodeIndex(r.nextInt(m.getOperatorCodes().length));
        what = "operator opcode index -> " + op.getOpcodeIndex();
        break;
      }
      case 6: {
        OperatorCodeT oc = m.getOperatorCodes()[r.nextInt(m.getOperatorCodes().length)];
        int op = OPS[r.nextInt(OPS.length)];
        oc.setBuiltinCode(op);
        oc.setDeprecatedBuiltinCode((byte) Math.min(op, 127));
        if (r.nextBoolean()) {
          oc.setVersion(1 + r.nextInt(8));
        }
        what = "operator code -> " + BuiltinOperator.name(op) + " v" + oc.getVersion();
        break;
      }
      case 7: {
        BufferT[] buffers = m.getBuffers();
        int bi = r.nextInt(buffers.length);
        int[] data = buffers[bi].getData() == null ? new int[0] : buffers[bi].getData();
        int len = data.length == 0 ? 4 * (1 + r.nextInt(8)) : r.nextBoolean()
            ? Math.max(0, data.length - (1 + r.nextInt(Math.max(1, data.length / 2))))
            : data.length + 1 + r.nextInt(64);
        buffers[bi].setData(Arrays.copyOf(data, len));
        what = "buffer " + bi + " data " + data.length + "->" + len + " bytes";
        break;
      }
      case 8: {
        TensorT t = tensors[SchemaEdits.pickTensor(g, r)];
        t.setBuffer(r.nextInt(m.getBuffers().length));
        what = "tensor " + t.getName() + " buffer -> " + t.getBuffer();
        break;
      }
      case 9: {
        if (r.nextBoolean()) {
          g.setInputs(SchemaEdits.editIndices(g.getInputs(), tensors.length, r));
          what = "subgraph inputs -> " + Arrays.toString(g.getInputs());
        } else {
          g.setOutputs(SchemaEdits.editIndices(g.getOutputs(), tensors.length, r));
          what = "subgraph outputs -> " + Arrays.toString(g.getOutputs());
        }
        break;
      }
      case 10:
        what = SchemaEdits.options(ops[r.nextInt(ops.length)], r);
        break;
      default:
        what = SchemaEdits.signature(m, r);
        break;
    }
    lastEdit = s.name + " " + what;
    FlatBufferBuilder fbb = new FlatBufferBuilder(s.bytes.length + 1024);
    Model.finishModelBuffer(fbb, Model.pack(fbb, m));
    return fbb.sizedByteArray();
  }

  /** Offsets of {@code model} outside the data of its buffers. */
  static int[] structureOffsets(byte[] model) {
    Model m = Model.getRootAsModel(ByteBuffer.wrap(model).order(ByteOrder.LITTLE_ENDIAN));
    boolean[] weight = new boolean[model.length];
    for (int i = 0; i < m.buffersLength(); i++) {
      ByteBuffer d = m.buffers(i).dataAsByteBuffer();
      if (d != null) {
        for (int k = d.position(); k < d.limit(); k++) {
          weight[k] = true;
        }
      }
    }
    List<Integer> out = new ArrayList<>();
    for (int k = 0; k < model.length; k++) {
      if (!weight[k]) {
        out.add(k);
      }
    }
    int[] a = new int[out.size()];
    for (int k = 0; k < a.length; k++) {
      a[k] = out.get(k);
    }
    return a;
  }

  /** A well-mixed seed per mutant: java.util.Random's first outputs for adjacent seeds agree. */
  static long mix(long seed, int i, int stream) {
    long z = seed * 0x9E3779B97F4A7C15L + i * 0xBF58476D1CE4E5B9L + stream;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
