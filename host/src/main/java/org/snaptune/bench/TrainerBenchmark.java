package org.snaptune.bench;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import org.snaptune.data.Dataset;
import org.snaptune.host.HostSignatureRunner;
import org.snaptune.metrics.Evaluation;
import org.snaptune.metrics.LbfgsLogisticRegression;
import org.snaptune.model.HeadCompiler;
import org.snaptune.model.HeadSpec;
import org.snaptune.model.Optimizer;
import org.snaptune.train.Clipping;
import org.snaptune.train.StepTimings;
import org.snaptune.train.Trainer;
import org.snaptune.train.TrainerConfig;
import org.snaptune.train.TrainingResult;

/**
 * Issue 4's benchmark on real data: Fashion-MNIST through MobileNetV2 1.0 224 quant (28×28 grey
 * scaled up by the app's preprocessing), a seeded pool of 50 training images per class and 200
 * held-out test images per class, embeddings cached under {@code target/trainer-bench}.
 * <ol>
 *   <li>few-shot K = 5, 10, 20 per class: the Java trainer (linear head, Adam) against the optimum
 *       of the same L2-regularised linear head from full-batch L-BFGS, three seeded draws each;</li>
 *   <li>exploding regime: an MLP head with SGD at the normal learning rate and at ×100, with and
 *       without global-norm clipping;</li>
 *   <li>cost of clipping + health tracking per step against the model's step.</li>
 * </ol>
 * Run: {@code mvn -P bench -pl host -am verify -DskipTests -Dbench=trainer}. Prints Markdown and
 * writes it to {@code ${snaptune.bench.out}/trainer.md}.
 */
public final class TrainerBenchmark {

  private static final long SEED = 2026;
  /** L2 of the reference objective (λ/2)‖W‖²; the head's l2·ΣW² uses λ/2 to match. */
  private static final double LAMBDA = 1e-3;

  private TrainerBenchmark() {}

  public static void main(String[] args) throws IOException {
    FashionEmbeddings data = FashionEmbeddings.loadShared(SEED);
    StringBuilder md = new StringBuilder();
    md.append(String.format(Locale.ROOT, "### Trainer benchmark (Fashion-MNIST via MobileNetV2 1.0"
        + " 224 quant, D=%d; pool %d, held-out %d; embeddings %s)%n%n", data.pool.dimension(),
        data.pool.size(), data.heldOut.size(), data.fromCache ? "from cache"
            : String.format(Locale.ROOT, "computed in %.0f s", data.embedSeconds)));
    fewShot(data, md);
    exploding(data, md);
    stepCost(data, md);
    System.out.print(md);
    System.out.println("written to " + BenchFiles.writeTable("trainer.md", md).toAbsolutePath());
  }

