package org.snaptune.model;

import java.util.HashMap;
import java.util.Map;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptions;
import org.tensorflow.lite.schema.CallOnceOptions;
import org.tensorflow.lite.schema.CastOptions;
import org.tensorflow.lite.schema.FullyConnectedOptions;
import org.tensorflow.lite.schema.FullyConnectedOptionsWeightsFormat;
import org.tensorflow.lite.schema.ReducerOptions;
import org.tensorflow.lite.schema.ReshapeOptions;
import org.tensorflow.lite.schema.SoftmaxOptions;
import org.tensorflow.lite.schema.TensorType;
import org.tensorflow.lite.schema.VarHandleOptions;
import org.tensorflow.lite.schema.ActivationFunctionType;

/**
 * Float32 operator helpers over one {@link TfliteModelWriter.Graph}: each call appends one (or a
 * few) builtin operators and returns the output tensor, declaring its static shape. Variable
 * handles and reads are cached per graph, so a graph reads each variable once, before any write.
 * Not thread-safe; package-private because only the head compiler builds graphs this way.
 */
final class GraphOps {

  private final TfliteModelWriter.Graph g;
  private final Map<String, Integer> handles = new HashMap<>();
  private final Map<String, Integer> reads = new HashMap<>();
  private final Map<Float, Integer> scalars = new HashMap<>();
  private int counter;

  GraphOps(TfliteModelWriter.Graph graph) {
    this.g = graph;
  }

  TfliteModelWriter.Graph graph() {
    return g;
  }

  int[] shape(int t) {
    return g.shape(t);
  }

  private String fresh(String base) {
    return base + "/" + (counter++);
  }

  /** A float scalar constant, shared per value within the graph. */
  int scalar(float value) {
    Integer t = scalars.get(value);
    if (t == null) {
      t = g.scalar(fresh("const"), value);
      scalars.put(value, t);
    }
    return t;
  }

  /** CALL_ONCE of the init subgraph; must be the first operator of a signature graph. */
  void callOnce(final int initSubgraph) {
    g.op(BuiltinOperator.CALL_ONCE, new int[0], new int[0], BuiltinOptions.CallOnceOptions,
        fb -> CallOnceOptions.createCallOnceOptions(fb, initSubgraph));
  }

  /** The RESOURCE handle of variable {@code name} (VAR_HANDLE, shared_name = name). */
  int handle(final String name) {
    Integer t = handles.get(name);
    if (t == null) {
      t = g.tensor(name + "/handle", TensorType.RESOURCE);
      g.op(BuiltinOperator.VAR_HANDLE, new int[0], new int[] {t}, BuiltinOptions.VarHandleOptions,
          fb -> {
            int container = fb.createString("");
            int shared = fb.createString(name);
            return VarHandleOptions.createVarHandleOptions(fb, container, shared);
          });
      handles.put(name, t);
    }
    return t;
  }

  /** The current value of variable {@code name}, read once per graph. */
  int read(String name, int[] shape) {
    Integer t = reads.get(name);
    if (t == null) {
      int h = handle(name);
      t = g.tensor(name + "/read", shape);
      g.op(BuiltinOperator.READ_VARIABLE, new int[] {h}, t);
      reads.put(name, t);
    }
    return t;
  }

  /** Reads variable {@code name} afresh (after an assignment in the same graph). */
  int reread(String name, int[] shape) {
    int t = g.tensor(fresh(name + "/reread"), shape);
    g.op(BuiltinOperator.READ_VARIABLE, new int[] {handle(name)}, t);
    return t;
  }

  void assign(String name, int value) {
    g.op(BuiltinOperator.ASSIGN_VARIABLE, new int[] {handle(name), value});
  }

  private int binary(int builtin, String base, int a, int b) {
    int out = g.tensor(fresh(base), broadcast(shape(a), shape(b)));
    g.op(builtin, new int[] {a, b}, out);
    return out;
  }

  int add(int a, int b) {
    return binary(BuiltinOperator.ADD, "add", a, b);
  }

  int sub(int a, int b) {
    return binary(BuiltinOperator.SUB, "sub", a, b);
  }

  int mul(int a, int b) {
    return binary(BuiltinOperator.MUL, "mul", a, b);
  }

  int div(int a, int b) {
    return binary(BuiltinOperator.DIV, "div", a, b);
  }

  int pow(int a, int b) {
    return binary(BuiltinOperator.POW, "pow", a, b);
  }

  private int unary(int builtin, String base, int a) {
    int out = g.tensor(fresh(base), shape(a));
    g.op(builtin, new int[] {a}, out);
    return out;
  }

  int neg(int a) {
    return unary(BuiltinOperator.NEG, "neg", a);
  }

  int sqrt(int a) {
    return unary(BuiltinOperator.SQRT, "sqrt", a);
  }

  int logSoftmax(int a) {
    return unary(BuiltinOperator.LOG_SOFTMAX, "log_softmax", a);
  }

