package org.snaptune.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.snaptune.host.HostBackboneRunner;
import org.snaptune.host.HostInterpreter;
import org.snaptune.image.ImagePreprocessor;
import org.snaptune.image.InputSpec;
import org.snaptune.image.Yuv420Frame;
import org.snaptune.model.BackboneAdapter;
import org.snaptune.settings.Delegate;
import org.snaptune.vision.FrameClassifier;

/**
 * Camera-frame preprocessing (640x480 YUV_420_888 → 224x224 backbone input) against one invoke of
 * MobileNetV2 1.0 224 quant on the host runtime. Issue 5's goal: preprocessing ≤ 10 % of the
 * invoke. Preprocessing writes straight into the interpreter's input tensor, as the app does.
 *
 * <p>Run: {@code mvn -P bench -pl host -am verify -DskipTests -Dbench=preprocess}. Prints a
 * Markdown table and writes it to {@code ${snaptune.bench.out}/preprocess.md}.
 */
public final class PreprocessBenchmark {

  private static final int FRAME_WIDTH = 640;
  private static final int FRAME_HEIGHT = 480;
  private static final int WARMUP = 300;
  private static final int ITERATIONS = 1000;
  private static final int INVOKE_WARMUP = 5;
  private static final int INVOKES = 40;

  private PreprocessBenchmark() {}

  public static void main(String[] args) throws IOException {
    Path models = BenchFiles.sharedModels();
    Path backbone = models.resolve(BenchFiles.MOBILENET_V2_QUANT);
    if (!Files.isRegularFile(backbone)) {
      String skipped = "Preprocess benchmark skipped: " + backbone + " not found.\n";
      System.out.println(skipped);
      BenchFiles.writeTable("preprocess.md", skipped);
      return;
    }
    byte[] original = Files.readAllBytes(backbone);
    BackboneAdapter.Result adapted = BackboneAdapter.adapt(original);
    InputSpec spec = adapted.info().inputSpec();
    List<String> labels = Files.readAllLines(models.resolve("imagenet_labels.txt"),
        StandardCharsets.UTF_8);

    Random random = new Random(1);
    Yuv420Frame nv21 = frame(random, 2);
    Yuv420Frame i420 = frame(random, 1);
    int[] argb = new int[FRAME_WIDTH * FRAME_HEIGHT];
    for (int p = 0; p < argb.length; p++) {
      argb[p] = random.nextInt();
    }

    // The reference: B2's plain-model interpreter, input set once, Invoke timed.
    ImagePreprocessor pre = new ImagePreprocessor(spec);
    ByteBuffer scratch = ByteBuffer.allocate(spec.byteSize());
    pre.fromYuv(nv21, 90, scratch);
    double[] invoke1Times = invokeMillis(original, scratch.array(), 1);
    double[] invoke2Times = invokeMillis(original, scratch.array(), 2);
    double invoke1 = invoke1Times[0];

    StringBuilder table = new StringBuilder();
    table.append("| step | median ms | p90 ms | % of backbone invoke (1 thread) |\n");
    table.append("|---|---:|---:|---:|\n");
    try (FrameClassifier classifier = new FrameClassifier(HostBackboneRunner.open(
        adapted.model(), adapted.info(), Delegate.CPU, 1), labels)) {
      ByteBuffer tensor = classifier.backbone().input();
      row(table, "YUV NV21 (pixel stride 2) → uint8 tensor, rotate 90", invoke1,
          time(() -> { tensor.clear(); pre.fromYuv(nv21, 90, tensor); }, WARMUP, ITERATIONS));
      row(table, "YUV I420 (pixel stride 1) → uint8 tensor, rotate 90", invoke1,
          time(() -> { tensor.clear(); pre.fromYuv(i420, 90, tensor); }, WARMUP, ITERATIONS));
      ImagePreprocessor floats = new ImagePreprocessor(InputSpec.float32(224, 224, 127.5f,
          127.5f));
      ByteBuffer floatOut = ByteBuffer.allocateDirect(224 * 224 * 3 * 4)
          .order(ByteOrder.nativeOrder());
      row(table, "YUV NV21 → float32 (for float backbones), rotate 90", invoke1,
          time(() -> { floatOut.clear(); floats.fromYuv(nv21, 90, floatOut); }, WARMUP,
              ITERATIONS));
      row(table, "ARGB 640x480 → uint8 tensor (imported photo / CLI embed)", invoke1,
          time(() -> { tensor.clear(); pre.fromArgb(argb, FRAME_WIDTH, FRAME_HEIGHT, tensor); },
              WARMUP, ITERATIONS));
      row(table, "backbone invoke (HostInterpreter), 1 thread", invoke1,
          invoke1Times);
      row(table, "backbone invoke (HostInterpreter), 2 threads", invoke1,
          invoke2Times);
      row(table, "whole frame: FrameClassifier.classify (preprocess + invoke + top 3), 1 thread",
          invoke1, time(() -> classifier.classify(nv21, 90), INVOKE_WARMUP, INVOKES));
    }
    String header = String.format(Locale.ROOT,
        "Preprocessing a %dx%d camera frame to MobileNetV2 1.0 224 quant's input on the JVM "
            + "(%s %s, %d cores): median of %d after %d warm-up; invokes: median of %d.%n%n",
        FRAME_WIDTH, FRAME_HEIGHT, System.getProperty("java.vm.name"),
        System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
        ITERATIONS, WARMUP, INVOKES);
    String markdown = header + table;
    System.out.println(markdown);
    BenchFiles.writeTable("preprocess.md", markdown);
  }

