package org.snaptune.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.snaptune.host.HostSignatureRunner;
import org.snaptune.model.HeadCompiler;
import org.snaptune.model.HeadContract;
import org.snaptune.model.HeadSpec;
import org.snaptune.model.Optimizer;

/**
 * Per-step cost of SnapTune's compiled heads beside heads with the same signature contract written
 * by TensorFlow's converter (the on-device-training guide's way; {@code ../shared/anchors}, see its
 * README; read from there, never copied into the project). Host runtime, one thread, B=32, D=1280,
 * C=10; linear and hidden-128 heads, Adam and SGD. Both heads run in the same interpreter build,
 * in alternating rounds, so machine load hits both alike; rows give the median µs per call and the
 * SnapTune/converter ratio. Times include copying inputs and outputs between Java and native
 * memory, as a caller pays them. A second table gives the build cost (compile, load).
 *
 * <p>Prints Markdown and writes it to {@code head.md} under {@code -Dsnaptune.bench.out}. Anchors
 * come from {@code -Dsnaptune.anchors} (default: {@code anchors} beside the shared models); rows
 * without an anchor show "—". Not a test: nothing is asserted.
 */
public final class HeadModelBenchmark {

  private static final int B = 32;
  private static final int D = 1280;
  private static final int C = 10;
  private static final int ROUNDS = 8;

  private HeadModelBenchmark() {}

  /** One head shape and optimizer, with the converter file of the same contract if any. */
  private static final class Case {
    final String name;
    final HeadSpec spec;
    final String anchor;

    Case(String name, int[] hidden, Optimizer opt, String anchor) {
      this.name = name;
      this.spec = HeadSpec.builder().setEmbeddingSize(D).setNumClasses(C).setBatchSize(B)
          .optHiddenLayers(hidden).optOptimizer(opt).build();
      this.anchor = anchor;
    }
  }

  public static void main(String[] args) throws IOException {
    int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 400;
    Path anchors = anchorDir();
    List<Case> cases = new ArrayList<>();
    cases.add(new Case("linear, Adam", new int[0], Optimizer.adam(),
        "converter_head_d1280_c10_b32_adam.tflite"));
    cases.add(new Case("hidden 128, Adam", new int[] {128}, Optimizer.adam(),
        "converter_head_d1280_h128_c10_b32_adam.tflite"));
    cases.add(new Case("hidden 128, SGD", new int[] {128}, Optimizer.sgd(),
        "converter_head_d1280_h128_c10_b32_sgd.tflite"));
    cases.add(new Case("linear, SGD", new int[0], Optimizer.sgd(), null));

    StringBuilder table = new StringBuilder();
    table.append("Head step cost, host TFLite 2.19 (JavaCPP), 1 thread, B=").append(B)
        .append(", D=").append(D).append(", C=").append(C).append("; median of ")
        .append(iterations).append(" calls per head in ").append(ROUNDS)
        .append(" alternating rounds after warm-up; ")
        .append(Runtime.getRuntime().availableProcessors()).append(" CPUs visible, load average ")
        .append(BenchFiles.loadAverage()).append(" at start. Converter heads: ").append(anchors)
        .append("\n\n");
    table.append("| head | signature | SnapTune µs | converter µs | SnapTune / converter |\n");
    table.append("|---|---|---:|---:|---:|\n");
    StringBuilder build = new StringBuilder();
    build.append("| head | HeadCompiler.compile ms | model KiB | load + first get_weights ms |\n");
    build.append("|---|---:|---:|---:|\n");
    for (Case c : cases) {
      byte[] ours = HeadCompiler.compile(c.spec);
      byte[] theirs = null;
      if (c.anchor != null && Files.isRegularFile(anchors.resolve(c.anchor))) {
        theirs = Files.readAllBytes(anchors.resolve(c.anchor));
      }
      compare(table, c, ours, theirs, iterations);
      buildRow(build, c, ours);
    }
    table.append("\nModel build (SnapTune only), median of 10:\n\n").append(build);
    table.append("\nload average at end: ").append(BenchFiles.loadAverage()).append('\n');
    String text = table.toString();
    System.out.println(text);
    BenchFiles.writeTable("head.md", text);
  }

