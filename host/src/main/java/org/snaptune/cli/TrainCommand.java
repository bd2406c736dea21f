package org.snaptune.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import org.snaptune.checkpoint.CheckpointStore;
import org.snaptune.data.Dataset;
import org.snaptune.health.EpochReport;
import org.snaptune.health.TrainingListener;
import org.snaptune.health.Verdict;
import org.snaptune.host.HostSignatureRunner;
import org.snaptune.metrics.Evaluation;
import org.snaptune.model.HeadCompiler;
import org.snaptune.model.HeadSpec;
import org.snaptune.model.Optimizer;
import org.snaptune.train.Clipping;
import org.snaptune.train.LearningRateSchedule;
import org.snaptune.train.Trainer;
import org.snaptune.train.TrainerConfig;
import org.snaptune.train.TrainingResult;

/**
 * {@code train}: trains a head on an embedding CSV with the Java {@link Trainer} on the host
 * runtime (its own validation split of TRAIN), evaluates on EVAL, prints a summary and optionally
 * writes JSON and keeps a resumable checkpoint. Stateless.
 */
public final class TrainCommand implements Command {

  @Override
  public String name() {
    return "train";
  }

  @Override
  public String synopsis() {
    return "--train TRAIN.csv --eval EVAL.csv [--hidden H[,H...]] [--optimizer sgd|momentum|adam]"
        + " [--lr X] [--batch B] [--epochs N] [--clip off|value:X|norm:X|global:X|agc:L|auto:P]"
        + " [--schedule constant|cosine|plateau] [--early-stopping P] [--l2 X] [--validation F]"
        + " [--balanced] [--seed S] [--checkpoint FILE] [--json OUT.json]";
  }

  @Override
  public String description() {
    return "train a head on embedding CSV rows (label,e0,e1,...) and evaluate it";
  }

