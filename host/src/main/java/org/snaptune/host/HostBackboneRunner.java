package org.snaptune.host;

import static org.bytedeco.tensorflowlite.global.tensorflowlite.TfLiteTensorByteSize;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.TfLiteTensorData;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.tensorflowlite.BuiltinOpResolver;
import org.bytedeco.tensorflowlite.FlatBufferModel;
import org.bytedeco.tensorflowlite.Interpreter;
import org.bytedeco.tensorflowlite.InterpreterBuilder;
import org.bytedeco.tensorflowlite.TfLiteTensor;
import org.snaptune.model.BackboneInfo;
import org.snaptune.model.ModelVerifier;
import org.snaptune.settings.Delegate;
import org.snaptune.vision.BackboneRunner;
import org.snaptune.vision.BackboneRunnerFactory;

/**
 * A {@link BackboneRunner} on the JavaCPP host TFLite runtime (CPU with its default XNNPACK
 * delegate): what tests, benchmarks and the command line use in place of the phone's interpreter.
 * The input and outputs are the interpreter's own tensor memory, so a frame is never copied.
 *
 * <p>Not thread-safe: confine a runner to one thread. The runner owns its native objects;
 * {@link #close()} releases them and is idempotent; other methods throw IllegalStateException
 * after it.
 */
public final class HostBackboneRunner implements BackboneRunner {

  private static final BackboneRunnerFactory FACTORY = HostBackboneRunner::open;

  private final BackboneInfo info;
  private final String description;
  private final String fallbackReason;
  private BytePointer modelBytes;
  private FlatBufferModel model;
  private BuiltinOpResolver resolver;
  private Interpreter interpreter;
  private ByteBuffer input;
  private ByteBuffer logits;
  private ByteBuffer embedding;
  private boolean closed;

  private HostBackboneRunner(BackboneInfo info, Delegate delegate, int threads) {
    this.info = info;
    this.description = "host CPU (XNNPACK), " + threads + (threads == 1 ? " thread" : " threads");
    this.fallbackReason = delegate == Delegate.GPU ? "the host runtime has no GPU delegate" : null;
  }

  /** The factory of host runners; thread-safe. */
  public static BackboneRunnerFactory factory() {
    return FACTORY;
  }

  /** See {@link BackboneRunnerFactory#open}. */
  public static HostBackboneRunner open(byte[] adaptedModel, BackboneInfo info, Delegate delegate,
      int threads) {
    if (adaptedModel == null || info == null || delegate == null) {
      throw new IllegalArgumentException("model bytes, backbone info and delegate are required");
    }
    if (threads < 1 || threads > 16) {
      throw new IllegalArgumentException("threads must be 1 to 16, got " + threads);
    }
    // Java verifier first: it names the problem; the native one below is the backstop.
    ModelVerifier.verify(adaptedModel);
    HostBackboneRunner r = new HostBackboneRunner(info, delegate, threads);
    try {
      r.load(adaptedModel, threads);
      return r;
    } catch (RuntimeException e) {
      r.close();
      throw e;
    }
  }

  private void load(byte[] bytes, int threads) {
    modelBytes = new BytePointer(bytes.length);
    modelBytes.put(bytes, 0, bytes.length);
    model = FlatBufferModel.VerifyAndBuildFromBuffer(modelBytes, bytes.length);
    if (model == null || model.isNull()) {
      throw new IllegalArgumentException("the TFLite verifier rejected the model");
    }
    resolver = new BuiltinOpResolver();
    InterpreterBuilder builder = new InterpreterBuilder(model, resolver);
    try {
      interpreter = new Interpreter((Pointer) null);
      if (builder.apply(interpreter, threads) != 0 || interpreter.isNull()
          || interpreter.AllocateTensors() != 0) {
        throw new IllegalArgumentException("TFLite could not build an interpreter for this model");
      }
    } finally {
      builder.close();
    }
    input = tensorMemory(interpreter.input_tensor(0), info.inputSpec().byteSize(), "input");
    logits = tensorMemory(interpreter.output_tensor(info.logits().outputIndex()),
        info.logitsSize() * info.logits().type().bytes(), "logits");
    embedding = tensorMemory(interpreter.output_tensor(info.embedding().outputIndex()),
        info.embeddingSize() * info.embedding().type().bytes(), "embedding");
  }

  private static ByteBuffer tensorMemory(TfLiteTensor tensor, int bytes, String what) {
    if (tensor == null || tensor.isNull() || TfLiteTensorByteSize(tensor) != bytes) {
      throw new IllegalArgumentException("the model's " + what + " tensor does not have the "
          + bytes + " bytes the backbone info describes");
    }
    return new BytePointer(TfLiteTensorData(tensor)).capacity(bytes).asByteBuffer()
        .order(ByteOrder.nativeOrder());
  }

  @Override
  public BackboneInfo info() {
    checkOpen();
    return info;
  }

  @Override
  public ByteBuffer input() {
    checkOpen();
    return input;
  }

  @Override
  public void run(float[] logitsOut, float[] embeddingOut) {
    checkOpen();
    if (logitsOut == null || logitsOut.length != info.logitsSize()
        || embeddingOut == null || embeddingOut.length != info.embeddingSize()) {
      throw new IllegalArgumentException("run needs " + info.logitsSize() + " logits and "
          + info.embeddingSize() + " embedding values");
    }
    if (interpreter.Invoke() != 0) {
      throw new IllegalStateException("TFLite Invoke failed (details on stderr)");
    }
    dequantize(logits, info.logits(), logitsOut);
    dequantize(embedding, info.embedding(), embeddingOut);
  }

  static void dequantize(ByteBuffer raw, BackboneInfo.Output output, float[] out) {
    float scale = output.scale();
    int zero = output.zeroPoint();
    switch (output.type()) {
      case FLOAT32:
        for (int i = 0; i < out.length; i++) {
          out[i] = raw.getFloat(4 * i);
        }
        break;
      case UINT8:
        for (int i = 0; i < out.length; i++) {
          out[i] = scale * ((raw.get(i) & 0xff) - zero);
        }
        break;
      case INT8:
        for (int i = 0; i < out.length; i++) {
          out[i] = scale * (raw.get(i) - zero);
        }
        break;
      default:
        throw new IllegalStateException("unhandled output type " + output.type());
    }
  }

  @Override
  public String description() {
    checkOpen();
    return description;
  }

  @Override
  public String fallbackReason() {
    checkOpen();
    return fallbackReason;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    // The interpreter refers to the model and the resolver, so it goes first.
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

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("HostBackboneRunner is closed");
    }
  }
}
