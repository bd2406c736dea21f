package org.snaptune.host;

import static org.bytedeco.tensorflowlite.global.tensorflowlite.TfLiteInterpreterAllocateTensors;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.TfLiteInterpreterCreate;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.TfLiteInterpreterDelete;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.TfLiteInterpreterGetInputTensor;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.TfLiteInterpreterGetInputTensorCount;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.TfLiteInterpreterGetOutputTensor;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.TfLiteInterpreterGetOutputTensorCount;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.TfLiteInterpreterInvoke;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.TfLiteInterpreterOptionsAddDelegate;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.TfLiteInterpreterOptionsCreate;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.TfLiteInterpreterOptionsDelete;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.TfLiteInterpreterOptionsSetEnableDelegateFallback;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.TfLiteInterpreterOptionsSetNumThreads;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.TfLiteInterpreterResizeInputTensor;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.TfLiteModelCreate;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.TfLiteModelDelete;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.TfLiteTensorByteSize;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.TfLiteTensorCopyFromBuffer;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.TfLiteTensorCopyToBuffer;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.TfLiteTensorData;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.TfLiteTensorDim;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.TfLiteTensorName;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.TfLiteTensorNumDims;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.TfLiteTensorQuantizationParams;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.TfLiteTensorType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.tensorflowlite.TfLiteInterpreter;
import org.bytedeco.tensorflowlite.TfLiteInterpreterOptions;
import org.bytedeco.tensorflowlite.TfLiteModel;
import org.bytedeco.tensorflowlite.TfLiteOpaqueDelegateStruct;
import org.bytedeco.tensorflowlite.TfLiteQuantizationParams;
import org.bytedeco.tensorflowlite.TfLiteTensor;
import org.snaptune.model.ModelVerifier;

/**
 * Runs a plain model's subgraph 0 (an image backbone, for example) on the desktop TFLite 2.19
 * runtime through its C API (org.bytedeco JavaCPP build; CPU through {@link XnnpackDelegate}
 * with its quantized paths on, the builtin kernels for what it does not take): typed tensors
 * addressed by input/output index, raw bytes in and out, float helpers that dequantize. For
 * multi-signature models with variables use {@link HostSignatureRunner}.
 *
 * <p>The model bytes pass {@link ModelVerifier} (Java) and the TFLite flatbuffer verifier (C++)
 * before the interpreter reads them; every index and byte count is checked in Java before native
 * code sees it, so bad input gives an IllegalArgumentException, not a native crash.
 *
 * <p>Ownership: the interpreter owns a native copy of the model and frees it in {@link #close()}
 * (idempotent); every other method throws IllegalStateException after close. Not thread-safe:
 * confine an instance to one thread at a time.
 */
public final class HostInterpreter implements AutoCloseable {

  private static final int OK = 0;
  /** TfLiteType codes of the C API (not the flatbuffer TensorType numbering). */
  static final int TYPE_FLOAT32 = 1;
  static final int TYPE_UINT8 = 3;
  static final int TYPE_INT8 = 9;

  private BytePointer modelBytes;
  private TfLiteModel model;
  private TfLiteInterpreter interpreter;
  private XnnpackDelegate xnnpack;
  private boolean allocated;
  private boolean closed;

  private HostInterpreter() {}

  /**
   * Loads {@code model} (copied) with {@code numThreads} ≥ 1 CPU threads.
   *
   * @throws IllegalArgumentException if the bytes are not a valid model or the runtime cannot
   *     build an interpreter for it (unsupported operator, inconsistent shapes), saying which
   */
  public static HostInterpreter open(byte[] model, int numThreads) {
    if (numThreads < 1) {
      throw new IllegalArgumentException("numThreads must be >= 1, got " + numThreads);
    }
    ModelVerifier.verify(model);
    HostInterpreter h = new HostInterpreter();
    try {
      h.load(model, numThreads);
      return h;
    } catch (RuntimeException e) {
      h.close();
      throw e;
    }
  }

