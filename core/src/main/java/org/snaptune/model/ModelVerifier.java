package org.snaptune.model;

import java.nio.ByteBuffer;
import org.snaptune.model.FlatBufferChecker.Table;
import org.snaptune.model.FlatBufferChecker.Vector;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.TensorType;

/**
 * Pure-Java structural verifier of .tflite files, run before any bytes reach native code (the app
 * runs it on Android before creating an interpreter; the host runner and the command line run it
 * too). It checks the file identifier {@code TFL3}, bounds and alignment of every table, vector and
 * string reachable from the root (as the C++ flatbuffers verifier does), that strings are UTF-8,
 * and then what the native runtime trusts without checking: indices in range (operator code,
 * tensor, buffer, subgraph in signatures, CALL_ONCE, IF, WHILE and CALL, metadata buffer), external
 * buffer offsets inside the file, each operator's options table of the kind its code expects
 * ({@link ModelVerifierOptions}), and dataflow: operators read only tensors that already hold data
 * and never overwrite one ({@link ModelVerifierDataflow}). Random corruption of a model therefore
 * fails here with a reason instead of crashing TFLite's kernels; a deliberately crafted model that
 * is consistent but exploits a kernel bug is beyond a structural check.
 *
 * <p>Fields newer than the bundled schema (tensorflow-lite-metadata 0.4.4) are not interpreted; a
 * builtin-options union type the schema does not know is rejected. Stateless and thread-safe.
 */
public final class ModelVerifier {

  /** TensorType values this schema knows: FLOAT32 (0) … INT4 (17). */
  private static final int MAX_TENSOR_TYPE = TensorType.INT4;

  private ModelVerifier() {}

  /**
   * Verifies {@code model}.
   *
   * @throws IllegalArgumentException naming the first problem and its byte offset
   */
  public static void verify(byte[] model) {
    if (model == null) {
      throw new IllegalArgumentException("model bytes are null");
    }
    verify(ByteBuffer.wrap(model));
  }

  /** Verifies the bytes between {@code model}'s position and limit; does not move the position. */
  public static void verify(ByteBuffer model) {
    if (model == null) {
      throw new IllegalArgumentException("model bytes are null");
    }
    FlatBufferChecker c = new FlatBufferChecker(model);
    if (c.length() < 8) {
      throw new IllegalArgumentException("invalid .tflite file: " + c.length()
          + " bytes, a TFLite flatbuffer has at least 8 (root offset and identifier TFL3)");
    }
    ByteBuffer b = c.buffer();
    if (b.get(4) != 'T' || b.get(5) != 'F' || b.get(6) != 'L' || b.get(7) != '3') {
      throw new IllegalArgumentException("invalid .tflite file: file identifier (bytes 4-7) is not"
          + " TFL3; this is not a TFLite flatbuffer");
    }
    new ModelVerifier.Walk(c).model(c.table(c.deref(0, "root"), "Model"));
  }

  /**
   * True when a buffer of the (already verified) model keeps its data outside the flatbuffer
   * (the large-model layout with {@code Buffer.offset}), which the bundled schema cannot rewrite.
   */
  static boolean hasExternalBuffers(byte[] model) {
    FlatBufferChecker c = new FlatBufferChecker(ByteBuffer.wrap(model));
    Table m = c.table(c.deref(0, "root"), "Model");
    Vector buffers = c.vector(m, 12, 4, "Model.buffers");
    for (int i = 0; buffers != null && i < buffers.count; i++) {
      if (c.longField(c.tableAt(buffers, i, "Buffer"), 6, 0, "Buffer offset") > 1) {
        return true;
      }
    }
    return false;
  }

  /** One verification pass; the counts gathered first bound the indices checked later. */
  private static final class Walk {
    private final FlatBufferChecker c;
    private int opcodeCount;
    private int bufferCount;
    private int subgraphCount;
    private int[] tensorCounts;
    private int[] builtinCodes;
    private boolean[] bufferHasData;
    private long[] bufferBytes;
    private long[] bufferStart;
    private int[][] subgraphInputs;
    private int[][] subgraphOutputs;

    Walk(FlatBufferChecker c) {
      this.c = c;
    }

