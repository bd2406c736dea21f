package org.snaptune.bench;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.snaptune.data.Dataset;
import org.snaptune.health.StepReport;
import org.snaptune.health.Verdict;
import org.snaptune.host.HostSignatureRunner;
import org.snaptune.model.HeadCompiler;
import org.snaptune.model.HeadSpec;
import org.snaptune.model.Optimizer;
import org.snaptune.train.Clipping;
import org.snaptune.train.FlightRecorder;
import org.snaptune.train.StepTimings;
import org.snaptune.train.Trainer;
import org.snaptune.train.TrainerConfig;
import org.snaptune.train.TrainingListener;
import org.snaptune.train.TrainingResult;

/**
 * Issue 9's benchmark: gradient health against its targets. (a) synthetic traces through the
 * monitor; (b) false alarms on healthy real runs (the trainer benchmark's few-shot linear heads
 * and the MLP at normal learning rate, Fashion-MNIST embeddings); (c) the exploding regime with
 * and without recovery and clipping; (d) the cost of health + clipping + flight recorder per step.
 * Run: {@code mvn -P bench -pl host -am verify -DskipTests -Dbench=health
 * -Dsnaptune.bench.cache=DIR}. Prints Markdown and writes {@code health.md}.
 */
public final class HealthBenchmark {

  private static final long SEED = 2026;

  private HealthBenchmark() {}

  public static void main(String[] args) throws IOException {
    Path out = BenchFiles.outputDir();
    // An optional argument runs one part: traces, healthy, exploding or cost.
    String only = args.length > 0 ? args[0] : "all";
    StringBuilder md = new StringBuilder("### Gradient health (issue 9)\n\n");
    if (only.equals("all") || only.equals("traces")) {
      HealthTraces.table(md);
    }
    FashionEmbeddings data = FashionEmbeddings.loadShared(SEED);
    if (only.equals("all") || only.equals("healthy")) {
      healthyRuns(data, md);
    }
    if (only.equals("all") || only.equals("exploding")) {
      exploding(data, md, out);
    }
    if (only.equals("all") || only.equals("cost")) {
      cost(data, md);
    }
    System.out.print(md);
    System.out.println("written to " + BenchFiles.writeTable("health.md", md).toAbsolutePath());
  }

  /** Per-step verdict statistics of one run. */
  private static final class Stats implements TrainingListener {
    final long[] kinds = new long[Verdict.Kind.values().length];
    int firstExploding = -1;
    int[] epochSteps = new int[1024];
    int[] epochClipped = new int[1024];
    int[] epochHealthy = new int[1024];
    int backoffs;
    double lastScale = 1;

    @Override
    public void onStep(StepReport r) {
      Verdict.Kind k = r.verdict().kind();
      kinds[k.ordinal()]++;
      if (firstExploding < 0 && k == Verdict.Kind.EXPLODING) {
        firstExploding = (int) r.step();
      }
      int e = Math.min(r.epoch(), epochSteps.length - 1);
      epochSteps[e]++;
      epochClipped[e] += r.clipped() ? 1 : 0;
      epochHealthy[e] += k == Verdict.Kind.HEALTHY ? 1 : 0;
      backoffs += r.recovery() == StepReport.Recovery.BACKED_OFF
          || r.recovery() == StepReport.Recovery.ROLLED_BACK ? 1 : 0;
      lastScale = r.lrScale();
    }

    /** Step alarms: every step rule's verdict; STALLED and OVERFITTING are epoch signals. */
    long alarms() {
      return kinds[Verdict.Kind.EXPLODING.ordinal()] + kinds[Verdict.Kind.DIVERGED.ordinal()]
          + kinds[Verdict.Kind.COLLAPSED.ordinal()] + kinds[Verdict.Kind.VANISHING.ordinal()]
          + kinds[Verdict.Kind.SATURATED_CLIPPING.ordinal()];
    }

    long epochSignals() {
      return kinds[Verdict.Kind.STALLED.ordinal()] + kinds[Verdict.Kind.OVERFITTING.ordinal()];
    }

    long steps() {
      return Arrays.stream(kinds).sum();
    }

    /** {epochs with > 90 % of steps clipped, HEALTHY steps in them}. */
    int[] saturatedEpochs() {
      int epochs = 0;
      int healthy = 0;
      for (int e = 0; e < epochSteps.length; e++) {
        if (epochSteps[e] > 0 && epochClipped[e] > 0.9 * epochSteps[e]) {
          epochs++;
          healthy += epochHealthy[e];
        }
      }
      return new int[] {epochs, healthy};
    }
  }

  private static HeadSpec.Builder mlp(Dataset d, Optimizer opt, long seed) {
    return HeadSpec.builder().setEmbeddingSize(d.dimension()).setNumClasses(d.numClasses())
        .setBatchSize(32).optHiddenLayers(128).optOptimizer(opt)
        .optInitializer(HeadSpec.Initializer.HE_UNIFORM).optSeed(seed);
  }

