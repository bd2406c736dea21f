package org.snaptune.host;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.tensorflowlite.BuiltinOpResolver;
import org.bytedeco.tensorflowlite.BuiltinOpResolverWithoutDefaultDelegates;
import org.bytedeco.tensorflowlite.FlatBufferModel;
import org.bytedeco.tensorflowlite.Interpreter;
import org.bytedeco.tensorflowlite.InterpreterBuilder;

/**
 * A model loaded into the JavaCPP C++ TFLite runtime: the native copy of its bytes, the model the
 * TFLite flatbuffer verifier built over them, the builtin op resolver and an interpreter with
 * tensors not yet allocated. {@link HostBackboneRunner} and {@link HostSignatureRunner} both load
 * through it, so the verification, the ownership and the close order live in one place.
 *
 * <p>Callers run {@code ModelVerifier} first (it names the problem and its offset); the C++
 * verifier here is the backstop. Not thread-safe; {@link #close()} is idempotent.
 */
final class NativeModel implements AutoCloseable {

  private static final int TFLITE_OK = 0;

  private BytePointer modelBytes;
  private FlatBufferModel model;
  private BuiltinOpResolver resolver;
  private Interpreter interpreter;
  private boolean closed;

  private NativeModel() {}

  /**
   * Copies {@code bytes} to native memory, verifies them and builds an interpreter with
   * {@code threads} CPU threads. With {@code defaultDelegates} the resolver applies TFLite's
   * default delegates (XNNPACK); without, only the plain builtin kernels run.
   *
   * @throws IllegalArgumentException if the verifier rejects the bytes or TFLite cannot build an
   *     interpreter for them; nothing native is left allocated then
   */
  static NativeModel load(byte[] bytes, int threads, boolean defaultDelegates) {
    NativeModel m = new NativeModel();
    try {
      m.build(bytes, threads, defaultDelegates);
      return m;
    } catch (RuntimeException e) {
      m.close();
      throw e;
    }
  }

  private void build(byte[] bytes, int threads, boolean defaultDelegates) {
    modelBytes = new BytePointer(bytes.length);
    modelBytes.put(bytes, 0, bytes.length);
    // The verifier checks every offset and vector bound, so the interpreter never reads outside
    // the buffer; the model keeps pointing into modelBytes, which lives until close().
    model = FlatBufferModel.VerifyAndBuildFromBuffer(modelBytes, bytes.length);
    if (model == null || model.isNull()) {
      throw new IllegalArgumentException("not a valid TFLite model: the TFLite flatbuffer verifier"
          + " rejected the " + bytes.length + " bytes (details on stderr)");
    }
    resolver = defaultDelegates ? new BuiltinOpResolver()
        : new BuiltinOpResolverWithoutDefaultDelegates();
    InterpreterBuilder builder = new InterpreterBuilder(model, resolver);
    try {
      interpreter = new Interpreter((Pointer) null);
      if (builder.apply(interpreter, threads) != TFLITE_OK || interpreter.isNull()) {
        throw new IllegalArgumentException("TFLite could not build an interpreter for this model"
            + " (unsupported operator or inconsistent graph; details on stderr)");
      }
    } finally {
      builder.close();
    }
  }

  /** The interpreter; valid until {@link #close()}. */
  Interpreter interpreter() {
    if (closed) {
      throw new IllegalStateException("the native model is closed");
    }
    return interpreter;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    // The interpreter refers to the model and the resolver, and the model to the bytes, so they
    // go in that order.
    if (interpreter != null) {
      interpreter.close();
    }
    if (resolver != null) {
      resolver.close();
    }
    if (model != null) {
      model.close();
    }
    if (modelBytes != null) {
      modelBytes.close();
    }
  }
}