  int softmax(int a, String name) {
    int out = g.tensor(name, shape(a));
    g.op(BuiltinOperator.SOFTMAX, new int[] {a}, new int[] {out}, BuiltinOptions.SoftmaxOptions,
        fb -> SoftmaxOptions.createSoftmaxOptions(fb, 1f));
    return out;
  }

  /** The transpose of a rank-2 tensor. */
  int transpose(int a) {
    int[] s = shape(a);
    int perm = g.intVector(fresh("perm"), 1, 0);
    int out = g.tensor(fresh("transpose"), s[1], s[0]);
    g.op(BuiltinOperator.TRANSPOSE, new int[] {a, perm}, out);
    return out;
  }

  /**
   * FULLY_CONNECTED: {@code input [N,K] · weightsᵀ + bias} with {@code weights [U,K]}, optionally
   * followed by ReLU; {@code bias} may be -1 (none). Much faster than BATCH_MATMUL on TFLite's CPU
   * kernels, also with weights that change every step.
   */
  int fullyConnected(int input, int weights, int bias, final boolean relu) {
    int[] si = shape(input);
    int[] sw = shape(weights);
    if (si[1] != sw[1]) {
      throw new IllegalStateException("fully connected sizes differ: " + si[1] + " vs " + sw[1]);
    }
    int out = g.tensor(fresh(relu ? "dense_relu" : "dense"), si[0], sw[0]);
    g.op(BuiltinOperator.FULLY_CONNECTED, new int[] {input, weights, bias}, new int[] {out},
        BuiltinOptions.FullyConnectedOptions, fb -> FullyConnectedOptions.createFullyConnectedOptions(
            fb, relu ? ActivationFunctionType.RELU : ActivationFunctionType.NONE,
            FullyConnectedOptionsWeightsFormat.DEFAULT, false, false));
    return out;
  }

  /** SUM over {@code axes}; keeps reduced dimensions as 1 when {@code keepDims}. */
  int sum(int a, final boolean keepDims, int... axes) {
    int[] s = shape(a);
    int[] out;
    if (keepDims) {
      out = s.clone();
      for (int axis : axes) {
        out[axis] = 1;
      }
    } else {
      out = new int[s.length - axes.length];
      int j = 0;
      for (int i = 0; i < s.length; i++) {
        boolean reduced = false;
        for (int axis : axes) {
          reduced |= axis == i;
        }
        if (!reduced) {
          out[j++] = s[i];
        }
      }
    }
    int axesTensor = g.intVector(fresh("axes"), axes);
    int t = g.tensor(fresh("sum"), out);
    g.op(BuiltinOperator.SUM, new int[] {a, axesTensor}, new int[] {t},
        BuiltinOptions.ReducerOptions, fb -> ReducerOptions.createReducerOptions(fb, keepDims));
    return t;
  }

  /** Sum of all elements of {@code a}, as a scalar. */
  int sumAll(int a) {
    int[] s = shape(a);
    int[] axes = new int[s.length];
    for (int i = 0; i < axes.length; i++) {
      axes[i] = i;
    }
    return sum(a, false, axes);
  }

  int reshape(int a, final int... newShape) {
    int shapeTensor = g.intVector(fresh("shape"), newShape);
    int out = g.tensor(fresh("reshape"), newShape);
    g.op(BuiltinOperator.RESHAPE, new int[] {a, shapeTensor}, new int[] {out},
        BuiltinOptions.ReshapeOptions, fb -> ReshapeOptions.createReshapeOptions(fb,
            ReshapeOptions.createNewShapeVector(fb, newShape)));
    return out;
  }

  /** 1.0 where {@code a > 0}, else 0.0 (the ReLU derivative mask). */
  int positiveMask(int a) {
    int bool = g.tensor(fresh("greater"), TensorType.BOOL, shape(a));
    g.op(BuiltinOperator.GREATER, new int[] {a, scalar(0f)}, bool);
    int out = g.tensor(fresh("mask"), shape(a));
    g.op(BuiltinOperator.CAST, new int[] {bool}, new int[] {out}, BuiltinOptions.CastOptions,
        fb -> CastOptions.createCastOptions(fb, TensorType.BOOL, TensorType.FLOAT32));
    return out;
  }

  /** A tensor of {@code shape} filled with zeros (FILL, so the file holds no zero buffers). */
  int zeros(int... shape) {
    if (shape.length == 0) {
      return g.scalar(fresh("zero"), 0f);
    }
    int dims = g.intVector(fresh("dims"), shape);
    int out = g.tensor(fresh("zeros"), shape);
    g.op(BuiltinOperator.FILL, new int[] {dims, scalar(0f)}, out);
    return out;
  }

  private static int[] broadcast(int[] a, int[] b) {
    int rank = Math.max(a.length, b.length);
    int[] out = new int[rank];
    for (int i = 0; i < rank; i++) {
      int da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
      int db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
      if (da != db && da != 1 && db != 1) {
        throw new IllegalStateException("shapes do not broadcast at axis " + i + ": " + da
            + " vs " + db);
      }
      out[i] = Math.max(da, db);
    }
    return out;
  }
}
