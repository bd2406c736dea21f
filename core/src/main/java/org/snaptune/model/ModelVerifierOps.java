package org.snaptune.model;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.TensorType;

/**
 * Per-operator invariants for {@link ModelVerifier}: what the TFLite kernels (and XNNPACK) assume
 * about an operator's tensors once a model loads. Each known builtin has an input/output arity and
 * which inputs must be present (a DEPTHWISE_CONV_2D without its bias made the optimized kernel copy
 * from address 0); operands and results of one type where the kernel has no mixed-type variant (a
 * float32 output retyped to uint8 corrupted XNNPACK's heap); quantization on every 8/16-bit integer
 * operand of a quantized kernel (an unquantized uint8 ADD aborted in Prepare); convolution weights
 * and bias of a type and shape matching the input; and RESOURCE/VARIANT handles only where the
 * variable operators take them. Operators not listed here get only the structural checks. Stateless
 * and thread-safe.
 */
final class ModelVerifierOps {

  private static final int ANY = Integer.MAX_VALUE;

  /** Arity and type discipline of one builtin. */
  private static final class Rule {
    final int minIn;
    final int maxIn;
    final int required;
    final int outs;
    /** Inputs whose type must equal output 0's (or each other's when out is -1). */
    final int[] sameAsOut;
    final boolean quantized;

    Rule(int minIn, int maxIn, int required, int outs, int[] sameAsOut, boolean quantized) {
      this.minIn = minIn;
      this.maxIn = maxIn;
      this.required = required;
      this.outs = outs;
      this.sameAsOut = sameAsOut;
      this.quantized = quantized;
    }
  }

  private static final Map<Integer, Rule> RULES = new HashMap<>();
  private static final int[] NONE = {};
  private static final int[] FIRST = {0};
  private static final int[] BOTH = {0, 1};

