package org.snaptune.model;

import java.util.Arrays;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.TensorType;

/**
 * Weight and bias rules of CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED for
 * {@link ModelVerifierOps}: the kernels pick an implementation from the input type and then read
 * the weights and bias as that implementation's types and sizes without checking them all, and
 * they divide by weight dimensions (a zero one was a SIGFPE). Stateless and thread-safe.
 */
final class ModelVerifierWeights {

  private ModelVerifierWeights() {}

  static void check(String where, int builtin, int[] ins, int out, ModelVerifierTensors t) {
    int input = t.type[ins[0]];
    int weights = t.type[ins[1]];
    int output = t.type[out];
    boolean fc = builtin == BuiltinOperator.FULLY_CONNECTED;
    int[] validWeights;
    int[] validBias;
    switch (input) {
      case TensorType.FLOAT32:
        validWeights = fc ? new int[] {TensorType.FLOAT32, TensorType.INT8, TensorType.UINT8}
            : new int[] {TensorType.FLOAT32, TensorType.INT8};
        validBias = new int[] {TensorType.FLOAT32};
        break;
      case TensorType.UINT8:
        validWeights = fc ? new int[] {TensorType.UINT8, TensorType.INT8}
            : new int[] {TensorType.UINT8};
        validBias = new int[] {TensorType.INT32};
        break;
      case TensorType.INT8:
        validWeights = new int[] {TensorType.INT8, TensorType.INT4};
        validBias = new int[] {TensorType.INT32};
        break;
      case TensorType.INT16:
        validWeights = new int[] {TensorType.INT8};
        validBias = new int[] {TensorType.INT32, TensorType.INT64};
        break;
      default:
        throw ModelVerifierTensors.bad(where + " input is " + ModelInspector.typeName(input)
            + "; valid: " + ModelVerifierOps.names(TensorType.FLOAT32, TensorType.UINT8,
                TensorType.INT8, TensorType.INT16));
    }
    boolean outputOk = output == input || (fc && input == TensorType.INT8
        && output == TensorType.INT16);
    if (!outputOk) {
      throw ModelVerifierTensors.bad(where + " turns " + ModelInspector.typeName(input)
          + " input into " + ModelInspector.typeName(output) + " output; it keeps the input type");
    }
    oneOf(where, "weights (tensor " + ins[1] + ")", weights, validWeights);
    if (weights != TensorType.FLOAT32) {
      ModelVerifierOps.quantized(where, "weights", ins[1], t);
    }
    int[] w = t.shape[ins[1]];
    int rank = fc ? 2 : 4;
    boolean positive = true;
    for (int d : w) {
      positive &= d > 0;
    }
    if ((fc ? w.length < 2 : w.length != rank) || !positive) {
      throw ModelVerifierTensors.bad(where + " weights (tensor " + ins[1] + ") have shape "
          + Arrays.toString(w) + "; they need rank " + rank + (fc ? " or more" : "")
          + " with every dimension > 0");
    }
    if (builtin == BuiltinOperator.DEPTHWISE_CONV_2D && w[0] != 1) {
      throw ModelVerifierTensors.bad(where + " weights have shape " + Arrays.toString(w)
          + "; depthwise weights are [1, height, width, channels]");
    }
    int[] x = t.shape[ins[0]];
    if (!fc && x.length == 4) {
      // The kernels take the channel count from the input and the rest from the weights;
      // an input retyped to another channel count divided by zero or read past the weights.
      boolean depthwise = builtin == BuiltinOperator.DEPTHWISE_CONV_2D;
      boolean ok = depthwise ? x[3] > 0 && w[3] % x[3] == 0 : x[3] == w[3];
      if (!ok) {
        throw ModelVerifierTensors.bad(where + " input (tensor " + ins[0] + ") has " + x[3]
            + " channels but its weights " + Arrays.toString(w) + (depthwise
                ? " need a divisor of " + w[3] : " need " + w[3]) + " (grouped convolutions are"
                + " not supported)");
      }
    }
    if (ins.length < 3 || ins[2] < 0) {
      return;
    }
    int bias = ins[2];
    oneOf(where, "bias (tensor " + bias + ")", t.type[bias], validBias);
    int channels = builtin == BuiltinOperator.DEPTHWISE_CONV_2D ? w[3] : w[0];
    int[] b = t.shape[bias];
    long elements = 1;
    for (int d : b) {
      elements *= d;
    }
    if (elements != channels) {
      throw ModelVerifierTensors.bad(where + " bias (tensor " + bias + ") has shape "
          + Arrays.toString(b) + "; it needs one value per output channel (" + channels + ")");
    }
  }

  private static void oneOf(String where, String what, int type, int[] valid) {
    for (int v : valid) {
      if (v == type) {
        return;
      }
    }
    throw ModelVerifierTensors.bad(where + " " + what + " is " + ModelInspector.typeName(type)
        + "; with this input type valid: " + ModelVerifierOps.names(valid));
  }
}