  private static TrainingResult run(HeadSpec spec, TrainerConfig config, Dataset train,
      Dataset validation, TrainingListener stats, double[] heldOutAcc, Dataset heldOut) {
    try (HostSignatureRunner runner = HostSignatureRunner.open(HeadCompiler.compile(spec), 1)) {
      Trainer t = new Trainer(runner, train.classNames(), config, stats);
      if (validation == null) {
        t.start(train, null);
      } else {
        t.start(train);
      }
      TrainingResult r = t.run();
      heldOutAcc[0] = t.head().evaluate(heldOut).accuracy();
      return r;
    }
  }

  private static void healthyRuns(FashionEmbeddings data, StringBuilder md) {
    md.append("#### b. Healthy runs: false alarms (update/weight ratio sampled every step)\n\n");
    md.append("| run | runs | steps | step alarms | per 1,000 steps | STALLED/OVERFITTING steps |"
        + " held-out acc (mean) | statuses |\n|---|---:|---:|---:|---:|---:|---:|---|\n");
    for (int k : new int[] {5, 10, 20}) {
      Stats all = new Stats();
      double acc = 0;
      StringBuilder statuses = new StringBuilder();
      for (int draw = 0; draw < 3; draw++) {
        Dataset train = FashionEmbeddings.firstPerClass(data.shuffledPool(SEED, draw), k);
        HeadSpec spec = HeadSpec.builder().setEmbeddingSize(train.dimension())
            .setNumClasses(train.numClasses()).setBatchSize(Math.min(32, train.size()))
            .optOptimizer(Optimizer.adam()).optL2(5e-4).optSeed(draw).build();
        int batches = (train.size() + spec.batchSize() - 1) / spec.batchSize();
        TrainerConfig config = TrainerConfig.builder().setLearningRate(0.01)
            .setEpochs(Math.max(1, 1500 / batches)).optValidationFraction(0).optSeed(draw).build();
        double[] a = new double[1];
        TrainingResult r = run(spec, config, train, null, all, a, data.heldOut);
        acc += a[0];
        statuses.append(statuses.length() == 0 ? "" : ", ").append(r.status());
      }
      healthyRow(md, "few-shot K=" + k + ", linear, Adam 0.01", 3, all, acc / 3, statuses);
    }
    Stats all = new Stats();
    double acc = 0;
    StringBuilder statuses = new StringBuilder();
    for (int seed = 1; seed <= 3; seed++) {
      TrainerConfig config = TrainerConfig.builder().setLearningRate(0.01).setEpochs(30)
          .optSeed(seed + 2).build();
      double[] a = new double[1];
      TrainingResult r = run(mlp(data.pool, Optimizer.sgd(), seed).build(), config, data.pool,
          data.pool, all, a, data.heldOut);
      acc += a[0];
      statuses.append(statuses.length() == 0 ? "" : ", ").append(r.status());
    }
    healthyRow(md, "MLP 1280→128→10, SGD 0.01, 30 epochs", 3, all, acc / 3, statuses);
    md.append("\nStep alarms = steps judged EXPLODING, DIVERGED, COLLAPSED, VANISHING or"
        + " SATURATED_CLIPPING. Target ≤ 1 per 1,000 steps.\n\n");
  }

