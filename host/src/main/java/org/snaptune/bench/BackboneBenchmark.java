package org.snaptune.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.snaptune.host.HostInterpreter;
import org.snaptune.image.InputSpec;
import org.snaptune.model.BackboneAdapter;
import org.snaptune.model.ModelInspector;
import org.snaptune.model.ModelVerifier;

/**
 * What importing a backbone costs and whether exposing the embedding slows it down: Java verify,
 * inspect and adapt times for each shared backbone, then one invoke of the original and of the
 * adapted model on the host runtime (1 thread).
 *
 * <p>Run: {@code mvn -P bench -pl host -am verify -DskipTests -Dbench=backbone}. Prints a Markdown
 * table and writes it to {@code ${snaptune.bench.out}/backbone.md}.
 */
public final class BackboneBenchmark {

  private static final String[] MODELS = {
      "mobilenet_v2_1.0_224_quant.tflite", "mobilenet_v1_0.25_224_float.tflite"};
  private static final int JAVA_WARMUP = 5;
  private static final int JAVA_RUNS = 20;
  private static final int INVOKE_WARMUP = 5;
  private static final int INVOKES = 40;

  private BackboneBenchmark() {}

  public static void main(String[] args) throws IOException {
    Path models = Paths.get(System.getProperty("snaptune.shared.models", "../shared/models"));
    StringBuilder table = new StringBuilder();
    table.append("| backbone | size MB | verify ms | inspect ms | adapt ms"
        + " | invoke original ms (p90) | invoke adapted ms (p90) |\n");
    table.append("|---|---:|---:|---:|---:|---:|---:|\n");
    for (String name : MODELS) {
      Path p = models.resolve(name);
      if (!Files.isRegularFile(p)) {
        table.append("| ").append(name).append(" | skipped: not found | | | | | |\n");
        continue;
      }
      byte[] original = Files.readAllBytes(p);
      double[] verify = time(() -> ModelVerifier.verify(original), JAVA_WARMUP, JAVA_RUNS);
      double[] inspect = time(() -> ModelInspector.inspect(original), JAVA_WARMUP, JAVA_RUNS);
      double[] adapt = time(() -> BackboneAdapter.adapt(original), JAVA_WARMUP, JAVA_RUNS);
      BackboneAdapter.Result r = BackboneAdapter.adapt(original);
      byte[] input = input(r.info().inputSpec());
      double[] before = invoke(original, input);
      double[] after = invoke(r.model(), input);
      table.append(String.format(Locale.ROOT,
          "| %s | %.2f | %.2f | %.2f | %.2f | %.2f (%.2f) | %.2f (%.2f) |%n", name,
          original.length / 1e6, verify[0], inspect[0], adapt[0], before[0], before[1], after[0],
          after[1]));
    }
    String markdown = String.format(Locale.ROOT,
        "Backbone import on the JVM (%s %s, %d cores): Java steps median of %d after %d warm-up;"
            + " invokes on the host TFLite 2.19 runtime, 1 thread, median of %d after %d warm-up."
            + "%n%n", System.getProperty("java.vm.name"), System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(), JAVA_RUNS, JAVA_WARMUP, INVOKES,
        INVOKE_WARMUP) + table;
    System.out.println(markdown);
    Path out = Paths.get(System.getProperty("snaptune.bench.out", "target/benchmarks"));
    Files.createDirectories(out);
    Files.write(out.resolve("backbone.md"), markdown.getBytes(StandardCharsets.UTF_8));
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

  private static double[] invoke(byte[] model, byte[] input) {
    try (HostInterpreter h = HostInterpreter.open(model, 1)) {
      h.setInput(0, input);
      return time(h::run, INVOKE_WARMUP, INVOKES);
    }
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
    Arrays.sort(ms);
    return new double[] {ms[runs / 2], ms[(int) Math.ceil(runs * 0.9) - 1]};
  }
}
