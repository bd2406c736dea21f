package org.snaptune.host;

import static org.bytedeco.tensorflowlite.global.tensorflowlite.TfLiteTensorByteSize;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.TfLiteTensorData;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.tensorflowlite.Interpreter;
import org.bytedeco.tensorflowlite.TfLiteTensor;
import org.snaptune.model.ModelVerifier;

/**
 * A bare C++ TFLite interpreter in a chosen CPU configuration, for benchmarks that compare
 * SnapTune's host runtime with the runtime as others configure it: input 0 written in place,
 * {@code Interpreter::Invoke} and nothing else (no output copies, no dequantization).
 *
 * <p>Ownership: owns its native objects; {@link #close()} frees them (idempotent). Not
 * thread-safe.
 */
public final class NativeBaseline implements AutoCloseable {

  /** How the CPU runs the model. */
  public enum Cpu {
    /**
     * The bytedeco artifact with default options: {@code BuiltinOpResolver}, whose default
     * XNNPACK delegate has the build's default flags (no QS8/QU8, so quantized ops stay on the
     * builtin kernels). This was SnapTune's host configuration before issue 12.
     */
    AS_SHIPPED,
    /** XNNPACK with its QS8/QU8 paths on, as TensorFlow's own builds enable it by default. */
    XNNPACK_QUANTIZED,
    /** The builtin kernels only, no delegate. */
    BUILTIN_ONLY
  }

  private final NativeModel loaded;
  private final Interpreter interpreter;
  private final BytePointer input;

  private NativeBaseline(NativeModel loaded) {
    this.loaded = loaded;
    this.interpreter = loaded.interpreter();
    // AllocateTensors also applies the resolver's lazy default delegates (AS_SHIPPED).
    if (interpreter.AllocateTensors() != 0) {
      throw new IllegalArgumentException("TFLite could not allocate the model's tensors");
    }
    TfLiteTensor t = interpreter.input_tensor(0);
    input = new BytePointer(TfLiteTensorData(t)).capacity(TfLiteTensorByteSize(t));
  }

  /** Loads {@code model} (verified first) with {@code threads} ≥ 1 threads. */
  public static NativeBaseline open(byte[] model, int threads, Cpu cpu) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    ModelVerifier.verify(model);
    NativeModel m;
    switch (cpu) {
      case AS_SHIPPED:
        m = NativeModel.load(model, threads, true);
        break;
      case XNNPACK_QUANTIZED:
        m = NativeModel.loadWithXnnpack(model, threads);
        break;
      case BUILTIN_ONLY:
        m = NativeModel.load(model, threads, false);
        break;
      default:
        throw new IllegalArgumentException("unknown CPU configuration " + cpu);
    }
    try {
      return new NativeBaseline(m);
    } catch (RuntimeException e) {
      m.close();
      throw e;
    }
  }

  /** Copies {@code raw} into input 0 (exactly its byte size). */
  public void setInput(byte[] raw) {
    if (raw.length != input.capacity()) {
      throw new IllegalArgumentException("input 0 needs " + input.capacity() + " bytes, got "
          + raw.length);
    }
    input.position(0).put(raw, 0, raw.length);
  }

  /** One Interpreter::Invoke. */
  public void invoke() {
    if (interpreter.Invoke() != 0) {
      throw new IllegalStateException("TFLite Invoke failed (details on stderr)");
    }
  }

  @Override
  public void close() {
    loaded.close();
  }
}