  @Override
  public int run(String[] args, PrintStream out) throws IOException {
    CliArgs a = CliArgs.parse(name(), args, CliArgs.names("train", "eval", "hidden", "optimizer",
        "lr", "batch", "epochs", "clip", "schedule", "early-stopping", "l2", "validation", "seed",
        "checkpoint", "json"), CliArgs.names("balanced"));
    if (!a.positionals().isEmpty()) {
      throw new IllegalArgumentException("'train' takes no positional arguments, got "
          + a.positionals());
    }
    String trainFile = a.required("train");
    String evalFile = a.required("eval");
    String json = a.optional("json", null);
    if (json != null) {
      CliFiles.checkOutput(json);
    }
    int batch = InputLimits.batch(a.intValue("batch", 32));
    int[] hidden = InputLimits.hidden(a.intList("hidden"));
    EmbeddingCsv trainCsv = EmbeddingCsv.read(trainFile, "training CSV");
    EmbeddingCsv evalCsv = EmbeddingCsv.read(evalFile, "evaluation CSV");
    if (trainCsv.dimension() != evalCsv.dimension()) {
      throw new IllegalArgumentException("embedding sizes differ: " + trainFile + " has "
          + trainCsv.dimension() + " values per row, " + evalFile + " has " + evalCsv.dimension());
    }
    List<String> classes = trainCsv.classNames();
    if (classes.size() < 2) {
      throw new IllegalArgumentException(trainFile + " has only class " + classes
          + "; training needs at least two classes");
    }
    InputLimits.classes(classes.size(), trainFile);
    Dataset train = trainCsv.toDataset(classes, trainFile);
    Dataset eval = evalCsv.toDataset(classes, evalFile);
    long seed = a.longValue("seed", 0);
    HeadSpec.Builder spec = HeadSpec.builder().setEmbeddingSize(train.dimension())
        .setNumClasses(classes.size()).setBatchSize(batch)
        .optHiddenLayers(hidden).optL2(a.doubleValue("l2", 0)).optSeed(seed);
    if (a.has("optimizer")) {
      spec.optOptimizer(Optimizer.parse(a.required("optimizer")));
    }
    TrainerConfig config = TrainerConfig.builder().setLearningRate(a.doubleValue("lr", 1e-3))
        .setEpochs(a.intValue("epochs", 20)).optClipping(Clipping.parse(a.optional("clip", "off")))
        .optSchedule(schedule(a.optional("schedule", "constant")))
        .optEarlyStopping(a.intValue("early-stopping", 0), 1e-4)
        .optValidationFraction(a.doubleValue("validation", 0.2))
        .optClassBalanced(a.flag("balanced")).optSeed(seed).build();
    HeadSpec headSpec = spec.build();
    out.println("training " + headSpec + " on " + train.size() + " samples of " + classes.size()
        + " classes; " + config);
    try (HostSignatureRunner runner = HostSignatureRunner.open(HeadCompiler.compile(headSpec), 1)) {
      final CheckpointStore store = a.has("checkpoint")
          ? new CheckpointStore(Paths.get(a.required("checkpoint"))) : null;
      final Trainer[] holder = new Trainer[1];
      Trainer trainer = new Trainer(runner, classes, config, new TrainingListener() {
        @Override public void onEpoch(EpochReport r) {
          out.println("  " + r);
          if (store != null) {
            saveQuietly(store, holder[0]);
          }
        }

        @Override public void onVerdictChange(Verdict previous, Verdict current) {
          out.println("  verdict: " + current);
        }
      });
      holder[0] = trainer;
      trainer.start(train);
      if (store != null) {
        CheckpointStore.LoadResult loaded = store.load();
        for (String problem : loaded.problems()) {
          if (loaded.checkpoint() != null || !problem.endsWith("missing")) {
            out.println("  checkpoint: " + problem);
          }
        }
        if (loaded.checkpoint() != null) {
          trainer.restore(loaded.checkpoint());
          out.println("  resumed from " + loaded.source() + " at epoch "
              + (int) loaded.checkpoint().state("epoch", 0));
        }
      }
      TrainingResult result = trainer.run();
      if (store != null) {
        store.save(trainer.checkpoint());
      }
      Evaluation evaluation = trainer.head().evaluate(eval);
      printSummary(out, result, evaluation);
      if (json != null) {
        CliFiles.writeAtomically(json, TrainReportJson.write(result, evaluation, headSpec, config)
            .getBytes(StandardCharsets.UTF_8));
        out.println("wrote " + json);
      }
      if (result.appliedSteps() == 0) {
        // Nothing was learnt (e.g. resumed past the last epoch, or every step non-finite).
        out.println("FAILED: no training step was applied; the head is untrained");
        return SnapTuneCli.EXIT_INTERNAL;
      }
      return result.status() == TrainingResult.Status.DIVERGED ? SnapTuneCli.EXIT_INTERNAL : 0;
    }
  }

  private static void saveQuietly(CheckpointStore store, Trainer trainer) {
    try {
      store.save(trainer.checkpoint());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot write checkpoint " + store.file(), e);
    }
  }

  static LearningRateSchedule schedule(String name) {
    switch (name.toLowerCase(Locale.ROOT)) {
      case "constant":
        return LearningRateSchedule.constant();
      case "cosine":
        return LearningRateSchedule.cosine(0.01);
      case "plateau":
        return LearningRateSchedule.reduceOnPlateau(0.5, 2, 0.01);
      default:
        throw new IllegalArgumentException("unknown --schedule '" + name
            + "'; valid: constant, cosine, plateau");
    }
  }

  private static void printSummary(PrintStream out, TrainingResult r, Evaluation e) {
    out.println(r);
    out.printf(Locale.ROOT, "eval: accuracy %.4f, top-2 %.4f, loss %.4f on %d samples%n",
        e.accuracy(), e.topK(Math.min(2, e.classNames().size())), e.loss(), e.size());
    out.print(e.confusionTable());
  }
}
