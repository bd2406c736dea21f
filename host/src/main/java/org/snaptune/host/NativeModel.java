package org.snaptune.host;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
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
  /** BuiltinOperator DELEGATE: a node that stands for the ops a delegate took over. */
  private static final int BUILTIN_DELEGATE = 51;

  private BytePointer modelBytes;
  private FlatBufferModel model;
  private BuiltinOpResolver resolver;
  private Interpreter interpreter;
  private XnnpackDelegate xnnpack;
  private String engine = "builtin kernels";
  private String fallbackReason;
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

  /**
   * Like {@link #load(byte[], int, boolean)} without default delegates, then applies
   * {@link XnnpackDelegate} (float and quantized paths, {@code threads} threads). If the delegate
   * cannot be created or applied, the model runs on the builtin kernels instead and
   * {@link #fallbackReason()} says why; {@link #engine()} names what runs either way.
   */
  static NativeModel loadWithXnnpack(byte[] bytes, int threads) {
    NativeModel m = load(bytes, threads, false);
    try {
      m.applyXnnpack(threads);
      return m;
    } catch (RuntimeException e) {
      m.close();
      throw e;
    }
  }

  private void applyXnnpack(int threads) {
    int ops = (int) interpreter.nodes_size();
    try {
      xnnpack = XnnpackDelegate.create(threads);
    } catch (UnsupportedOperationException e) {
      fallbackReason = "XNNPACK unavailable: " + e.getMessage();
      return;
    }
    int status = interpreter.ModifyGraphWithDelegate(xnnpack.delegate());
    if (status != TFLITE_OK) {
      // A failed delegation may leave the interpreter unusable: rebuild it on builtin kernels.
      fallbackReason = "XNNPACK could not take this model (TFLite status " + status
          + ", e.g. dynamic-sized tensors); running on the builtin kernels";
      interpreter.close();
      interpreter = null;
      xnnpack.close();
      xnnpack = null;
      InterpreterBuilder builder = new InterpreterBuilder(model, resolver);
      try {
        interpreter = new Interpreter((Pointer) null);
        if (builder.apply(interpreter, threads) != TFLITE_OK || interpreter.isNull()) {
          throw new IllegalArgumentException("TFLite could not rebuild an interpreter for this"
              + " model after XNNPACK refused it (details on stderr)");
        }
      } finally {
        builder.close();
      }
      return;
    }
    int kept = 0;
    IntPointer plan = interpreter.execution_plan();
    for (long k = 0; k < plan.limit(); k++) {
      if (interpreter.node_and_registration(plan.get(k)).second().builtin_code()
          != BUILTIN_DELEGATE) {
        kept++;
      }
    }
    int delegated = ops - kept;
    if (delegated <= 0) {
      fallbackReason = "XNNPACK took none of the model's " + ops + " ops";
    } else {
      engine = "XNNPACK " + delegated + "/" + ops + " ops";
    }
  }

  /** What runs the model: "XNNPACK n/m ops" or "builtin kernels". */
  String engine() {
    return engine;
  }

  /** Why XNNPACK is not used (or not for any op), or null. */
  String fallbackReason() {
    return fallbackReason;
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
    // The delegate must outlive the interpreter that uses it.
    if (xnnpack != null) {
      xnnpack.close();
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