    void model(Table m) {
      c.uintField(m, 4, 0, "Model.version");
      Vector codes = c.vector(m, 6, 4, "Model.operator_codes");
      opcodeCount = codes == null ? 0 : codes.count;
      builtinCodes = new int[opcodeCount];
      for (int i = 0; i < opcodeCount; i++) {
        Table oc = c.tableAt(codes, i, "OperatorCode " + i);
        int deprecated = c.byteField(oc, 4, 0, "OperatorCode.deprecated_builtin_code");
        c.string(oc, 6, "OperatorCode.custom_code");
        c.intField(oc, 8, 1, "OperatorCode.version");
        builtinCodes[i] = Math.max(deprecated,
            c.intField(oc, 10, 0, "OperatorCode.builtin_code"));
      }
      c.string(m, 10, "Model.description");
      Vector buffers = c.vector(m, 12, 4, "Model.buffers");
      bufferCount = buffers == null ? 0 : buffers.count;
      bufferHasData = new boolean[bufferCount];
      bufferBytes = new long[bufferCount];
      bufferStart = new long[bufferCount];
      for (int i = 0; i < bufferCount; i++) {
        buffer(c.tableAt(buffers, i, "Buffer " + i), i);
      }
      Vector subgraphs = c.vector(m, 8, 4, "Model.subgraphs");
      subgraphCount = subgraphs == null ? 0 : subgraphs.count;
      if (subgraphCount == 0) {
        throw new IllegalArgumentException("invalid .tflite file: the model has no subgraphs");
      }
      Table[] sgs = new Table[subgraphCount];
      tensorCounts = new int[subgraphCount];
      subgraphInputs = new int[subgraphCount][];
      subgraphOutputs = new int[subgraphCount][];
      for (int i = 0; i < subgraphCount; i++) {
        sgs[i] = c.tableAt(subgraphs, i, "SubGraph " + i);
        Vector t = c.vector(sgs[i], 4, 4, "SubGraph " + i + " tensors");
        tensorCounts[i] = t == null ? 0 : t.count;
      }
      for (int i = 0; i < subgraphCount; i++) {
        subgraph(sgs[i], i);
      }
      Vector metaBuffers = c.vector(m, 14, 4, "Model.metadata_buffer");
      for (int i = 0; metaBuffers != null && i < metaBuffers.count; i++) {
        index(c.intAt(metaBuffers, i), 0, bufferCount, "Model.metadata_buffer[" + i + "]");
      }
      Vector meta = c.vector(m, 16, 4, "Model.metadata");
      for (int i = 0; meta != null && i < meta.count; i++) {
        Table md = c.tableAt(meta, i, "Metadata " + i);
        c.string(md, 4, "Metadata.name");
        index(c.uintField(md, 6, 0, "Metadata.buffer"), 0, bufferCount, "Metadata " + i + " buffer");
      }
      new ModelVerifierSignatures(c, tensorCounts, subgraphInputs, subgraphOutputs)
          .check(c.vector(m, 18, 4, "Model.signature_defs"));
    }

    private void buffer(Table b, int i) {
      Vector data = c.vector(b, 4, 1, "Buffer " + i + " data");
      long offset = c.longField(b, 6, 0, "Buffer " + i + " offset");
      long size = c.longField(b, 8, 0, "Buffer " + i + " size");
      bufferHasData[i] = (data != null && data.count > 0) || (offset > 1 && size > 0);
      bufferBytes[i] = offset > 1 ? size : data == null ? 0 : data.count;
      bufferStart[i] = offset > 1 ? offset : data == null ? 0 : data.start;
      if (offset > 1) {
        if (data != null && data.count > 0) {
          throw new IllegalArgumentException("invalid .tflite file: buffer " + i
              + " has both inline data and an external offset");
        }
        if (size < 0 || offset + size > c.length() || offset + size < offset) {
          throw new IllegalArgumentException("invalid .tflite file: buffer " + i + " (offset "
              + offset + ", size " + size + ") lies outside the " + c.length() + "-byte file");
        }
      }
    }

    private void subgraph(Table sg, int s) {
      String where = "subgraph " + s;
      int tensors = tensorCounts[s];
      ModelVerifierDataflow flow = new ModelVerifierDataflow(where, tensors);
      ModelVerifierTensors facts = new ModelVerifierTensors(where, tensors, c.buffer());
      Vector tv = c.vector(sg, 4, 4, where + " tensors");
      for (int i = 0; i < tensors; i++) {
        String preset = tensor(c.tableAt(tv, i, where + " tensor " + i), where + " tensor " + i,
            i, facts);
        if (preset != null) {
          flow.preset(i, preset);
        }
      }
      int[] inputs = indices(c.vector(sg, 6, 4, where + " inputs"), 0, tensors, where + " inputs");
      for (int t : inputs) {
        flow.input(t);
      }
      int[] outputs = indices(c.vector(sg, 8, 4, where + " outputs"), 0, tensors,
          where + " outputs");
      subgraphInputs[s] = inputs;
      subgraphOutputs[s] = outputs;
      Vector ops = c.vector(sg, 10, 4, where + " operators");
      for (int i = 0; ops != null && i < ops.count; i++) {
        operator(c.tableAt(ops, i, where + " operator " + i), tensors, where + " operator " + i,
            flow, facts);
      }
      for (int t : outputs) {
        flow.output(t);
      }
      flow.finish();
      facts.checkInputsAndOutputs(inputs, outputs);
      c.string(sg, 12, where + " name");
    }

