package org.snaptune.model;

import org.tensorflow.lite.schema.TensorType;

/**
 * What {@link ModelVerifier} learnt about the tensors of one subgraph (type, shape, quantization,
 * constant data size), and the per-tensor invariants the native kernels trust without checking:
 * a constant's buffer holds exactly its shape's bytes (a shape shrunk under a larger buffer made
 * a convolution divide by zero), and quantization scales are finite and positive with one scale
 * per channel of the quantized dimension. Not thread-safe; one instance per subgraph walk.
 */
final class ModelVerifierTensors {

  /** Largest element count of one tensor; larger shapes are corrupt (and overflow sizes). */
  static final long MAX_ELEMENTS = 1L << 31;
  /**
   * Largest declared tensor: 256 MiB, 50 times MobileNet's largest activation. TFLite allocates
   * what shapes declare, and so do the app's input buffers: one edited dimension asked for
   * gigabytes and ended in an OutOfMemoryError or a failed native allocation.
   */
  static final long MAX_TENSOR_BYTES = 256L << 20;

  private final String where;
  final int[] type;
  final int[][] shape;
  /** Number of quantization scales, 0 when the tensor has no quantization. */
  final int[] scales;
  /** Bytes of constant data, -1 when the tensor has none. */
  final long[] constantBytes;
  /** Where a constant's data starts in the file, -1 when the tensor has none. */
  final long[] constantStart;
  private final java.nio.ByteBuffer file;

  ModelVerifierTensors(String where, int count, java.nio.ByteBuffer file) {
    this.where = where;
    this.file = file;
    this.constantStart = new long[count];
    this.type = new int[count];
    this.shape = new int[count][];
    this.scales = new int[count];
    this.constantBytes = new long[count];
  }

  /**
   * Records tensor {@code i} and checks it on its own.
   *
   * @param scaleValues the quantization scales (empty when none)
   * @param quantDim the quantized dimension (meaningful with several scales)
   * @param dataBytes bytes of its buffer's data, or -1 without data
   * @param sparse whether the tensor is stored sparse (its data is then not shape-sized)
   */
  void record(int i, int tensorType, int[] dims, float[] scaleValues, int quantDim,
      long dataBytes, boolean sparse) {
    String t = where + " tensor " + i;
    type[i] = tensorType;
    shape[i] = dims;
    scales[i] = scaleValues.length;
    constantBytes[i] = dataBytes;
    for (int k = 0; k < scaleValues.length; k++) {
      float s = scaleValues[k];
      if (!(s > 0) || Float.isInfinite(s)) {
        throw bad(t + " (" + ModelInspector.typeName(tensorType) + ") has quantization scale " + s
            + " at channel " + k + "; scales must be finite and > 0");
      }
    }
    if (scaleValues.length > 1 && quantDim >= 0 && quantDim < dims.length
        && dims[quantDim] != scaleValues.length) {
      throw bad(t + " has " + scaleValues.length + " quantization scales but dimension "
          + quantDim + " has " + dims[quantDim] + " channels; there must be one scale per channel");
    }
    long declared = byteSize(tensorType, dims);
    if (declared > MAX_TENSOR_BYTES) {
      throw bad(t + " (" + ModelInspector.typeName(tensorType) + " " + java.util.Arrays.toString(
          dims) + ") would take " + (declared == Long.MAX_VALUE ? "more than 8 GiB" : declared
          + " bytes") + "; at most " + MAX_TENSOR_BYTES
          + " per tensor are accepted");
    }
    if (dataBytes >= 0 && !sparse) {
      long expected = declared;
      if (expected >= 0 && expected != dataBytes) {
        throw bad(t + " (" + ModelInspector.typeName(tensorType) + " " + java.util.Arrays.toString(
            dims) + ") is a constant of " + dataBytes + " bytes but its shape needs " + expected
            + "; shape and data must agree");
      }
    }
  }

  /** Bytes a dense tensor of {@code dims} needs, -1 for variable-size types, MAX_VALUE when huge. */
  static long byteSize(int tensorType, int[] dims) {
    long n = 1;
    for (int d : dims) {
      n *= d;
      if (n > MAX_ELEMENTS) {
        return Long.MAX_VALUE; // refused by the caller as too large
      }
    }
    switch (tensorType) {
      case TensorType.UINT8:
      case TensorType.INT8:
      case TensorType.BOOL:
        return n;
      case TensorType.FLOAT16:
      case TensorType.INT16:
      case TensorType.UINT16:
        return 2 * n;
      case TensorType.FLOAT32:
      case TensorType.INT32:
      case TensorType.UINT32:
        return 4 * n;
      case TensorType.INT64:
      case TensorType.UINT64:
      case TensorType.FLOAT64:
      case TensorType.COMPLEX64:
        return 8 * n;
      case TensorType.COMPLEX128:
        return 16 * n;
      default:
        return -1; // STRING, RESOURCE, VARIANT: no fixed size; INT4: packed or not by converter
    }
  }

  /**
   * A subgraph's inputs need every dimension >= 1 (the runtime sizes them from the file; an empty
   * one divided by zero in kernels), and no input or output may be a RESOURCE/VARIANT handle.
   */
  void checkInputsAndOutputs(int[] inputs, int[] outputs) {
    for (int t : inputs) {
      for (int d : shape[t]) {
        if (d == 0) {
          throw bad(where + " input tensor " + t + " has shape " + java.util.Arrays.toString(
              shape[t]) + "; an input needs every dimension >= 1");
        }
      }
    }
    for (int[] list : new int[][] {inputs, outputs}) {
      for (int t : list) {
        if (ModelVerifierOps.isHandle(type[t])) {
          throw bad(where + " tensor " + t + " is an input or output of type "
              + ModelInspector.typeName(type[t]) + "; a model's inputs and outputs hold data,"
              + " not RESOURCE/VARIANT handles");
        }
      }
    }
  }

  boolean isConstant(int t) {
    return constantBytes[t] >= 0;
  }

  /**
   * The values of constant integer tensor {@code t} (INT32 or INT64), or null when it is not a
   * constant of those types (its size already matches its shape).
   */
  long[] intValues(int t) {
    if (t < 0 || constantStart[t] < 0 || constantBytes[t] < 0
        || (type[t] != TensorType.INT32 && type[t] != TensorType.INT64)) {
      return null;
    }
    int size = type[t] == TensorType.INT32 ? 4 : 8;
    long n = constantBytes[t] / size;
    if (n > 1 << 16) {
      return null; // parameters are short vectors; a long one is data, not a parameter
    }
    long[] out = new long[(int) n];
    for (int k = 0; k < out.length; k++) {
      int at = (int) (constantStart[t] + (long) k * size);
      out[k] = size == 4 ? file.getInt(at) : file.getLong(at);
    }
    return out;
  }

  static IllegalArgumentException bad(String message) {
    return new IllegalArgumentException("invalid .tflite file: " + message);
  }
}
