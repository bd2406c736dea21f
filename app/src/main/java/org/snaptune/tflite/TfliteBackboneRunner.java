package org.snaptune.tflite;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.snaptune.model.BackboneInfo;
import org.snaptune.settings.Delegate;
import org.snaptune.vision.BackboneRunner;
import org.snaptune.vision.BackboneRunnerChecks;
import org.snaptune.vision.BackboneRunnerFactory;
import org.tensorflow.lite.Interpreter;
import org.tensorflow.lite.gpu.CompatibilityList;
import org.tensorflow.lite.gpu.GpuDelegate;

/**
 * The frozen backbone on the phone: {@code org.tensorflow.lite.Interpreter} with the GPU delegate
 * when asked for (or, for {@link Delegate#AUTO}, when TFLite's {@link CompatibilityList} says the
 * device supports it), otherwise the CPU with XNNPACK. If the delegate fails to apply, the runner
 * falls back to the CPU and reports why in {@link #fallbackReason()}.
 *
 * <p>Input and outputs are preallocated direct buffers, so a frame allocates nothing on the Java
 * side. Not thread-safe: confine a runner to the camera thread. It owns the interpreter and the GPU
 * delegate; {@link #close()} releases both and is idempotent, other methods throw
 * IllegalStateException after it.
 */
public final class TfliteBackboneRunner implements BackboneRunner {

  /** Opens runners on the phone; thread-safe. Natives load on the first open, not before. */
  public static final BackboneRunnerFactory FACTORY = TfliteBackboneRunner::open;

  private final BackboneInfo info;
  private final Interpreter interpreter;
  private final GpuDelegate gpu;
  private final String description;
  private final String fallbackReason;
  private final ByteBuffer input;
  private final ByteBuffer logits;
  private final ByteBuffer embedding;
  private final Object[] inputs;
  private final Map<Integer, Object> outputs = new HashMap<>();
  private boolean closed;

  private TfliteBackboneRunner(BackboneInfo info, Interpreter interpreter, GpuDelegate gpu,
      String description, String fallbackReason) {
    this.info = info;
    this.interpreter = interpreter;
    this.gpu = gpu;
    this.description = description;
    this.fallbackReason = fallbackReason;
    this.input = direct(info.inputSpec().byteSize());
    this.logits = direct(info.logitsSize() * info.logits().type().bytes());
    this.embedding = direct(info.embeddingSize() * info.embedding().type().bytes());
    this.inputs = new Object[] {input};
    outputs.put(info.logits().outputIndex(), logits);
    outputs.put(info.embedding().outputIndex(), embedding);
  }

  /** See {@link BackboneRunnerFactory#open}. */
  public static TfliteBackboneRunner open(byte[] adaptedModel, BackboneInfo info,
      Delegate delegate, int threads) {
    // Also runs the Java verifier, which bounds-checks the flatbuffer before native code reads it.
    BackboneRunnerChecks.checkOpen(adaptedModel, info, delegate, threads);
    ByteBuffer model = direct(adaptedModel.length);
    model.put(adaptedModel).rewind();

    String fallback = null;
    boolean wantGpu = delegate == Delegate.GPU;
    CompatibilityList compatibility = null;
    try {
      compatibility = new CompatibilityList();
      if (delegate == Delegate.AUTO) {
        wantGpu = compatibility.isDelegateSupportedOnThisDevice();
      }
      if (wantGpu) {
        GpuDelegate gpu = null;
        try {
          gpu = compatibility.isDelegateSupportedOnThisDevice()
              ? new GpuDelegate(compatibility.getBestOptionsForThisDevice()) : new GpuDelegate();
          Interpreter interpreter = new Interpreter(model, new Interpreter.Options().addDelegate(gpu));
          return new TfliteBackboneRunner(info, interpreter, gpu, "GPU delegate", null);
        } catch (RuntimeException | UnsatisfiedLinkError e) {
          if (gpu != null) {
            gpu.close();
          }
          fallback = "the GPU delegate could not be applied (" + e.getMessage()
              + "); running on the CPU";
        }
      }
    } finally {
      if (compatibility != null) {
        compatibility.close();
      }
    }
    Interpreter.Options options = new Interpreter.Options().setNumThreads(threads)
        .setUseXNNPACK(true);
    Interpreter interpreter;
    try {
      interpreter = new Interpreter(model, options);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("TFLite cannot load the backbone: " + e.getMessage(), e);
    }
    String cpu = String.format(Locale.ROOT, "CPU (XNNPACK), %d %s%s", threads,
        threads == 1 ? "thread" : "threads",
        delegate == Delegate.AUTO && fallback == null ? " (no compatible GPU)" : "");
    return new TfliteBackboneRunner(info, interpreter, null, cpu, fallback);
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
    input.rewind();
    logits.rewind();
    embedding.rewind();
    try {
      interpreter.runForMultipleInputsOutputs(inputs, outputs);
    } catch (RuntimeException e) {
      throw new IllegalStateException("TFLite failed to run the backbone: " + e.getMessage(), e);
    }
    info.logits().dequantize(logits, logitsOut);
    info.embedding().dequantize(embedding, embeddingOut);
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
    interpreter.close();
    if (gpu != null) {
      gpu.close(); // after the interpreter that uses it
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("TfliteBackboneRunner is closed");
    }
  }

  private static ByteBuffer direct(int bytes) {
    return ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
  }
}
