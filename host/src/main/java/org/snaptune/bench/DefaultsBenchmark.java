package org.snaptune.bench;

import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import org.snaptune.data.Dataset;
import org.snaptune.health.Verdict;
import org.snaptune.host.HostSignatureRunner;
import org.snaptune.metrics.Evaluation;
import org.snaptune.metrics.LbfgsLogisticRegression;
import org.snaptune.prototype.ClassifierChoice;
import org.snaptune.prototype.CrossValidation;
import org.snaptune.prototype.HeadFitter;
import org.snaptune.prototype.Personalisation;
import org.snaptune.prototype.Selection;
import org.snaptune.settings.Setting;
import org.snaptune.settings.TrainingSettings;

/**
 * Issue 10's benchmark: what a new user gets by pressing Train with the defaults and no flags
 * ({@link TrainingSettings#defaults()}, classifier AUTO: the trained head or the prototypes,
 * whichever is better on the same held-out samples), against the L-BFGS optimum of the same
 * L2-regularised linear head and against the prototypes alone, on Fashion-MNIST through
 * MobileNetV2 for K = 1, 2, 5, 10, 20 samples per class; accuracy on 2,000 held-out test images.
 * Also the clip rate and verdicts of the default runs and the time to train 20 × 10 samples.
 *
 * <p>Optional {@code -Dsnaptune.defaults.override=key=value,...} (setting keys, e.g.
 * {@code learning_rate=0.005,steps=2000}) measures other settings the same way; {@code
 * -Dsnaptune.defaults.draws=N} (default 5). Run: {@code mvn -P bench -pl host -am verify
 * -DskipTests -Dbench=defaults}; writes {@code ${snaptune.bench.out}/defaults.md}.
 */
public final class DefaultsBenchmark {

  private static final long SEED = 2026;
  /** The L-BFGS reference's λ in mean CE + (λ/2)‖W‖², matching SettingsMapping.L2 = λ/2. */
  private static final double LAMBDA = 1e-3;
  private static final int[] KS = ks(System.getProperty("snaptune.defaults.k", "1,2,5,10,20"));

  private DefaultsBenchmark() {}