  private static void healthyRow(StringBuilder md, String name, int runs, Stats s, double acc,
      StringBuilder statuses) {
    md.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %.2f | %d | %.4f | %s |%n", name,
        runs, s.steps(), s.alarms(), 1000.0 * s.alarms() / s.steps(), s.epochSignals(), acc,
        statuses));
  }

  private static void exploding(FashionEmbeddings data, StringBuilder md, Path out)
      throws IOException {
    Files.createDirectories(out);
    md.append("#### c. Exploding regime and clipping saturation: MLP 1280→128→10, SGD, HE init,"
        + " 500 images, 30 epochs\n\n");
    md.append("| lr | clipping | finite recovery | status | first EXPLODING step | held-out acc |"
        + " vs normal lr | rollbacks | back-offs | final lr scale | clipped steps |"
        + " epochs > 90 % clipped | HEALTHY steps in them | final verdict |\n"
        + "|---:|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
    Object[][] runs = {
        {0.01, Clipping.off(), true}, {1.0, Clipping.off(), false}, {1.0, Clipping.off(), true},
        {1.0, Clipping.globalNorm(0.1), true}, {1.0, Clipping.globalNorm(0.1), false},
        {0.01, Clipping.adaptive(0.01, 1e-3), true}, {0.01, Clipping.globalNorm(0.1), true}};
    double normal = Double.NaN;
    for (Object[] run : runs) {
      double lr = (Double) run[0];
      Clipping clip = (Clipping) run[1];
      boolean recovery = (Boolean) run[2];
      TrainerConfig config = TrainerConfig.builder().setLearningRate(lr).setEpochs(30)
          .optClipping(clip).optSeed(3).optFiniteRecovery(recovery).build();
      Stats s = new Stats();
      double[] a = new double[1];
      // The flight recorder of each run is kept beside the table, for a look at what happened.
      Path tracePath = out.resolve(String.format(Locale.ROOT, "health-x%.0f-%s-recovery-%s.jsonl",
          lr / 0.01, clip.toString().replace(':', '_'), recovery ? "on" : "off"));
      TrainingResult r;
      try (FlightRecorder rec = new FlightRecorder(Files.newBufferedWriter(tracePath,
          StandardCharsets.UTF_8))) {
        r = run(mlp(data.pool, Optimizer.sgd(), 1).build(), config, data.pool, data.pool,
            new TrainingListener() {
              @Override public void onStep(StepReport report) {
                s.onStep(report);
                rec.onStep(report);
              }
            }, a, data.heldOut);
      }
      if (Double.isNaN(normal)) {
        normal = a[0];
      }
      int[] sat = s.saturatedEpochs();
      md.append(String.format(Locale.ROOT, "| %.2f (x%.0f) | %s | %s | %s | %s | %.4f | %.1f %% |"
          + " %d | %d | %.3g | %d / %d | %d | %d | %s |%n", lr, lr / 0.01, clip,
          recovery ? "on" : "off", r.status(), s.firstExploding < 0 ? "–"
              : Integer.toString(s.firstExploding), a[0], 100 * a[0] / normal, r.rollbacks(),
          s.backoffs, s.lastScale, r.clippedSteps(), r.steps(), sat[0], sat[1],
          r.finalVerdict().kind()));
    }
    md.append("\n\"vs normal lr\" is against the first row. Targets: x100 without help ends"
        + " FAILED (CLI exit 3) with EXPLODING at step ≤ 3; with global:0.1 or back-off ≥ 90 %"
        + " of normal; no HEALTHY step in an epoch with > 90 % of steps clipped.\n\n");
  }

  private static void cost(FashionEmbeddings data, StringBuilder md) throws IOException {
    md.append("#### d. Cost of health + clipping + flight recorder per step (linear head, B=32,"
        + " Adam, 1 thread)\n\n");
    md.append("| clipping | steps | model step µs (median) | clip+health µs (median) | recorder µs"
        + " (median) | total % of step (medians) | total % (means) |\n"
        + "|---|---:|---:|---:|---:|---:|---:|\n");
    for (Clipping clip : new Clipping[] {Clipping.off(), Clipping.globalNorm(1.0),
        Clipping.autoPercentile(10), Clipping.adaptive(0.01, 1e-3)}) {
      HeadSpec spec = HeadSpec.builder().setEmbeddingSize(data.pool.dimension())
          .setNumClasses(data.pool.numClasses()).setBatchSize(32).optOptimizer(Optimizer.adam())
          .optSeed(1).build();
      try (HostSignatureRunner runner = HostSignatureRunner.open(HeadCompiler.compile(spec), 1)) {
        Path tmp = Files.createTempFile("health-trace", ".jsonl");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
          TimedRecorder rec = new TimedRecorder(new FlightRecorder(w));
          TrainerConfig config = TrainerConfig.builder().setLearningRate(1e-3).setEpochs(100)
              .optClipping(clip).optValidationFraction(0).optWeightStatsEvery(0).build();
          Trainer trainer = new Trainer(runner, data.pool.classNames(), config, rec);
          trainer.start(data.pool, null);
          trainer.run(); // warm-up: JIT and native allocation
          rec.reset();
          trainer.start(data.pool, null);
          trainer.run();
          StepTimings t = trainer.timings();
          double model = t.medianRuntimeNanos();
          double health = t.medianClipHealthNanos();
          double recorder = rec.median();
          double meanTotal = (t.clipHealthNanos() + rec.total) / (double) t.runtimeNanos();
          md.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.2f | %.2f | %.2f %% | %.2f %%"
              + " |%n", clip, t.steps(), model / 1e3, health / 1e3, recorder / 1e3,
              100 * (health + recorder) / model, 100 * meanTotal));
        } finally {
          Files.deleteIfExists(tmp);
        }
      }
    }
    md.append("\nModel step = `gradients` + `apply`. Clip+health = non-finite counts, per-tensor"
        + " norms, clipping, verdict, recovery, report; recorder = one JSONL line into a buffered"
        + " file. The update/weight ratio (two `get_weights` per sample) is off here; the app"
        + " samples it every 10 steps. Target ≤ 5 %.\n");
  }

  /** Times the flight recorder's work per step. */
  private static final class TimedRecorder implements TrainingListener {
    private final FlightRecorder recorder;
    private final long[] samples = new long[1 << 16];
    private int n;
    long total;

    TimedRecorder(FlightRecorder recorder) {
      this.recorder = recorder;
    }

    @Override
    public void onStep(StepReport r) {
      long t0 = System.nanoTime();
      recorder.onStep(r);
      long dt = System.nanoTime() - t0;
      total += dt;
      if (n < samples.length) {
        samples[n++] = dt;
      }
    }

    void reset() {
      n = 0;
      total = 0;
    }

    double median() {
      long[] c = Arrays.copyOf(samples, n);
      Arrays.sort(c);
      return n == 0 ? Double.NaN : n % 2 == 1 ? c[n / 2] : 0.5 * (c[n / 2 - 1] + c[n / 2]);
    }
  }
}