  static {
    for (int op : new int[] {BuiltinOperator.ADD, BuiltinOperator.SUB, BuiltinOperator.MUL,
        BuiltinOperator.DIV, BuiltinOperator.SQUARED_DIFFERENCE}) {
      RULES.put(op, new Rule(2, 2, 2, 1, BOTH, true));
    }
    for (int op : new int[] {BuiltinOperator.MAXIMUM, BuiltinOperator.MINIMUM,
        BuiltinOperator.POW}) {
      RULES.put(op, new Rule(2, 2, 2, 1, BOTH, false));
    }
    for (int op : new int[] {BuiltinOperator.AVERAGE_POOL_2D, BuiltinOperator.MAX_POOL_2D,
        BuiltinOperator.L2_POOL_2D, BuiltinOperator.LOGISTIC, BuiltinOperator.TANH,
        BuiltinOperator.RELU, BuiltinOperator.RELU6, BuiltinOperator.RELU_N1_TO_1,
        BuiltinOperator.L2_NORMALIZATION, BuiltinOperator.LOG_SOFTMAX,
        BuiltinOperator.HARD_SWISH, BuiltinOperator.LEAKY_RELU}) {
      RULES.put(op, new Rule(1, 1, 1, 1, FIRST, true));
    }
    for (int op : new int[] {BuiltinOperator.NEG, BuiltinOperator.SQRT, BuiltinOperator.RSQRT,
        BuiltinOperator.EXP, BuiltinOperator.LOG, BuiltinOperator.ABS, BuiltinOperator.SQUARE,
        BuiltinOperator.FLOOR, BuiltinOperator.CEIL, BuiltinOperator.SQUEEZE}) {
      RULES.put(op, new Rule(1, 1, 1, 1, FIRST, false));
    }
    RULES.put(BuiltinOperator.SOFTMAX, new Rule(1, 1, 1, 1, NONE, true)); // see softmax()
    RULES.put(BuiltinOperator.RESHAPE, new Rule(1, 2, 2, 1, FIRST, false));
    for (int op : new int[] {BuiltinOperator.EXPAND_DIMS, BuiltinOperator.TRANSPOSE,
        BuiltinOperator.TILE, BuiltinOperator.GATHER, BuiltinOperator.REDUCE_PROD}) {
      RULES.put(op, new Rule(2, 2, 2, 1, FIRST, false));
    }
    for (int op : new int[] {BuiltinOperator.MEAN, BuiltinOperator.SUM,
        BuiltinOperator.REDUCE_MAX, BuiltinOperator.REDUCE_MIN, BuiltinOperator.RESIZE_BILINEAR,
        BuiltinOperator.RESIZE_NEAREST_NEIGHBOR, BuiltinOperator.PRELU}) {
      RULES.put(op, new Rule(2, 2, 2, 1, FIRST, true));
    }
    for (int op : new int[] {BuiltinOperator.REDUCE_ANY, BuiltinOperator.REDUCE_ALL}) {
      RULES.put(op, new Rule(2, 2, 2, 1, FIRST, false));
    }
    RULES.put(BuiltinOperator.PAD, new Rule(2, 3, 3, 1, FIRST, true));
    RULES.put(BuiltinOperator.PADV2, new Rule(3, 3, 3, 1, FIRST, true));
    RULES.put(BuiltinOperator.STRIDED_SLICE, new Rule(4, 4, 4, 1, FIRST, false));
    RULES.put(BuiltinOperator.SLICE, new Rule(3, 3, 3, 1, FIRST, false));
    RULES.put(BuiltinOperator.CONCATENATION, new Rule(1, ANY, ANY, 1, null, true));
    RULES.put(BuiltinOperator.PACK, new Rule(1, ANY, ANY, 1, null, false));
    RULES.put(BuiltinOperator.CONV_2D, new Rule(3, 3, 3, 1, FIRST, true));
    RULES.put(BuiltinOperator.DEPTHWISE_CONV_2D, new Rule(3, 3, 3, 1, FIRST, true));
    RULES.put(BuiltinOperator.FULLY_CONNECTED, new Rule(2, 3, 2, 1, NONE, true));
    RULES.put(BuiltinOperator.FILL, new Rule(2, 2, 2, 1, NONE, false));
    for (int op : new int[] {BuiltinOperator.GREATER, BuiltinOperator.GREATER_EQUAL,
        BuiltinOperator.LESS, BuiltinOperator.LESS_EQUAL, BuiltinOperator.EQUAL,
        BuiltinOperator.NOT_EQUAL}) {
      RULES.put(op, new Rule(2, 2, 2, 1, NONE, false));
    }
    for (int op : new int[] {BuiltinOperator.QUANTIZE, BuiltinOperator.DEQUANTIZE,
        BuiltinOperator.CAST, BuiltinOperator.SHAPE, BuiltinOperator.RANDOM_STANDARD_NORMAL,
        BuiltinOperator.RANDOM_UNIFORM}) {
      RULES.put(op, new Rule(1, 1, 1, 1, NONE, false));
    }
    RULES.put(BuiltinOperator.MULTINOMIAL, new Rule(2, 2, 2, 1, NONE, false));
    RULES.put(BuiltinOperator.ARG_MAX, new Rule(2, 2, 2, 1, NONE, false));
    RULES.put(BuiltinOperator.ARG_MIN, new Rule(2, 2, 2, 1, NONE, false));
    RULES.put(BuiltinOperator.BATCH_MATMUL, new Rule(2, 2, 2, 1, NONE, false));
    RULES.put(BuiltinOperator.VAR_HANDLE, new Rule(0, 0, 0, 1, NONE, false));
    RULES.put(BuiltinOperator.READ_VARIABLE, new Rule(1, 1, 1, 1, NONE, false));
    RULES.put(BuiltinOperator.ASSIGN_VARIABLE, new Rule(2, 2, 2, 0, NONE, false));
    RULES.put(BuiltinOperator.CALL_ONCE, new Rule(0, 0, 0, 0, NONE, false));
  }

  private ModelVerifierOps() {}

  /** Checks operator {@code op} (named {@code where}) against its builtin's rule, if any. */
  static void check(String where, int builtin, int[] ins, int[] outs, ModelVerifierTensors t) {
    handles(where, builtin, ins, outs, t);
    Rule r = RULES.get(builtin);
    if (r == null) {
      return;
    }
    if (ins.length < r.minIn || ins.length > r.maxIn) {
      throw ModelVerifierTensors.bad(where + " has " + ins.length + " inputs; it takes "
          + (r.minIn == r.maxIn ? String.valueOf(r.minIn)
              : r.minIn + ".." + (r.maxIn == ANY ? "n" : String.valueOf(r.maxIn))));
    }
    for (int i = 0; i < Math.min(r.required, ins.length); i++) {
      if (ins[i] < 0) {
        throw ModelVerifierTensors.bad(where + " input " + i + " is missing (-1); it is required");
      }
    }
    if (outs.length != r.outs) {
      throw ModelVerifierTensors.bad(where + " has " + outs.length + " outputs; it gives "
          + r.outs);
    }
    for (int o : outs) {
      if (o < 0) {
        throw ModelVerifierTensors.bad(where + " has a missing (-1) output");
      }
    }
    if (r.sameAsOut == null) {
      for (int i = 0; i < ins.length; i++) {
        sameType(where, "input " + i, ins[i], "output 0", outs[0], t);
      }
    } else {
      for (int i : r.sameAsOut) {
        sameType(where, "input " + i, ins[i], "output 0", outs[0], t);
      }
    }
    if (r.quantized) {
      quantization(where, ins, outs, t);
    }
    ModelVerifierParams.check(where, builtin, ins, outs, t);
    switch (builtin) {
      case BuiltinOperator.SOFTMAX:
        softmax(where, ins[0], outs[0], t);
        break;
      case BuiltinOperator.CONV_2D:
      case BuiltinOperator.DEPTHWISE_CONV_2D:
      case BuiltinOperator.FULLY_CONNECTED:
        ModelVerifierWeights.check(where, builtin, ins, outs[0], t);
        break;
      default:
        break;
    }
  }