  private static int[] ks(String list) {
    String[] parts = list.split(",");
    int[] out = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = Integer.parseInt(parts[i].trim());
    }
    return out;
  }

  public static void main(String[] args) throws IOException {
    int draws = Integer.getInteger("snaptune.defaults.draws", 5);
    TrainingSettings settings = TrainingSettings.defaults();
    String override = System.getProperty("snaptune.defaults.override", "");
    for (String kv : override.split(",")) {
      if (!kv.trim().isEmpty()) {
        String[] p = kv.split("=", 2);
        settings = settings.with(Setting.forKey(p[0].trim()), p[1].trim());
      }
    }
    FashionEmbeddings data = FashionEmbeddings.loadShared(SEED);
    StringBuilder md = new StringBuilder();
    md.append(String.format(Locale.ROOT, "### Defaults without flags (Fashion-MNIST via"
        + " MobileNetV2 1.0 224 quant, D=%d; held-out %d images; mean of %d draws)%n%n",
        data.pool.dimension(), data.heldOut.size(), draws));
    md.append("Settings: ").append(override.isEmpty() ? "`TrainingSettings.defaults()`"
        : "defaults with `" + override + "`").append(" = ").append(settings.toMap())
        .append("\n\n");
    md.append("| K/class | chosen (P = prototypes, H = head) | defaults acc | trained head acc |"
        + " prototype acc | L-BFGS acc | defaults / L-BFGS | target | met | clipped steps |"
        + " verdicts | train s | accuracy estimate s |\n"
        + "|---:|---|---:|---:|---:|---:|---:|---|---|---:|---|---:|---:|\n");
    double[] trainSeconds20 = new double[draws];
    for (int k : KS) {
      double accAuto = 0;
      double accHead = 0;
      double accProto = 0;
      double accRef = 0;
      double trainS = 0;
      double estimateS = 0;
      long clipped = 0;
      long steps = 0;
      int heads = 0;
      StringBuilder verdicts = new StringBuilder();
      for (int draw = 0; draw < draws; draw++) {
        Dataset train = FashionEmbeddings.firstPerClass(data.shuffledPool(SEED, draw), k);
        HeadFitter fitter = new HeadFitter(HostSignatureRunner::open, settings.threads());
        Personalisation.Outcome o = Personalisation.run(settings, train, ClassifierChoice.AUTO,
            fitter, draw, null);
        Evaluation head = fitter.evaluate(o.head().spec(), o.head().weights(), data.heldOut);
        Evaluation proto = Evaluation.of(data.heldOut.classNames(),
            CrossValidation.PROTOTYPES.fitAndPredict(train, data.heldOut), data.heldOut.labels());
        boolean useHead = o.selection().chosen() == Selection.Kind.HEAD;
        System.err.printf(Locale.ROOT, "K=%d draw %d: %s; on test: head %.4f, prototypes %.4f%n",
            k, draw, o.selection(), head.accuracy(), proto.accuracy());
        heads += useHead ? 1 : 0;
        accAuto += (useHead ? head : proto).accuracy();
        accHead += head.accuracy();
        accProto += proto.accuracy();
        trainS += o.head().result().trainSeconds();
        estimateS += o.estimateSeconds();
        clipped += o.head().result().clippedSteps();
        steps += o.head().result().steps();
        Verdict.Kind v = o.head().result().finalVerdict().kind();
        verdicts.append(verdicts.length() == 0 ? "" : ", ").append(o.head().result().status())
            .append('/').append(v);
        if (k == 20) {
          trainSeconds20[draw] = o.head().result().trainSeconds();
        }
        LbfgsLogisticRegression ref = LbfgsLogisticRegression.fit(FashionEmbeddings.rows(train), train.labels(),
            train.dimension(), train.numClasses(), LAMBDA, 2000, 1e-7);
        accRef += Evaluation.of(data.heldOut.classNames(),
            ref.predictProbabilities(FashionEmbeddings.rows(data.heldOut)), data.heldOut.labels()).accuracy();
      }
      accAuto /= draws;
      accHead /= draws;
      accProto /= draws;
      accRef /= draws;
      String target;
      boolean met;
      if (k >= 5) {
        target = "≥ 98 % of L-BFGS";
        met = accAuto >= 0.98 * accRef;
      } else {
        double bar = Math.max(accProto, accRef) - 0.01;
        target = String.format(Locale.ROOT, "≥ %.4f", bar);
        met = accAuto >= bar;
      }
      md.append(String.format(Locale.ROOT, "| %d | P×%d H×%d | %.4f | %.4f | %.4f | %.4f |"
          + " %.1f %% | %s | %s | %.1f %% | %s | %.2f | %.2f |%n", k, draws - heads, heads,
          accAuto, accHead, accProto, accRef, 100 * accAuto / accRef, target, met ? "yes" : "NO",
          100.0 * clipped / steps, summarise(verdicts.toString()), trainS / draws,
          estimateS / draws));
    }
    Arrays.sort(trainSeconds20);
    if (trainSeconds20[draws - 1] > 0) {
      md.append(String.format(Locale.ROOT, "%nTraining 20 × 10 samples with the defaults (%d"
        + " steps, linear head, host TFLite, %d thread(s)): median %.2f s, max %.2f s over %d"
        + " draws (target ≤ 2 s).%n", settings.steps(), settings.threads(),
          trainSeconds20[draws / 2], trainSeconds20[draws - 1], draws));
    }
    md.append(prototypeLatency(data));
    md.append("\n\"defaults acc\" is the classifier AUTO kept (prototypes or trained head,"
        + " decided on the same held-out training samples: 5-fold cross-validation below 25"
        + " samples per class), measured on the held-out test images. \"clipped steps\" is the"
        + " share of the default head runs' steps that AutoClip (90th percentile) clipped. L-BFGS"
        + " minimises mean CE + (λ/2)‖W‖² (λ = 1e-3) to |∇|∞ < 1e-7 on the same"
        + " samples.\n");
    System.out.print(md);
    System.out.println("written to " + BenchFiles.writeTable("defaults.md", md).toAbsolutePath());
  }

  /** Counts of "STATUS/VERDICT" over the draws, e.g. "5× COMPLETED/HEALTHY". */
  private static String summarise(String list) {
    java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
    for (String s : list.split(", ")) {
      counts.merge(s, 1, Integer::sum);
    }
    StringBuilder sb = new StringBuilder();
    for (java.util.Map.Entry<String, Integer> e : counts.entrySet()) {
      sb.append(sb.length() == 0 ? "" : ", ").append(e.getValue()).append("× ").append(e.getKey());
    }
    return sb.toString();
  }

  /** How long refitting the prototypes and classifying one frame take (instant classes). */
  private static String prototypeLatency(FashionEmbeddings data) {
    Dataset train = FashionEmbeddings.firstPerClass(data.pool, 20);
    float[] row = new float[train.dimension()];
    train.copyRow(0, row, 0);
    long[] fit = new long[200];
    long[] classify = new long[200];
    for (int r = -50; r < fit.length; r++) {
      long t0 = System.nanoTime();
      org.snaptune.prototype.PrototypeClassifier p =
          org.snaptune.prototype.PrototypeClassifier.fit(train);
      long t1 = System.nanoTime();
      p.predict(row);
      long t2 = System.nanoTime();
      if (r >= 0) {
        fit[r] = t1 - t0;
        classify[r] = t2 - t1;
      }
    }
    Arrays.sort(fit);
    Arrays.sort(classify);
    return String.format(Locale.ROOT, "Prototypes: refitting on 200 samples after a sample is"
        + " added takes %.2f ms (median), classifying one embedding %.3f ms: a new class is"
        + " classified from the next frame, no training run.%n", fit[fit.length / 2] / 1e6,
        classify[classify.length / 2] / 1e6);
  }
}
