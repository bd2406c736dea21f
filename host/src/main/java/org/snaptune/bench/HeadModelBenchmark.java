package org.snaptune.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.snaptune.host.HostSignatureRunner;
import org.snaptune.model.HeadCompiler;
import org.snaptune.model.HeadContract;
import org.snaptune.model.HeadSpec;
import org.snaptune.model.Optimizer;

/**
 * Per-step cost of compiled heads on the host runtime, one thread, B=32, D=1280, C=10, Adam: a
 * linear head and one with a hidden layer of 128. Rows: {@code gradients}+{@code apply} (the
 * trainer's clipped path), fused {@code train}, {@code infer} on one sample, and the model build
 * (compile to bytes, then load into an interpreter). Times include copying inputs and outputs
 * between Java and native memory, as a caller pays them. Prints a Markdown table and writes it to
 * {@code head.md} under {@code -Dsnaptune.bench.out}. Not a test: nothing is asserted.
 */
public final class HeadModelBenchmark {

  private static final int B = 32;
  private static final int D = 1280;
  private static final int C = 10;

  private HeadModelBenchmark() {}

  public static void main(String[] args) throws IOException {
    int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    StringBuilder table = new StringBuilder();
    table.append("Head model, host TFLite 2.19 (JavaCPP), 1 thread, B=").append(B).append(", D=")
        .append(D).append(", C=").append(C).append(", Adam; ").append(iterations)
        .append(" timed runs after ").append(iterations / 4).append(" warm-up runs; ")
        .append(Runtime.getRuntime().availableProcessors()).append(" CPUs visible, ")
        .append(System.getProperty("os.arch")).append("\n\n");
    table.append("| head | operation | median ms | p10 ms | p90 ms | mean ms |\n");
    table.append("|---|---|---:|---:|---:|---:|\n");
    for (int[] hidden : new int[][] {{}, {128}}) {
      HeadSpec spec = HeadSpec.builder().setEmbeddingSize(D).setNumClasses(C).setBatchSize(B)
          .optHiddenLayers(hidden).optOptimizer(Optimizer.adam()).build();
      String name = hidden.length == 0 ? "linear" : "hidden 128";
      measure(table, spec, name, iterations);
    }
    String text = table.toString();
    System.out.println(text);
    write(text);
  }

  private static void measure(StringBuilder table, HeadSpec spec, String name, int iterations) {
    int builds = Math.max(5, iterations / 20);
    double[] compileMs = new double[builds];
    double[] loadMs = new double[builds];
    byte[] model = null;
    for (int i = 0; i < builds; i++) {
      long t0 = System.nanoTime();
      model = HeadCompiler.compile(spec);
      long t1 = System.nanoTime();
      HostSignatureRunner r = HostSignatureRunner.open(model, 1);
      // Loading is not done until the first signature has its tensors allocated.
      r.run(HeadContract.GET_WEIGHTS, new LinkedHashMap<String, float[]>());
      long t2 = System.nanoTime();
      r.close();
      compileMs[i] = (t1 - t0) / 1e6;
      loadMs[i] = (t2 - t1) / 1e6;
    }
    row(table, name, "build: HeadCompiler.compile (" + (model.length / 1024) + " KiB)", compileMs);
    row(table, name, "build: load + first get_weights", loadMs);

    Map<String, float[]> batch = batch(spec);
    Map<String, float[]> trainIn = new LinkedHashMap<>(batch);
    trainIn.put(HeadContract.LR, new float[] {1e-3f});
    Map<String, float[]> one = new LinkedHashMap<>();
    one.put(HeadContract.X, Arrays.copyOf(batch.get(HeadContract.X), D));
    try (HostSignatureRunner r = HostSignatureRunner.open(model, 1)) {
      row(table, name, "gradients + apply", time(iterations, () -> {
        Map<String, float[]> grads = r.run(HeadContract.GRADIENTS, batch);
        Map<String, float[]> in = new LinkedHashMap<>();
        for (String var : spec.trainableVariables()) {
          in.put(HeadContract.grad(var), grads.get(HeadContract.grad(var)));
        }
        in.put(HeadContract.LR, new float[] {1e-3f});
        r.run(HeadContract.APPLY, in);
      }));
      row(table, name, "train (fused)", time(iterations, () -> r.run(HeadContract.TRAIN, trainIn)));
      row(table, name, "infer, 1 sample", time(iterations, () -> r.run(HeadContract.INFER, one)));
    }
  }

  private static double[] time(int iterations, Runnable step) {
    for (int i = 0; i < iterations / 4; i++) {
      step.run();
    }
    double[] ms = new double[iterations];
    for (int i = 0; i < iterations; i++) {
      long t0 = System.nanoTime();
      step.run();
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    return ms;
  }

  private static void row(StringBuilder table, String head, String op, double[] ms) {
    double[] sorted = ms.clone();
    Arrays.sort(sorted);
    double mean = 0;
    for (double v : ms) {
      mean += v / ms.length;
    }
    table.append(String.format(Locale.ROOT, "| %s | %s | %.3f | %.3f | %.3f | %.3f |%n", head, op,
        percentile(sorted, 0.5), percentile(sorted, 0.1), percentile(sorted, 0.9), mean));
  }

  private static double percentile(double[] sorted, double q) {
    return sorted[(int) Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))];
  }

  private static Map<String, float[]> batch(HeadSpec spec) {
    Random random = new Random(1);
    float[] x = new float[B * D];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian();
    }
    float[] y = new float[B * C];
    float[] w = new float[B];
    for (int i = 0; i < B; i++) {
      y[i * C + random.nextInt(C)] = 1f;
      w[i] = 1f;
    }
    Map<String, float[]> m = new LinkedHashMap<>();
    m.put(HeadContract.X, x);
    m.put(HeadContract.Y, y);
    m.put(HeadContract.W, w);
    return m;
  }

  /** Writes head.md atomically (temp file, then rename), so a reader never sees half a table. */
  private static void write(String text) throws IOException {
    Path dir = Paths.get(System.getProperty("snaptune.bench.out", "target/benchmarks"));
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "head", ".md.tmp");
    Files.write(tmp, text.getBytes(StandardCharsets.UTF_8));
    Files.move(tmp, dir.resolve("head.md"), StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }
}
