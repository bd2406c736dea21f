package org.snaptune.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.snaptune.host.HostBackboneRunner;
import org.snaptune.host.NativeBaseline;
import org.snaptune.image.InputSpec;
import org.snaptune.model.BackboneAdapter;
import org.snaptune.model.ModelInspector;
import org.snaptune.model.ModelVerifier;
import org.snaptune.settings.Delegate;

/**
 * What importing a backbone costs, and how fast the host runtime runs it beside the stock
 * configurations. Table 1: Java verify, inspect and adapt times per shared backbone. Table 2:
 * per-image inference of the adapted backbone, 1 thread (and SnapTune's runner with 2), all in the
 * same process and the same bytedeco TFLite 2.19 binary, measured in alternating rounds so that
 * machine load hits every configuration alike:
 * <ul>
 *   <li>SnapTune's {@link HostBackboneRunner} (what {@code embed}, tests and benchmarks use):
 *       invoke plus dequantizing logits and embedding;
 *   <li>stock: a bare C++ {@code Interpreter::Invoke} with XNNPACK's QS8/QU8 paths on, the way
 *       TensorFlow's own builds apply XNNPACK — the reference the ratio column divides by;
 *   <li>the bytedeco artifact as shipped ({@code BuiltinOpResolver}, default XNNPACK options: no
 *       quantized paths) — SnapTune's configuration before issue 12;
 *   <li>the builtin kernels alone.
 * </ul>
 *
 * <p>Run: {@code mvn -P bench -pl host -am verify -DskipTests -Dbench=backbone}. Prints Markdown
 * and writes it to {@code ${snaptune.bench.out}/backbone.md}. Not a test: nothing is asserted.
 */
public final class BackboneBenchmark {

  private static final String[] MODELS = {
      "mobilenet_v2_1.0_224_quant.tflite", "mobilenet_v1_0.25_224_float.tflite"};
  private static final int JAVA_WARMUP = 5;
  private static final int JAVA_RUNS = 20;
  private static final int ROUNDS = 30;
  private static final int PER_ROUND = 2;

  private BackboneBenchmark() {}