    /** Verifies a tensor; returns why it holds data up front (constant, …) or null. */
    private String tensor(Table t, String where, int index, ModelVerifierTensors facts) {
      Vector shape = c.vector(t, 4, 4, where + " shape");
      for (int i = 0; shape != null && i < shape.count; i++) {
        if (c.intAt(shape, i) < 0) {
          throw new IllegalArgumentException("invalid .tflite file: " + where + " has dimension "
              + c.intAt(shape, i) + " in its shape; dimensions are >= 0");
        }
      }
      int type = c.byteField(t, 6, 0, where + " type");
      if (type < 0 || type > MAX_TENSOR_TYPE) {
        throw new IllegalArgumentException("invalid .tflite file: " + where + " has type " + type
            + "; valid types are 0.." + MAX_TENSOR_TYPE);
      }
      long buffer = c.uintField(t, 8, 0, where + " buffer");
      index(buffer, 0, Math.max(1, bufferCount), where + " buffer");
      boolean empty = false;
      for (int i = 0; shape != null && i < shape.count; i++) {
        empty |= c.intAt(shape, i) == 0;
      }
      c.string(t, 10, where + " name");
      Table q = c.tableField(t, 12, where + " quantization");
      float[] scales = q == null ? new float[0] : quantization(q, shape == null ? 0 : shape.count,
          where);
      boolean variable = c.ubyteField(t, 14, 0, where + " is_variable") != 0;
      Table sparsity = c.tableField(t, 16, where + " sparsity");
      if (sparsity != null) {
        sparsity(sparsity, where);
      }
      c.vector(t, 18, 4, where + " shape_signature");
      c.ubyteField(t, 20, 0, where + " has_rank");
      Vector variants = c.vector(t, 22, 4, where + " variant_tensors");
      for (int i = 0; variants != null && i < variants.count; i++) {
        Table v = c.tableAt(variants, i, where + " variant " + i);
        c.vector(v, 4, 4, where + " variant shape");
        c.byteField(v, 6, 0, where + " variant type");
        c.ubyteField(v, 8, 0, where + " variant has_rank");
      }
      int[] dims = new int[shape == null ? 0 : shape.count];
      for (int i = 0; i < dims.length; i++) {
        dims[i] = c.intAt(shape, i);
      }
      boolean constant = buffer < bufferCount && bufferHasData[(int) buffer];
      facts.record(index, type, dims, scales, q == null ? 0 : c.intField(q, 16, 0, where),
          constant ? bufferBytes[(int) buffer] : -1, sparsity != null);
      facts.constantStart[index] = constant ? bufferStart[(int) buffer] : -1;
      if (constant) {
        return "a constant";
      }
      return variable ? "a variable" : empty ? "an empty tensor" : null;
    }

    /** Verifies quantization parameters; returns the scales. */
    private float[] quantization(Table q, int rank, String where) {
      c.vector(q, 4, 4, where + " quantization min");
      c.vector(q, 6, 4, where + " quantization max");
      Vector scale = c.vector(q, 8, 4, where + " quantization scale");
      Vector zero = c.vector(q, 10, 8, where + " quantization zero_point");
      int detailsType = c.ubyteField(q, 12, 0, where + " quantization details_type");
      Table details = c.tableField(q, 14, where + " quantization details");
      if (details != null && detailsType == 1) {
        c.vector(details, 4, 1, where + " custom quantization");
      }
      int dim = c.intField(q, 16, 0, where + " quantized_dimension");
      if (scale != null && zero != null && zero.count != 0 && zero.count != scale.count) {
        throw new IllegalArgumentException("invalid .tflite file: " + where + " has "
            + scale.count + " scales but " + zero.count + " zero points");
      }
      if (scale != null && scale.count > 1 && (dim < 0 || dim >= Math.max(rank, 1))) {
        throw new IllegalArgumentException("invalid .tflite file: " + where
            + " quantized_dimension " + dim + " is outside its rank " + rank);
      }
      float[] out = new float[scale == null ? 0 : scale.count];
      for (int i = 0; i < out.length; i++) {
        out[i] = Float.intBitsToFloat(c.intAt(scale, i));
      }
      return out;
    }