  private static void fewShot(FashionEmbeddings data, StringBuilder md) {
    md.append("#### a. Few-shot: trainer vs L-BFGS optimum of the same linear head"
        + " (mean of 3 draws)\n\n");
    md.append("| K/class | trainer acc | L-BFGS acc | trainer / L-BFGS | trainer loss | L-BFGS"
        + " loss | trainer s | L-BFGS s |\n|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (int k : new int[] {5, 10, 20}) {
      double accT = 0;
      double accL = 0;
      double lossT = 0;
      double lossL = 0;
      double secT = 0;
      double secL = 0;
      int draws = 3;
      for (int draw = 0; draw < draws; draw++) {
        Dataset train = FashionEmbeddings.firstPerClass(data.shuffledPool(SEED, draw), k);
        HeadSpec spec = HeadSpec.builder().setEmbeddingSize(train.dimension())
            .setNumClasses(train.numClasses()).setBatchSize(Math.min(32, train.size()))
            .optOptimizer(Optimizer.adam()).optL2(LAMBDA / 2).optSeed(draw).build();
        try (HostSignatureRunner runner = HostSignatureRunner.open(HeadCompiler.compile(spec), 1)) {
          int batches = (train.size() + spec.batchSize() - 1) / spec.batchSize();
          TrainerConfig config = TrainerConfig.builder().setLearningRate(0.01)
              .setEpochs(Math.max(1, 1500 / batches)).optValidationFraction(0)
              .optWeightStatsEvery(0).optSeed(draw).build();
          Trainer trainer = new Trainer(runner, train.classNames(), config, null);
          trainer.start(train, null);
          TrainingResult r = trainer.run();
          accT += trainer.head().evaluate(data.heldOut).accuracy();
          lossT += objective(trainer.head().getWeights(), train);
          secT += r.trainSeconds();
        }
        long t0 = System.nanoTime();
        LbfgsLogisticRegression ref = LbfgsLogisticRegression.fit(FashionEmbeddings.rows(train), train.labels(),
            train.dimension(), train.numClasses(), LAMBDA, 2000, 1e-7);
        secL += (System.nanoTime() - t0) / 1e9;
        lossL += ref.loss();
        accL += Evaluation.of(data.heldOut.classNames(),
            ref.predictProbabilities(FashionEmbeddings.rows(data.heldOut)), data.heldOut.labels()).accuracy();
      }
      md.append(String.format(Locale.ROOT, "| %d | %.4f | %.4f | %.1f %% | %.4f | %.4f | %.2f |"
          + " %.2f |%n", k, accT / draws, accL / draws, 100 * accT / accL, lossT / draws,
          lossL / draws, secT / draws, secL / draws));
    }
    md.append("\nTrainer: Adam lr 0.01, batch 32, ~1500 steps, l2 = λ/2 with λ = ").append(LAMBDA)
        .append("; L-BFGS minimises mean CE + (λ/2)‖W‖² to |∇|∞ < 1e-7. Losses are that"
            + " objective on the training samples; accuracy is on the 2,000 held-out images.\n\n");
  }