  public static void main(String[] args) throws IOException {
    Path models = BenchFiles.sharedModels();
    StringBuilder imports = new StringBuilder();
    imports.append("| backbone | size MB | verify ms | inspect ms | adapt ms |\n");
    imports.append("|---|---:|---:|---:|---:|\n");
    StringBuilder speed = new StringBuilder();
    speed.append("| backbone | runtime | engine | ms per image, median (p90) | vs stock |\n");
    speed.append("|---|---|---|---:|---:|\n");
    String load = BenchFiles.loadAverage();
    for (String name : MODELS) {
      Path p = models.resolve(name);
      if (!Files.isRegularFile(p)) {
        imports.append("| ").append(name).append(" | skipped: not found | | | |\n");
        continue;
      }
      byte[] original = Files.readAllBytes(p);
      double[] verify = time(() -> ModelVerifier.verify(original), JAVA_WARMUP, JAVA_RUNS);
      double[] inspect = time(() -> ModelInspector.inspect(original), JAVA_WARMUP, JAVA_RUNS);
      double[] adapt = time(() -> BackboneAdapter.adapt(original), JAVA_WARMUP, JAVA_RUNS);
      imports.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.2f |%n", name,
          original.length / 1e6, verify[0], inspect[0], adapt[0]));
      speedRows(speed, name, BackboneAdapter.adapt(original));
    }
    String markdown = String.format(Locale.ROOT,
        "Backbone import on the JVM (%s %s, %d cores): median of %d after %d warm-up.%n%n%s%n"
            + "Backbone inference per image, adapted model, same bytedeco TFLite 2.19 binary, %d"
            + " alternating rounds of %d after warm-up; load average %s at start, %s at end."
            + " \"vs stock\" divides by the stock row of the same model. For reference, issue 12"
            + " reports TensorFlow 2.21's stock Python interpreter at 20-25 ms per image for the"
            + " uint8 MobileNetV2 on this machine (not re-measured: TensorFlow cannot be installed"
            + " offline here). Two-thread rows suffer most when other processes load the machine:"
            + " XNNPACK's thread pool then waits for a free core after every layer (that is why"
            + " `embed --threads N` runs N one-thread interpreters instead).%n%n%s",
        System.getProperty("java.vm.name"), System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(), JAVA_RUNS, JAVA_WARMUP, imports, ROUNDS,
        PER_ROUND, load, BenchFiles.loadAverage(), speed);
    System.out.println(markdown);
    BenchFiles.writeTable("backbone.md", markdown);
  }

  private static void speedRows(StringBuilder table, String name, BackboneAdapter.Result r) {
    byte[] input = input(r.info().inputSpec());
    float[] logits = new float[r.info().logitsSize()];
    float[] embedding = new float[r.info().embeddingSize()];
    List<String> labels = new ArrayList<>();
    List<String> engines = new ArrayList<>();
    List<Runnable> tasks = new ArrayList<>();
    List<AutoCloseable> open = new ArrayList<>();
    try {
      // One-thread configurations alternate invoke by invoke; the two-thread runner is timed
      // alone afterwards, because its pool threads keep spinning for a while after each invoke
      // and would slow down whichever configuration came next.
      for (int threads : new int[] {1, 2}) {
        HostBackboneRunner runner = HostBackboneRunner.open(r.model(), r.info(), Delegate.CPU,
            threads);
        open.add(runner);
        runner.input().clear();
        runner.input().put(input);
        labels.add("SnapTune HostBackboneRunner, " + threads + (threads == 1 ? " thread"
            : " threads"));
        engines.add(runner.engineDetail());
        tasks.add(() -> runner.run(logits, embedding));
      }
      String[] what = {"stock: C++ Invoke, XNNPACK with QS8/QU8 (TF's default)",
          "bytedeco as shipped: BuiltinOpResolver, default XNNPACK options",
          "builtin kernels only"};
      NativeBaseline.Cpu[] cpus = {NativeBaseline.Cpu.XNNPACK_QUANTIZED,
          NativeBaseline.Cpu.AS_SHIPPED, NativeBaseline.Cpu.BUILTIN_ONLY};
      for (int i = 0; i < cpus.length; i++) {
        NativeBaseline b = NativeBaseline.open(r.model(), 1, cpus[i]);
        open.add(b);
        b.setInput(input);
        labels.add(what[i] + ", 1 thread");
        engines.add(cpus[i].name());
        tasks.add(b::invoke);
      }
      int twoThreads = 1;
      double[][] ms = new double[tasks.size()][ROUNDS * PER_ROUND];
      for (Runnable t : tasks) {
        for (int i = 0; i < 3; i++) {
          t.run();
        }
      }
      for (int round = 0; round < ROUNDS; round++) {
        for (int k = 0; k < tasks.size(); k++) {
          if (k != twoThreads) {
            timeInto(tasks.get(k), ms[k], round * PER_ROUND, PER_ROUND);
          }
        }
      }
      timeInto(tasks.get(twoThreads), ms[twoThreads], 0, ROUNDS * PER_ROUND);
      double stock = percentile(ms[2], 0.5);
      for (int k = 0; k < tasks.size(); k++) {
        double med = percentile(ms[k], 0.5);
        table.append(String.format(Locale.ROOT, "| %s | %s | %s | %.2f (%.2f) | %.2f× |%n",
            name, labels.get(k), engines.get(k), med, percentile(ms[k], 0.9), med / stock));
      }
    } finally {
      for (AutoCloseable c : open) {
        try {
          c.close();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }
    }
  }

  private static void timeInto(Runnable task, double[] out, int from, int n) {
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      task.run();
      out[from + i] = (System.nanoTime() - t0) / 1e6;
    }
  }


  private static byte[] input(InputSpec spec) {
    Random rnd = new Random(1);
    ByteBuffer b = ByteBuffer.allocate(spec.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < spec.width() * spec.height() * 3; i++) {
      int p = rnd.nextInt(256);
      if (spec.dataType() == InputSpec.DataType.UINT8) {
        b.put((byte) spec.quantize(p));
      } else {
        b.putFloat(spec.normalize(p));
      }
    }
    return b.array();
  }

  private static double percentile(double[] v, double q) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[(int) Math.min(s.length - 1, Math.round(q * (s.length - 1)))];
  }

  /** {median, p90} in milliseconds. */
  private static double[] time(Runnable task, int warmup, int runs) {
    for (int i = 0; i < warmup; i++) {
      task.run();
    }
    double[] ms = new double[runs];
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      task.run();
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    return new double[] {percentile(ms, 0.5), percentile(ms, 0.9)};
  }
}