  private void load(byte[] bytes, int numThreads) {
    modelBytes = new BytePointer(bytes.length);
    modelBytes.put(bytes, 0, bytes.length);
    // The C API keeps pointing into modelBytes, which therefore lives until close().
    model = TfLiteModelCreate(modelBytes, bytes.length);
    if (model == null || model.isNull()) {
      throw new IllegalArgumentException("not a valid TFLite model: the runtime rejected the "
          + bytes.length + " bytes (details on stderr)");
    }
    interpreter = create(numThreads, true);
    if (interpreter == null || interpreter.isNull()) {
      // XNNPACK refuses some graphs outright (a trainable head's dynamic tensors make the C API
      // fail even with delegate fallback on): the builtin kernels still run them.
      if (xnnpack != null) {
        xnnpack.close();
        xnnpack = null;
      }
      interpreter = create(numThreads, false);
    }
    if (interpreter == null || interpreter.isNull()) {
      interpreter = null;
      throw new IllegalArgumentException("TFLite could not build an interpreter for this model"
          + " (unsupported operator or inconsistent graph; details on stderr)");
    }
    allocate();
  }

  private TfLiteInterpreter create(int numThreads, boolean withXnnpack) {
    TfLiteInterpreterOptions options = TfLiteInterpreterOptionsCreate();
    try {
      TfLiteInterpreterOptionsSetNumThreads(options, numThreads);
      if (withXnnpack) {
        try {
          xnnpack = XnnpackDelegate.create(numThreads);
          // A TfLiteDelegate* is accepted where the C API asks for an opaque delegate.
          TfLiteInterpreterOptionsAddDelegate(options,
              new TfLiteOpaqueDelegateStruct(xnnpack.delegate()));
          // If XNNPACK refuses part of the graph, run that part on the builtin kernels.
          TfLiteInterpreterOptionsSetEnableDelegateFallback(options, true);
        } catch (UnsupportedOperationException e) {
          xnnpack = null; // builtin kernels only
        }
      }
      return TfLiteInterpreterCreate(model, options);
    } finally {
      TfLiteInterpreterOptionsDelete(options);
    }
  }