  /** RESOURCE/VARIANT tensors are native handles: only the variable operators may touch them. */
  private static void handles(String where, int builtin, int[] ins, int[] outs,
      ModelVerifierTensors t) {
    for (int i = 0; i < ins.length; i++) {
      boolean allowed = i == 0 && (builtin == BuiltinOperator.READ_VARIABLE
          || builtin == BuiltinOperator.ASSIGN_VARIABLE);
      handle(where, "input " + i, ins[i], allowed, t);
    }
    for (int i = 0; i < outs.length; i++) {
      handle(where, "output " + i, outs[i], builtin == BuiltinOperator.VAR_HANDLE && i == 0, t);
    }
  }

  private static void handle(String where, String role, int tensor, boolean allowed,
      ModelVerifierTensors t) {
    if (tensor < 0) {
      return;
    }
    boolean isHandle = isHandle(t.type[tensor]);
    if (isHandle != allowed) {
      throw ModelVerifierTensors.bad(where + " " + role + " (tensor " + tensor + ") is "
          + ModelInspector.typeName(t.type[tensor]) + (allowed ? "; it must be a RESOURCE handle"
              : "; only VAR_HANDLE, READ_VARIABLE and ASSIGN_VARIABLE take RESOURCE/VARIANT"));
    }
  }

  static boolean isHandle(int type) {
    return type == TensorType.RESOURCE || type == TensorType.VARIANT;
  }

  private static void sameType(String where, String a, int ta, String b, int tb,
      ModelVerifierTensors t) {
    if (ta >= 0 && tb >= 0 && t.type[ta] != t.type[tb]) {
      throw ModelVerifierTensors.bad(where + " " + a + " (tensor " + ta + ") is "
          + ModelInspector.typeName(t.type[ta]) + " but its " + b + " (tensor " + tb + ") is "
          + ModelInspector.typeName(t.type[tb]) + "; this operator needs one type");
    }
  }

  private static void quantization(String where, int[] ins, int[] outs, ModelVerifierTensors t) {
    for (int i = 0; i < ins.length; i++) {
      quantized(where, "input " + i, ins[i], t);
    }
    for (int i = 0; i < outs.length; i++) {
      quantized(where, "output " + i, outs[i], t);
    }
  }

  static void quantized(String where, String role, int tensor, ModelVerifierTensors t) {
    if (tensor < 0) {
      return;
    }
    int type = t.type[tensor];
    boolean integer = type == TensorType.UINT8 || type == TensorType.INT8
        || type == TensorType.INT16;
    if (integer && t.scales[tensor] == 0) {
      throw ModelVerifierTensors.bad(where + " " + role + " (tensor " + tensor + ") is "
          + ModelInspector.typeName(type) + " without quantization parameters; a quantized kernel"
          + " needs a scale > 0");
    }
  }

  private static void softmax(String where, int in, int out, ModelVerifierTensors t) {
    int a = t.type[in];
    int b = t.type[out];
    boolean ok = a == b
        || ((a == TensorType.INT8 || a == TensorType.UINT8) && b == TensorType.INT16);
    if (!ok) {
      throw ModelVerifierTensors.bad(where + " turns " + ModelInspector.typeName(a) + " into "
          + ModelInspector.typeName(b) + "; SOFTMAX keeps its type (or gives INT16 from 8-bit)");
    }
  }

  /** The valid types, for messages. */
  static String names(int... types) {
    String[] s = new String[types.length];
    for (int i = 0; i < types.length; i++) {
      s[i] = ModelInspector.typeName(types[i]);
    }
    return Arrays.toString(s);
  }
}