  private static double[] invokeMillis(byte[] model, byte[] input, int threads) {
    try (HostInterpreter interpreter = HostInterpreter.open(model, threads)) {
      interpreter.setInput(0, input);
      return time(interpreter::run, INVOKE_WARMUP, INVOKES);
    }
  }

  private static Yuv420Frame frame(Random random, int pixelStride) {
    // A gradient with noise, as a camera gives, not a constant the branch predictor learns.
    int cw = FRAME_WIDTH / 2;
    int ch = FRAME_HEIGHT / 2;
    byte[] y = new byte[FRAME_WIDTH * FRAME_HEIGHT];
    for (int r = 0; r < FRAME_HEIGHT; r++) {
      for (int c = 0; c < FRAME_WIDTH; c++) {
        y[r * FRAME_WIDTH + c] = (byte) ((r + c) / 5 + random.nextInt(16));
      }
    }
    if (pixelStride == 1) {
      byte[] u = new byte[cw * ch];
      byte[] v = new byte[cw * ch];
      random.nextBytes(u);
      random.nextBytes(v);
      return new Yuv420Frame().set(y, FRAME_WIDTH, u, v, cw, 1, FRAME_WIDTH, FRAME_HEIGHT);
    }
    byte[] vu = new byte[2 * cw * ch];
    random.nextBytes(vu);
    byte[] v = Arrays.copyOfRange(vu, 0, vu.length - 1);
    byte[] u = Arrays.copyOfRange(vu, 1, vu.length);
    return new Yuv420Frame().set(y, FRAME_WIDTH, u, v, 2 * cw, 2, FRAME_WIDTH, FRAME_HEIGHT);
  }

  /** Median and 90th percentile in ms. */
  private static double[] time(Runnable step, int warmup, int iterations) {
    for (int k = 0; k < warmup; k++) {
      step.run();
    }
    double[] ms = new double[iterations];
    for (int k = 0; k < iterations; k++) {
      long t0 = System.nanoTime();
      step.run();
      ms[k] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(ms);
    return new double[] {ms[ms.length / 2], ms[(int) (ms.length * 0.9)]};
  }

  private static void row(StringBuilder table, String step, double invoke, double[] medianP90) {
    table.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.1f %% |%n", step,
        medianP90[0], medianP90[1], 100 * medianP90[0] / invoke));
  }
}