  private void allocate() {
    if (TfLiteInterpreterAllocateTensors(interpreter) != OK) {
      throw new IllegalArgumentException("TFLite could not allocate the model's tensors"
          + " (inconsistent shapes; details on stderr)");
    }
    allocated = true;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("this HostInterpreter is closed");
    }
  }

  public int inputCount() {
    checkOpen();
    return TfLiteInterpreterGetInputTensorCount(interpreter);
  }

  public int outputCount() {
    checkOpen();
    return TfLiteInterpreterGetOutputTensorCount(interpreter);
  }

  private TfLiteTensor input(int i) {
    checkOpen();
    int n = inputCount();
    if (i < 0 || i >= n) {
      throw new IllegalArgumentException("input index " + i + " out of range; the model has "
          + n + " input(s)");
    }
    return TfLiteInterpreterGetInputTensor(interpreter, i);
  }

  private TfLiteTensor output(int i) {
    checkOpen();
    int n = outputCount();
    if (i < 0 || i >= n) {
      throw new IllegalArgumentException("output index " + i + " out of range; the model has "
          + n + " output(s)");
    }
    return TfLiteInterpreterGetOutputTensor(interpreter, i);
  }

  /** Name, type, current shape and quantization of input {@code i}. */
  public HostInterpreterTensor inputInfo(int i) {
    return info(input(i));
  }

  /** Name, type, current shape and quantization of output {@code i} (valid after a run). */
  public HostInterpreterTensor outputInfo(int i) {
    return info(output(i));
  }

  private static HostInterpreterTensor info(TfLiteTensor t) {
    int[] shape = new int[TfLiteTensorNumDims(t)];
    for (int k = 0; k < shape.length; k++) {
      shape[k] = TfLiteTensorDim(t, k);
    }
    TfLiteQuantizationParams q = TfLiteTensorQuantizationParams(t);
    BytePointer name = TfLiteTensorName(t);
    return new HostInterpreterTensor(name == null || name.isNull() ? "" : name.getString(),
        TfLiteTensorType(t), shape, q.scale(), q.zero_point(), TfLiteTensorByteSize(t));
  }

  /**
   * Resizes input {@code i} (for example its batch dimension) and reallocates tensors.
   *
   * @throws IllegalArgumentException if a dimension is < 1 or the model cannot take the shape
   */
  public void resizeInput(int i, int[] shape) {
    input(i);
    if (shape == null || shape.length == 0) {
      throw new IllegalArgumentException("shape must have at least one dimension");
    }
    long elements = 1;
    for (int d : shape) {
      if (d < 1) {
        throw new IllegalArgumentException("dimensions must be >= 1, got "
            + Arrays.toString(shape));
      }
      elements *= d;
      if (elements > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " is too large");
      }
    }
    allocated = false;
    if (TfLiteInterpreterResizeInputTensor(interpreter, i, shape, shape.length) != OK) {
      throw new IllegalArgumentException("input " + i + " cannot be resized to "
          + Arrays.toString(shape));
    }
    allocate();
  }

  /**
   * Copies raw bytes into input {@code i}: exactly its byte size, little-endian for multi-byte
   * types, quantized values for uint8/int8 inputs.
   */
  public void setInput(int i, byte[] raw) {
    TfLiteTensor t = input(i);
    long size = TfLiteTensorByteSize(t);
    if (raw == null || raw.length != size) {
      throw new IllegalArgumentException("input " + i + " (" + info(t) + ") needs " + size
          + " bytes, got " + (raw == null ? "null" : raw.length));
    }
    requireData(t, "input " + i, size);
    try (BytePointer p = new BytePointer(Math.max(1, raw.length))) {
      p.put(raw, 0, raw.length);
      if (TfLiteTensorCopyFromBuffer(t, p, raw.length) != OK) {
        throw new IllegalStateException("TFLite refused to copy input " + i);
      }
    }
  }

  /**
   * The C API copies with memcpy and does not check for unallocated tensors, which a graph whose
   * output no operator produces has: refuse instead of reading through a null pointer.
   */
  private static void requireData(TfLiteTensor t, String what, long size) {
    if (size > 0) {
      org.bytedeco.javacpp.Pointer data = TfLiteTensorData(t);
      if (data == null || data.isNull()) {
        throw new IllegalStateException(what + " has no allocated data (nothing in the graph"
            + " produces it)");
      }
    }
  }

  /** Sets a FLOAT32 input from floats (exactly its element count). */
  public void setInput(int i, float[] values) {
    HostInterpreterTensor info = inputInfo(i);
    if (info.typeCode() != TYPE_FLOAT32) {
      throw new IllegalArgumentException("input " + i + " is " + info.type()
          + "; pass its raw bytes with setInput(int, byte[])");
    }
    if (values == null || values.length * 4L != info.byteSize()) {
      throw new IllegalArgumentException("input " + i + " (" + info + ") needs "
          + info.byteSize() / 4 + " floats, got " + (values == null ? "null" : values.length));
    }
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    setInput(i, b.array());
  }

  /** Runs the model once on the inputs last set. */
  public void run() {
    checkOpen();
    if (!allocated) {
      allocate();
    }
    if (TfLiteInterpreterInvoke(interpreter) != OK) {
      throw new IllegalStateException("TFLite failed to run the model (details on stderr)");
    }
  }

  /** A copy of output {@code i}'s raw bytes. */
  public byte[] outputBytes(int i) {
    TfLiteTensor t = output(i);
    long size = TfLiteTensorByteSize(t);
    if (size > Integer.MAX_VALUE) {
      throw new IllegalStateException("output " + i + " has " + size + " bytes, too many");
    }
    requireData(t, "output " + i, size);
    byte[] out = new byte[(int) size];
    try (BytePointer p = new BytePointer(Math.max(1, out.length))) {
      if (TfLiteTensorCopyToBuffer(t, p, size) != OK) {
        throw new IllegalStateException("TFLite refused to copy output " + i);
      }
      p.get(out, 0, out.length);
    }
    return out;
  }

  /** Output {@code i} as real values: FLOAT32 as is, UINT8/INT8 dequantized. */
  public float[] outputFloats(int i) {
    return outputInfo(i).toFloats(outputBytes(i));
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    // The interpreter refers to the model, which refers to the bytes: free in that order.
    if (interpreter != null) {
      TfLiteInterpreterDelete(interpreter);
      interpreter = null;
    }
    if (xnnpack != null) {
      xnnpack.close();
      xnnpack = null;
    }
    if (model != null && !model.isNull()) {
      TfLiteModelDelete(model);
    }
    model = null;
    if (modelBytes != null) {
      modelBytes.close();
      modelBytes = null;
    }
  }
}
