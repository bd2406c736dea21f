package org.snaptune.model;

import java.util.Arrays;
import org.tensorflow.lite.schema.BuiltinOperator;

/**
 * Constant parameter tensors for {@link ModelVerifier}: several kernels index memory with the
 * values of a small constant input and trust them (an edited buffer index gave a reduction axes
 * from another tensor, and the kernel read past its input: SIGSEGV). Checked here: reduction
 * axes within the input's rank, a TRANSPOSE permutation, RESHAPE and FILL sizes, PAD amounts.
 * Only constant parameters are checked; computed ones are the kernels' own business. Stateless
 * and thread-safe.
 */
final class ModelVerifierParams {

  private ModelVerifierParams() {}

  static void check(String where, int builtin, int[] ins, int[] outs, ModelVerifierTensors t) {
    switch (builtin) {
      case BuiltinOperator.SUM:
      case BuiltinOperator.MEAN:
      case BuiltinOperator.REDUCE_MAX:
      case BuiltinOperator.REDUCE_MIN:
      case BuiltinOperator.REDUCE_PROD:
      case BuiltinOperator.REDUCE_ANY:
      case BuiltinOperator.REDUCE_ALL:
        axes(where, ins, t);
        break;
      case BuiltinOperator.TRANSPOSE:
        permutation(where, ins, t);
        break;
      case BuiltinOperator.RESHAPE:
        sizes(where, "shape", ins.length > 1 ? ins[1] : -1, true, t);
        break;
      case BuiltinOperator.FILL:
        sizes(where, "dims", ins[0], false, t);
        fillShape(where, ins[0], outs[0], t);
        break;
      case BuiltinOperator.PAD:
      case BuiltinOperator.PADV2:
        paddings(where, ins, t);
        break;
      default:
        break;
    }
  }

  private static void axes(String where, int[] ins, ModelVerifierTensors t) {
    long[] axes = t.intValues(ins[1]);
    int rank = t.shape[ins[0]].length;
    if (axes == null) {
      return;
    }
    for (long a : axes) {
      if (a < -rank || a >= rank) {
        throw ModelVerifierTensors.bad(where + " reduces axis " + a + " of a rank-" + rank
            + " input; valid axes are " + -rank + ".." + (rank - 1));
      }
    }
  }

  private static void permutation(String where, int[] ins, ModelVerifierTensors t) {
    long[] perm = t.intValues(ins[1]);
    int rank = t.shape[ins[0]].length;
    if (perm == null) {
      return;
    }
    boolean[] seen = new boolean[rank];
    boolean ok = perm.length == rank;
    for (int k = 0; ok && k < perm.length; k++) {
      ok = perm[k] >= 0 && perm[k] < rank && !seen[(int) perm[k]];
      if (ok) {
        seen[(int) perm[k]] = true;
      }
    }
    if (!ok) {
      throw ModelVerifierTensors.bad(where + " permutation " + Arrays.toString(perm)
          + " is not a permutation of the " + rank + " axes of its input");
    }
  }

  private static void sizes(String where, String what, int tensor, boolean allowInferred,
      ModelVerifierTensors t) {
    long[] dims = t.intValues(tensor);
    if (dims == null) {
      return;
    }
    long product = 1;
    int inferred = 0;
    for (long d : dims) {
      if (d == -1 && allowInferred) {
        inferred++;
        continue;
      }
      if (d < 0) {
        throw ModelVerifierTensors.bad(where + " " + what + " " + Arrays.toString(dims)
            + " has a negative size" + (allowInferred ? " other than one -1" : ""));
      }
      product *= Math.max(d, 1);
      // The same bound as a declared tensor: one edited value asked FILL for 4 GB.
      if (product > ModelVerifierTensors.MAX_TENSOR_BYTES) {
        throw ModelVerifierTensors.bad(where + " " + what + " " + Arrays.toString(dims)
            + " asks for more than " + ModelVerifierTensors.MAX_TENSOR_BYTES + " elements");
      }
    }
    if (inferred > 1) {
      throw ModelVerifierTensors.bad(where + " " + what + " " + Arrays.toString(dims)
          + " has more than one -1");
    }
  }

  /**
   * FILL with constant dims makes exactly the shape its output declares; a different one (an edited
   * buffer index) initialised a variable with the wrong size, and later kernels overran it.
   */
  private static void fillShape(String where, int dimsTensor, int out, ModelVerifierTensors t) {
    long[] dims = t.intValues(dimsTensor);
    if (dims == null || out < 0) {
      return;
    }
    int[] declared = t.shape[out];
    boolean same = dims.length == declared.length;
    for (int k = 0; same && k < dims.length; k++) {
      same = dims[k] == declared[k];
    }
    if (!same) {
      throw ModelVerifierTensors.bad(where + " fills shape " + Arrays.toString(dims)
          + " but its output declares " + Arrays.toString(declared));
    }
  }

  private static void paddings(String where, int[] ins, ModelVerifierTensors t) {
    long[] pads = t.intValues(ins[1]);
    int rank = t.shape[ins[0]].length;
    if (pads == null) {
      return;
    }
    boolean ok = pads.length == 2L * rank;
    for (long p : pads) {
      ok &= p >= 0 && p <= (1 << 16);
    }
    if (!ok) {
      throw ModelVerifierTensors.bad(where + " paddings " + Arrays.toString(pads)
          + " are not " + rank + " pairs of amounts in 0.." + (1 << 16));
    }
  }
}