  private static Path anchorDir() {
    String p = System.getProperty("snaptune.anchors");
    if (p != null && !p.isEmpty()) {
      return Paths.get(p);
    }
    return BenchFiles.sharedModels().toAbsolutePath().normalize().resolveSibling("anchors");
  }


  private static void compare(StringBuilder table, Case c, byte[] ours, byte[] theirs,
      int iterations) {
    Map<String, float[]> batch = batch();
    Map<String, float[]> trainIn = new LinkedHashMap<>(batch);
    trainIn.put(HeadContract.LR, new float[] {1e-3f});
    Map<String, float[]> one = new LinkedHashMap<>();
    one.put(HeadContract.X, Arrays.copyOf(batch.get(HeadContract.X), D));
    String[] ops = {"train", "gradients + apply", "infer, 1 sample"};
    try (HostSignatureRunner a = HostSignatureRunner.open(ours, 1);
        HostSignatureRunner b = theirs == null ? null : HostSignatureRunner.open(theirs, 1)) {
      for (String op : ops) {
        Runnable ra = step(op, a, c.spec, batch, trainIn, one);
        Runnable rb = b == null ? null : step(op, b, c.spec, batch, trainIn, one);
        double[][] t = alternate(iterations, ra, rb);
        double ma = median(t[0]);
        if (rb == null) {
          table.append(String.format(Locale.ROOT, "| %s | %s | %.1f | — | — |%n", c.name, op,
              ma));
        } else {
          double mb = median(t[1]);
          table.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f | %.2f× |%n", c.name,
              op, ma, mb, ma / mb));
        }
      }
    }
  }

  private static Runnable step(String op, HostSignatureRunner r, HeadSpec spec,
      Map<String, float[]> batch, Map<String, float[]> trainIn, Map<String, float[]> one) {
    switch (op) {
      case "train":
        return () -> r.run(HeadContract.TRAIN, trainIn);
      case "gradients + apply":
        return () -> {
          Map<String, float[]> grads = r.run(HeadContract.GRADIENTS, batch);
          Map<String, float[]> in = new LinkedHashMap<>();
          for (String var : spec.trainableVariables()) {
            in.put(HeadContract.grad(var), grads.get(HeadContract.grad(var)));
          }
          in.put(HeadContract.LR, new float[] {1e-3f});
          r.run(HeadContract.APPLY, in);
        };
      case "infer, 1 sample":
        return () -> r.run(HeadContract.INFER, one);
      default:
        throw new IllegalArgumentException("unknown operation " + op);
    }
  }

  /** µs per call of a (and b, if given), measured in alternating rounds. */
  private static double[][] alternate(int iterations, Runnable a, Runnable b) {
    int per = Math.max(1, iterations / ROUNDS);
    double[] ta = new double[per * ROUNDS];
    double[] tb = new double[per * ROUNDS];
    for (int i = 0; i < Math.max(20, iterations / 4); i++) {
      a.run();
      if (b != null) {
        b.run();
      }
    }
    for (int round = 0; round < ROUNDS; round++) {
      timeInto(a, ta, round * per, per);
      if (b != null) {
        timeInto(b, tb, round * per, per);
      }
    }
    return new double[][] {ta, tb};
  }

  private static void timeInto(Runnable r, double[] out, int from, int n) {
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      r.run();
      out[from + i] = (System.nanoTime() - t0) / 1e3;
    }
  }

  private static void buildRow(StringBuilder build, Case c, byte[] model) {
    int n = 10;
    double[] compile = new double[n];
    double[] load = new double[n];
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      byte[] m = HeadCompiler.compile(c.spec);
      long t1 = System.nanoTime();
      try (HostSignatureRunner r = HostSignatureRunner.open(m, 1)) {
        // Loading is not done until the first signature has its tensors allocated.
        r.run(HeadContract.GET_WEIGHTS, new LinkedHashMap<String, float[]>());
      }
      long t2 = System.nanoTime();
      compile[i] = (t1 - t0) / 1e6;
      load[i] = (t2 - t1) / 1e6;
    }
    build.append(String.format(Locale.ROOT, "| %s | %.2f | %d | %.2f |%n", c.name,
        median(compile), model.length / 1024, median(load)));
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  private static Map<String, float[]> batch() {
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
}
