package org.snaptune.tflite;

import java.io.File;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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
import org.tensorflow.lite.gpu.GpuDelegateFactory;

/**
 * The frozen backbone on the phone: {@code org.tensorflow.lite.Interpreter} with the GPU delegate
 * when asked for (or, for {@link Delegate#AUTO}, when TFLite's {@link CompatibilityList} says the
 * device supports it), otherwise the CPU with XNNPACK. If the delegate fails to apply, the runner
 * falls back to the CPU and reports why in {@link #fallbackReason()}.
 *
 * <p>GPU options as a production camera app sets them ({@link Config}): sustained-speed inference
 * preference (a stream of frames, not one answer), fp16 arithmetic where the caller has the
 * user's acceptance (TFLite's own default; off gives fp32), quantized models allowed, and a
 * serialized kernel cache keyed by the model's SHA-256 so that the second launch skips compiling
 * the GPU programs. CPU: XNNPACK, set explicitly; in TFLite 2.14's Android runtime
 * {@code TfLiteXNNPackDelegateOptionsDefault()} has the QS8|QU8 flags on (checked in the AAR's
 * native code), so the uint8 backbone's convolutions run on XNNPACK too. The engine line
 * ({@link #description()}) names the choice.
 *
 * <p>Input and outputs are preallocated direct buffers, so a frame allocates nothing on the Java
 * side. Not thread-safe: confine a runner to the camera thread. It owns the interpreter and the GPU
 * delegate; {@link #close()} releases both and is idempotent, other methods throw
 * IllegalStateException after it.
 */
public final class TfliteBackboneRunner implements BackboneRunner {

  /**
   * Opens runners on the phone with the default {@link Config} (fp16 allowed, no kernel cache);
   * thread-safe. Natives load on the first open, not before. Apps pass {@link #factory(Config)}
   * with a cache directory instead.
   */
  public static final BackboneRunnerFactory FACTORY = factory(Config.builder().build());

  /** Runner options a production app sets; immutable, thread-safe. */
  public static final class Config {
    private final boolean gpuFp16;
    private final File kernelCacheDir;

    private Config(Builder b) {
      this.gpuFp16 = b.gpuFp16;
      this.kernelCacheDir = b.kernelCacheDir;
    }

    public static Builder builder() {
      return new Builder();
    }

    /** Whether the GPU may compute in fp16. */
    public boolean gpuFp16() {
      return gpuFp16;
    }

    /** Where the GPU delegate keeps compiled kernels between launches, or null. */
    public File kernelCacheDir() {
      return kernelCacheDir;
    }

    /** Builds a {@link Config}; all fields optional. Not thread-safe. */
    public static final class Builder {
      private boolean gpuFp16 = true;
      private File kernelCacheDir;

      private Builder() {}

      /**
       * fp16 arithmetic on the GPU (default true, TFLite's default: about twice as fast; the
       * embedding moves in its third or fourth significant digit). Pass false unless the user
       * accepted that.
       */
      public Builder optGpuFp16(boolean allowed) {
        this.gpuFp16 = allowed;
        return this;
      }

      /** A private, app-owned directory (e.g. {@code Context.getCodeCacheDir()}). */
      public Builder optKernelCacheDir(File dir) {
        this.kernelCacheDir = dir;
        return this;
      }

      /** @throws IllegalArgumentException if the cache directory exists as a file */
      public Config build() {
        if (kernelCacheDir != null && kernelCacheDir.isFile()) {
          throw new IllegalArgumentException("kernel cache dir " + kernelCacheDir
              + " is a file; pass a directory");
        }
        return new Config(this);
      }
    }
  }

  /** A factory opening runners with {@code config}; thread-safe. */
  public static BackboneRunnerFactory factory(Config config) {
    if (config == null) {
      throw new IllegalArgumentException("config must not be null");
    }
    return (model, info, delegate, threads) -> open(model, info, delegate, threads, config);
  }

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

  /** See {@link BackboneRunnerFactory#open}; the default {@link Config}. */
  public static TfliteBackboneRunner open(byte[] adaptedModel, BackboneInfo info,
      Delegate delegate, int threads) {
    return open(adaptedModel, info, delegate, threads, Config.builder().build());
  }

  /** See {@link BackboneRunnerFactory#open}. */
  public static TfliteBackboneRunner open(byte[] adaptedModel, BackboneInfo info,
      Delegate delegate, int threads, Config config) {
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
          GpuDelegateFactory.Options gpuOptions = compatibility.isDelegateSupportedOnThisDevice()
              ? compatibility.getBestOptionsForThisDevice() : new GpuDelegateFactory.Options();
          String cache = gpuOptions(gpuOptions, config, adaptedModel);
          gpu = new GpuDelegate(gpuOptions);
          Interpreter interpreter =
              new Interpreter(model, new Interpreter.Options().addDelegate(gpu));
          return new TfliteBackboneRunner(info, interpreter, gpu, "GPU delegate ("
              + (config.gpuFp16() ? "fp16" : "fp32") + ", sustained speed" + cache + ")", null);
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
    String cpu = String.format(Locale.ROOT, "CPU (XNNPACK, int8/uint8 on), %d %s%s", threads,
        threads == 1 ? "thread" : "threads",
        delegate == Delegate.AUTO && fallback == null ? " (no compatible GPU)" : "");
    return new TfliteBackboneRunner(info, interpreter, null, cpu, fallback);
  }

  /**
   * Sets {@code options} as a production app does; returns the engine-line note for the kernel
   * cache ("" without one).
   */
  static String gpuOptions(GpuDelegateFactory.Options options, Config config, byte[] model) {
    // A camera stream: steady throughput over a fast first answer.
    options.setInferencePreference(
        GpuDelegateFactory.Options.INFERENCE_PREFERENCE_SUSTAINED_SPEED);
    options.setPrecisionLossAllowed(config.gpuFp16());
    options.setQuantizedModelsAllowed(true);
    File dir = config.kernelCacheDir();
    if (dir == null || !(dir.isDirectory() || dir.mkdirs())) {
      return "";
    }
    options.setSerializationParams(dir.getAbsolutePath(), modelToken(model));
    return ", kernel cache";
  }

  /**
   * The kernel-cache key of a model: its SHA-256 (first 16 bytes, hex), so a changed backbone
   * never loads another model's compiled kernels.
   */
  static String modelToken(byte[] model) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(model);
      StringBuilder s = new StringBuilder("snaptune-backbone-");
      for (int i = 0; i < 16; i++) {
        s.append(String.format(Locale.ROOT, "%02x", d[i] & 0xff));
      }
      return s.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this runtime", e);
    }
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