  /** The L-BFGS objective evaluated at the head's weights (linear head only). */
  private static double objective(Map<String, float[]> w, Dataset train) {
    float[] kernel = w.get("kernel_0");
    float[] bias = w.get("bias_0");
    int d = train.dimension();
    int c = train.numClasses();
    double loss = 0;
    float[] row = new float[d];
    double[] z = new double[c];
    for (int i = 0; i < train.size(); i++) {
      train.copyRow(i, row, 0);
      double max = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < c; k++) {
        double s = bias[k];
        for (int j = 0; j < d; j++) {
          s += row[j] * kernel[j * c + k];
        }
        z[k] = s;
        max = Math.max(max, s);
      }
      double sum = 0;
      for (int k = 0; k < c; k++) {
        sum += Math.exp(z[k] - max);
      }
      loss -= z[train.label(i)] - max - Math.log(sum);
    }
    double reg = 0;
    for (float v : kernel) {
      reg += (double) v * v;
    }
    return loss / train.size() + 0.5 * LAMBDA * reg;
  }

  private static void exploding(FashionEmbeddings data, StringBuilder md) {
    md.append("#### b. Exploding regime: MLP head 1280→128→10, SGD, 500 training images\n\n");
    md.append("| learning rate | clipping | held-out acc | vs normal lr | non-finite steps |"
        + " rollbacks | clipped steps | non-finite weights | status |\n"
        + "|---:|---|---:|---:|---:|---:|---:|---:|---|\n");
    double base = 0.01;
    double normalAcc = Double.NaN;
    Object[][] runs = {
        {1.0, Clipping.off()}, {1.0, Clipping.globalNorm(0.1)}, {100.0, Clipping.off()},
        {100.0, Clipping.globalNorm(1.0)}, {100.0, Clipping.globalNorm(0.1)},
        {100.0, Clipping.adaptive(0.01, 1e-3)}, {100.0, Clipping.autoPercentile(10)}};
    for (Object[] run : runs) {
      double mult = (Double) run[0];
      Clipping clip = (Clipping) run[1];
      {
        HeadSpec spec = HeadSpec.builder().setEmbeddingSize(data.pool.dimension())
            .setNumClasses(data.pool.numClasses()).setBatchSize(32).optHiddenLayers(128)
            .optOptimizer(Optimizer.sgd()).optInitializer(HeadSpec.Initializer.HE_UNIFORM)
            .optSeed(1).build();
        try (HostSignatureRunner runner = HostSignatureRunner.open(HeadCompiler.compile(spec), 1)) {
          TrainerConfig config = TrainerConfig.builder().setLearningRate(base * mult).setEpochs(30)
              .optClipping(clip).optSeed(3).optWeightStatsEvery(0).build();
          Trainer trainer = new Trainer(runner, data.pool.classNames(), config, null);
          trainer.start(data.pool);
          TrainingResult r = trainer.run();
          double acc = trainer.head().evaluate(data.heldOut).accuracy();
          if (mult == 1 && clip.mode() == Clipping.Mode.OFF) {
            normalAcc = acc;
          }
          md.append(String.format(Locale.ROOT, "| %.2f (x%.0f) | %s | %.4f | %.1f %% | %d | %d |"
              + " %d | %d | %s |%n", base * mult, mult, clip, acc, 100 * acc / normalAcc,
              r.nonFiniteSteps(), r.rollbacks(), r.clippedSteps(),
              nonFinite(trainer.head().getWeights()), r.status()));
        }
      }
    }
    md.append("\n30 epochs of 13 steps (20 % of the pool held for validation, best weights"
        + " restored); accuracy on the 2,000 held-out images; \"vs normal lr\" is against the"
        + " first row.\n\n");
  }

  private static void stepCost(FashionEmbeddings data, StringBuilder md) {
    md.append("#### c. Cost of clipping + health tracking per step (batch 32, 1 thread)\n\n");
    md.append("| head | clipping | steps | model step µs (median) | clip+health µs (median) |"
        + " clip+health % of step (median) | same, from means | update/weight ratio µs"
        + " (optional, mean) |\n|---|---|---:|---:|---:|---:|---:|---:|\n");
    int[][] heads = {{}, {128}};
    for (int[] hidden : heads) {
      for (Clipping clip : new Clipping[] {Clipping.globalNorm(1.0), Clipping.autoPercentile(10),
          Clipping.adaptive(0.01, 1e-3)}) {
        HeadSpec spec = HeadSpec.builder().setEmbeddingSize(data.pool.dimension())
            .setNumClasses(data.pool.numClasses()).setBatchSize(32).optHiddenLayers(hidden)
            .optOptimizer(Optimizer.adam()).optSeed(1).build();
        try (HostSignatureRunner runner = HostSignatureRunner.open(HeadCompiler.compile(spec), 1)) {
          TrainerConfig config = TrainerConfig.builder().setLearningRate(1e-3).setEpochs(100)
              .optClipping(clip).optValidationFraction(0).optWeightStatsEvery(1).build();
          Trainer trainer = new Trainer(runner, data.pool.classNames(), config, null);
          trainer.start(data.pool, null);
          trainer.run(); // warm-up: JIT and native allocation
          trainer.start(data.pool, null);
          trainer.run();
          StepTimings t = trainer.timings();
          double n = t.steps();
          md.append(String.format(Locale.ROOT, "| %s | %s | %d | %.1f | %.2f | %.2f %% | %.2f %% |"
              + " %.1f |%n", hidden.length == 0 ? "linear 1280→10" : "MLP 1280→128→10", clip,
              t.steps(), t.medianRuntimeNanos() / 1e3, t.medianClipHealthNanos() / 1e3,
              100 * t.medianClipHealthNanos() / t.medianRuntimeNanos(),
              100 * t.clipHealthFraction(), t.weightStatsNanos() / n / 1e3));
        }
      }
    }
    md.append("\nModel step = the `gradients` + `apply` signature calls. Clip+health = non-finite"
        + " counts, per-variable norms, clipping, verdict and report (AGC includes its"
        + " `get_weights`). The update/weight ratio needs two `get_weights` calls per measured"
        + " step; `optWeightStatsEvery(n)` samples it every n steps. Medians resist the"
        + " preemptions of a shared machine; means include them.\n");
  }

  private static int nonFinite(Map<String, float[]> weights) {
    int n = 0;
    for (float[] v : weights.values()) {
      for (float f : v) {
        if (Float.isNaN(f) || Float.isInfinite(f)) {
          n++;
        }
      }
    }
    return n;
  }
}
