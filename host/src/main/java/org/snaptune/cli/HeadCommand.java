package org.snaptune.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import org.snaptune.model.HeadCompiler;
import org.snaptune.model.HeadSpec;
import org.snaptune.model.ModelInspector;
import org.snaptune.model.ModelInspectorReport;
import org.snaptune.model.Optimizer;

/**
 * {@code head}: compiles a trainable head model ({@link HeadSpec} → {@link HeadCompiler}) and
 * writes it atomically. The spec's own validation names any bad value.
 */
public final class HeadCommand implements Command {

  @Override
  public String name() {
    return "head";
  }

  @Override
  public String synopsis() {
    return "--embedding D --classes C --batch B [--hidden H[,H...]] [--optimizer sgd|momentum|adam]"
        + " [--l2 X] [--label-smoothing X] [--seed S] [--init glorot|he] --out FILE";
  }

  @Override
  public String description() {
    return "write a trainable head model (infer, gradients, apply, train, get/set_weights)";
  }

  @Override
  public int run(String[] args, PrintStream out) throws IOException {
    CliArgs a = CliArgs.parse(name(), args,
        CliArgs.names("embedding", "classes", "batch", "hidden", "optimizer", "l2",
            "label-smoothing", "seed", "init", "out"),
        CliArgs.names());
    if (!a.positionals().isEmpty()) {
      throw new IllegalArgumentException("'head' takes no positional arguments, got "
          + a.positionals());
    }
    String outFile = a.required("out");
    CliFiles.checkOutput(outFile);
    HeadSpec.Builder b = HeadSpec.builder()
        .setEmbeddingSize(InputLimits.range("--embedding", a.intValue("embedding", null),
            InputLimits.MAX_EMBEDDING))
        .setNumClasses(InputLimits.range("--classes", a.intValue("classes", null),
            InputLimits.MAX_CLASSES))
        .setBatchSize(InputLimits.batch(a.intValue("batch", null)));
    int[] hidden = InputLimits.hidden(a.intList("hidden"));
    if (hidden.length > 0) {
      b.optHiddenLayers(hidden);
    }
    if (a.has("optimizer")) {
      b.optOptimizer(Optimizer.parse(a.required("optimizer")));
    }
    if (a.has("l2")) {
      b.optL2(a.doubleValue("l2", 0));
    }
    if (a.has("label-smoothing")) {
      b.optLabelSmoothing(a.doubleValue("label-smoothing", 0));
    }
    if (a.has("seed")) {
      b.optSeed(a.longValue("seed", 0));
    }
    if (a.has("init")) {
      b.optInitializer(initializer(a.required("init")));
    }
    HeadSpec spec = b.build();
    long start = System.nanoTime();
    byte[] model = HeadCompiler.compile(spec);
    double ms = (System.nanoTime() - start) / 1e6;
    ModelInspectorReport report = ModelInspector.inspect(model);
    Path written = CliFiles.writeAtomically(outFile, model);
    out.println(spec);
    out.printf(Locale.ROOT, "compiled in %.1f ms: %d bytes, %d parameters, %d subgraphs%n", ms,
        model.length, spec.parameterCount(), report.subgraphs().size());
    for (ModelInspectorReport.Signature s : report.signatures()) {
      out.println("  " + s.key() + ": " + s.inputs().keySet() + " -> " + s.outputs().keySet());
    }
    out.println("wrote " + written);
    return SnapTuneCli.EXIT_OK;
  }

  private static HeadSpec.Initializer initializer(String name) {
    switch (name.toLowerCase(Locale.ROOT)) {
      case "glorot":
        return HeadSpec.Initializer.GLOROT_UNIFORM;
      case "he":
        return HeadSpec.Initializer.HE_UNIFORM;
      default:
        throw new IllegalArgumentException("unknown --init '" + name + "'; valid: glorot, he");
    }
  }
}
