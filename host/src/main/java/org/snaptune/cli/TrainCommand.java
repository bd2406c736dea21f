package org.snaptune.cli;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import org.snaptune.checkpoint.CheckpointStore;
import org.snaptune.data.Dataset;
import org.snaptune.data.SampleChecks;
import org.snaptune.health.EpochReport;
import org.snaptune.health.StepReport;
import org.snaptune.health.Verdict;
import org.snaptune.host.HostSignatureRunner;
import org.snaptune.metrics.Evaluation;
import org.snaptune.model.HeadCompiler;
import org.snaptune.model.HeadSpec;
import org.snaptune.prototype.ClassifierChoice;
import org.snaptune.prototype.CrossValidation;
import org.snaptune.prototype.Personalisation;
import org.snaptune.prototype.Selection;
import org.snaptune.prototype.TrustReport;
import org.snaptune.train.Trainer;
import org.snaptune.train.TrainerConfig;
import org.snaptune.train.TrainingListener;
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
    return "--train TRAIN.csv --eval EVAL.csv [--classifier auto|prototype|head]"
        + " [--hidden H[,H...]] [--optimizer sgd|momentum|adam] [--lr X] [--batch B] [--steps N]"
        + " [--epochs N] [--clip off|value:X|norm:X|global:X|agc:L|auto:P]"
        + " [--schedule constant|cosine|plateau] [--early-stopping P] [--l2 X] [--validation F]"
        + " [--balanced] [--seed S] [--checkpoint FILE] [--json OUT.json] [--trace FILE.jsonl]"
        + " [--recovery on|off] (unset options take the app's defaults)";
  }

  @Override
  public String description() {
    return "train a head on embedding CSV rows (label,e0,e1,...) and evaluate it";
  }

  @Override
  public int run(String[] args, PrintStream out) throws IOException {
    java.util.Set<String> valued = CliArgs.names("train", "eval", "checkpoint", "json",
        "trace");
    valued.addAll(java.util.Arrays.asList(TrainSetup.OPTIONS));
    CliArgs a = CliArgs.parse(name(), args, valued, CliArgs.names("balanced"));
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
    // Bounds first: the settings check them again, but a huge value must not reach an allocation.
    InputLimits.batch(a.intValue("batch", 32));
    InputLimits.hidden(a.intList("hidden"));
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
    SampleChecks.requireTrainable(train);
    TrainSetup setup = TrainSetup.of(a, train);
    out.println("samples: " + setup.plan.describe());
    // Opened before training so a path that cannot be written fails first, leaving nothing.
    try (TraceFile trace = a.has("trace") ? TraceFile.open(a.required("trace")) : null) {
      return train(a, out, setup, train, eval, json, trace);
    }
  }

  private static int train(CliArgs a, PrintStream out, TrainSetup setup, Dataset train,
      Dataset eval, String json, TraceFile trace) throws IOException {
    List<String> classes = train.classNames();
    TrainingResult result = null;
    HeadSpec headSpec = null;
    TrainerConfig config = null;
    Evaluation headEval = null;
    float[] headOnValidation = null;
    if (setup.choice != ClassifierChoice.PROTOTYPE) {
      headSpec = setup.fitter.spec(setup.plan);
      config = setup.fitter.config(setup.plan);
      out.println("training " + headSpec + " on " + setup.plan.train().size() + " samples of "
          + classes.size() + " classes; " + config);
      try (HostSignatureRunner runner =
          HostSignatureRunner.open(HeadCompiler.compile(headSpec), 1)) {
        Trainer trainer = trainHead(a, out, setup, runner, config, trace);
        result = trainer.result();
        headEval = trainer.head().evaluate(eval);
        if (setup.plan.hasValidation()) {
          headOnValidation = trainer.head().predict(setup.plan.validation());
        }
      }
    }
    Selection selection = Personalisation.compare(setup.plan, train, setup.choice,
        setup.choice == ClassifierChoice.PROTOTYPE ? null : setup.fitter, headOnValidation);
    TrustReport trust = Personalisation.trust(train, selection);
    Evaluation prototypeEval = Evaluation.of(classes,
        CrossValidation.PROTOTYPES.fitAndPredict(train, eval), eval.labels());
    Evaluation kept = selection.chosen() == Selection.Kind.HEAD ? headEval : prototypeEval;
    printSummary(out, result, kept);
    out.println("classifier: " + selection);
    out.println("trust: " + trust.summary());
    for (String hint : trust.hints()) {
      out.println("  hint: " + hint);
    }
    if (trace != null) {
      trace.commit();
      out.println("wrote " + trace.target());
    }
    if (json != null) {
      JsonObject fields = ClassifierReportJson.fields(setup.choice, selection, trust, setup.plan,
          headEval, prototypeEval);
      CliFiles.writeAtomically(json, TrainReportJson.write(result, kept, headSpec, config, fields)
          .getBytes(StandardCharsets.UTF_8));
      out.println("wrote " + json);
    }
    if (result != null && result.appliedSteps() == 0) {
      // Nothing was learnt (e.g. resumed past the last epoch, or every step non-finite).
      out.println("FAILED: no training step was applied; the head is untrained");
      return SnapTuneCli.EXIT_INTERNAL;
    }
    // A collapsed or diverged run never reads as success.
    return result != null && result.failed() ? SnapTuneCli.EXIT_INTERNAL : 0;
  }

  /** Trains the head on {@code runner}, resuming from --checkpoint when given. */
  private static Trainer trainHead(CliArgs a, PrintStream out, TrainSetup setup,
      HostSignatureRunner runner, TrainerConfig config, TraceFile trace) throws IOException {
    List<String> classes = setup.plan.train().classNames();
    {
      final CheckpointStore store = a.has("checkpoint")
          ? new CheckpointStore(Paths.get(a.required("checkpoint"))) : null;
      final Trainer[] holder = new Trainer[1];
      Trainer trainer = new Trainer(runner, classes, config, new TrainingListener() {
        @Override public void onStep(StepReport r) {
          if (trace != null) {
            trace.recorder().onStep(r);
          }
        }

        @Override public void onEpoch(EpochReport r) {
          // A step budget on few samples makes hundreds of one-step epochs: print about 20.
          int every = Math.max(1, config.epochs() / 20);
          if (r.epoch() % every == 0 || r.epoch() <= 1 || r.epoch() == config.epochs()) {
            out.println("  " + r);
          }
          if (store != null) {
            saveQuietly(store, holder[0]);
          }
        }

        @Override public void onVerdictChange(Verdict previous, Verdict current) {
          out.println("  verdict: " + current);
        }
      });
      holder[0] = trainer;
      if (!trainer.clippingScope().isEmpty()) {
        out.println("  " + trainer.clippingScope());
      }
      trainer.start(setup.plan.train(), setup.plan.validation());
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
      trainer.run();
      if (store != null) {
        store.save(trainer.checkpoint());
      }
      return trainer;
    }
  }

  private static void saveQuietly(CheckpointStore store, Trainer trainer) {
    try {
      store.save(trainer.checkpoint());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot write checkpoint " + store.file(), e);
    }
  }

  private static void printSummary(PrintStream out, TrainingResult r, Evaluation e) {
    out.println(r == null ? "no head trained (prototypes requested)" : r.toString());
    out.printf(Locale.ROOT, "eval: accuracy %.4f, top-2 %.4f, loss %.4f on %d samples%n",
        e.accuracy(), e.topK(Math.min(2, e.classNames().size())), e.loss(), e.size());
    out.print(e.confusionTable());
  }
}