    private void sparsity(Table s, String where) {
      c.vector(s, 4, 4, where + " sparsity traversal_order");
      c.vector(s, 6, 4, where + " sparsity block_map");
      Vector dims = c.vector(s, 8, 4, where + " sparsity dim_metadata");
      for (int i = 0; dims != null && i < dims.count; i++) {
        Table d = c.tableAt(dims, i, where + " dim_metadata " + i);
        sparseIndexVector(d, 8, 10, where + " array_segments");
        sparseIndexVector(d, 12, 14, where + " array_indices");
      }
    }

    private void sparseIndexVector(Table d, int typeSlot, int valueSlot, String what) {
      int type = c.ubyteField(d, typeSlot, 0, what + " type");
      Table v = c.tableField(d, valueSlot, what);
      if (v == null) {
        return;
      }
      switch (type) {
        case 1: c.vector(v, 4, 4, what); break;
        case 2: c.vector(v, 4, 2, what); break;
        case 3: c.vector(v, 4, 1, what); break;
        default: break;
      }
    }

    private void operator(Table op, int tensors, String where, ModelVerifierDataflow flow,
        ModelVerifierTensors facts) {
      long opcode = c.uintField(op, 4, 0, where + " opcode_index");
      index(opcode, 0, opcodeCount, where + " opcode_index");
      int builtin = builtinCodes[(int) opcode];
      int[] ins = indices(c.vector(op, 6, 4, where + " inputs"), -1, tensors, where + " inputs");
      int[] outs = indices(c.vector(op, 8, 4, where + " outputs"), -1, tensors,
          where + " outputs");
      int type = c.ubyteField(op, 10, 0, where + " builtin_options_type");
      if (type >= BuiltinOptions.names.length) {
        throw new IllegalArgumentException("invalid .tflite file: " + where
            + " has builtin options type " + type + ", unknown to this schema (max "
            + (BuiltinOptions.names.length - 1) + ")");
      }
      Table options = c.tableField(op, 12, where + " builtin_options");
      int expected = ModelVerifierOptions.expected(builtin);
      if (options != null && type != BuiltinOptions.NONE && expected >= 0 && type != expected) {
        throw new IllegalArgumentException("invalid .tflite file: " + where + " ("
            + ModelInspector.opName(builtin) + ") carries " + BuiltinOptions.name(type)
            + "; that operator takes " + BuiltinOptions.name(expected));
      }
      if (options != null && type != BuiltinOptions.NONE) {
        builtinOptions(options, type, where + " " + BuiltinOptions.name(type));
      }
      c.vector(op, 14, 1, where + " custom_options");
      c.byteField(op, 16, 0, where + " custom_options_format");
      c.vector(op, 18, 1, where + " mutating_variable_inputs");
      indices(c.vector(op, 20, 4, where + " intermediates"), 0, tensors, where + " intermediates");
      String named = where + " (" + ModelInspector.opName(builtin) + ")";
      flow.operator(named, ins, outs);
      ModelVerifierOps.check(named, builtin, ins, outs, facts);
    }

    /** Only the option tables with offset fields or subgraph indices need more than the table. */
    private void builtinOptions(Table o, int type, String where) {
      switch (type) {
        case BuiltinOptions.ReshapeOptions:
        case BuiltinOptions.SqueezeOptions:
          c.vector(o, 4, 4, where);
          break;
        case BuiltinOptions.BucketizeOptions:
          c.vector(o, 4, 4, where + " boundaries");
          break;
        case BuiltinOptions.ConcatEmbeddingsOptions:
          c.vector(o, 6, 4, where + " num_columns_per_channel");
          c.vector(o, 8, 4, where + " embedding_dim_per_channel");
          break;
        case BuiltinOptions.VarHandleOptions:
          c.string(o, 4, where + " container");
          c.string(o, 6, where + " shared_name");
          break;
        case BuiltinOptions.CallOnceOptions:
        case BuiltinOptions.CallOptions:
          subgraphIndex(c.intField(o, 4, 0, where), where);
          break;
        case BuiltinOptions.IfOptions:
        case BuiltinOptions.WhileOptions:
          subgraphIndex(c.intField(o, 4, 0, where), where);
          subgraphIndex(c.intField(o, 6, 0, where), where);
          break;
        default:
          break;
      }
    }

    private void subgraphIndex(long value, String where) {
      index(value, 0, subgraphCount, where + " subgraph index");
    }

    private int[] indices(Vector v, int min, int limit, String where) {
      int[] out = new int[v == null ? 0 : v.count];
      for (int i = 0; i < out.length; i++) {
        out[i] = c.intAt(v, i);
        index(out[i], min, limit, where + "[" + i + "]");
      }
      return out;
    }

    static void index(long value, int min, int limit, String where) {
      if (value < min || value >= limit) {
        throw new IllegalArgumentException("invalid .tflite file: " + where + " is " + value
            + "; valid range is " + min + ".." + (limit - 1));
      }
    }
  }
}
