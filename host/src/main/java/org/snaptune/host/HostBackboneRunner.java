package org.snaptune.host;

import static org.bytedeco.tensorflowlite.global.tensorflowlite.TfLiteTensorByteSize;
import static org.bytedeco.tensorflowlite.global.tensorflowlite.TfLiteTensorData;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.tensorflowlite.Interpreter;
import org.bytedeco.tensorflowlite.TfLiteTensor;
import org.snaptune.model.BackboneInfo;
import org.snaptune.settings.Delegate;
import org.snaptune.vision.BackboneRunner;
import org.snaptune.vision.BackboneRunnerChecks;
import org.snaptune.vision.BackboneRunnerFactory;

/**
 * A {@link BackboneRunner} on the JavaCPP host TFLite runtime (CPU through the XNNPACK delegate
 * with its quantized paths on, or the builtin kernels if XNNPACK cannot take the model, which
 * {@link #description()} and {@link #fallbackReason()} then say): what tests, benchmarks and the
 * command line use in place of the phone's interpreter.
 * The input and outputs are the interpreter's own tensor memory, so a frame is never copied.
 *
 * <p>Not thread-safe: confine a runner to one thread. The runner owns its native objects;
 * {@link #close()} releases them and is idempotent; other methods throw IllegalStateException
 * after it.
 */
public final class HostBackboneRunner implements BackboneRunner {

  private static final BackboneRunnerFactory FACTORY = HostBackboneRunner::open;

  private final BackboneInfo info;
  private final Delegate requested;
  private String description;
  private String fallbackReason;
  private NativeModel loaded;
  private Interpreter interpreter;
  private ByteBuffer input;
  private ByteBuffer logits;
  private ByteBuffer embedding;
  private boolean closed;

  private HostBackboneRunner(BackboneInfo info, Delegate delegate, int threads) {
    this.info = info;
    this.requested = delegate;
  }

  /** The factory of host runners; thread-safe. */
  public static BackboneRunnerFactory factory() {
    return FACTORY;
  }

  /** See {@link BackboneRunnerFactory#open}. */
  public static HostBackboneRunner open(byte[] adaptedModel, BackboneInfo info, Delegate delegate,
      int threads) {
    // Also runs the Java verifier: it names the problem; the native one is the backstop.
    BackboneRunnerChecks.checkOpen(adaptedModel, info, delegate, threads);
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
    // XNNPACK with its quantized paths: what makes a uint8 backbone fast (see XnnpackDelegate).
    loaded = NativeModel.loadWithXnnpack(bytes, threads);
    interpreter = loaded.interpreter();
    boolean xnnpack = loaded.engine().startsWith("XNNPACK");
    description = "host CPU (" + (xnnpack ? "XNNPACK" : "builtin kernels") + "), " + threads
        + (threads == 1 ? " thread" : " threads");
    String gpu = requested == Delegate.GPU ? "the host runtime has no GPU delegate" : null;
    String cpu = loaded.fallbackReason();
    fallbackReason = gpu == null ? cpu : cpu == null ? gpu : gpu + "; " + cpu;
    if (interpreter.AllocateTensors() != 0) {
      throw new IllegalArgumentException("TFLite could not build an interpreter for this model");
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
    // A RESOURCE (or otherwise unallocated) tensor has no data pointer: refuse, never wrap null.
    Pointer data = TfLiteTensorData(tensor);
    if (data == null || data.isNull()) {
      throw new IllegalArgumentException("the model's " + what + " tensor holds no data (type "
          + tensor.type() + "); a backbone's outputs must be numeric tensors");
    }
    return new BytePointer(data).capacity(bytes).asByteBuffer()
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
    BackboneRunnerChecks.checkRun(info, logitsOut, embeddingOut);
    if (interpreter.Invoke() != 0) {
      throw new IllegalStateException("TFLite Invoke failed (details on stderr)");
    }
    info.logits().dequantize(logits, logitsOut);
    info.embedding().dequantize(embedding, embeddingOut);
  }

  @Override
  public String description() {
    checkOpen();
    return description;
  }

  /** Which ops XNNPACK runs, e.g. "XNNPACK 64/65 ops", or "builtin kernels". */
  public String engineDetail() {
    checkOpen();
    return loaded.engine();
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
    if (loaded != null) {
      loaded.close();
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("HostBackboneRunner is closed");
    }
  }
}
