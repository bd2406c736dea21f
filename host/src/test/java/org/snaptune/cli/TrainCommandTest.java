package org.snaptune.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.snaptune.cli.CliRun.number;
import static org.snaptune.cli.CliRun.run;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** {@code train} end to end through {@link SnapTuneCli}, on the host runtime. */
public class TrainCommandTest {

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  private static final String[] NAMES = {"apple", "pear", "plum"};

  /** Seeded blobs: class c has mean 2 on coordinates j ≡ c (mod 3). */
  private Path csv(String name, int perClass, int dim, long seed) throws Exception {
    Random r = new Random(seed);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < perClass * 3; i++) {
      int c = i % 3;
      float[] e = new float[dim];
      for (int j = 0; j < dim; j++) {
        e[j] = (float) (0.5 * r.nextGaussian() + (j % 3 == c ? 2 : 0));
      }
      EmbeddingCsv.appendRow(sb, NAMES[c], e);
    }
    Path p = tmp.getRoot().toPath().resolve(name);
    Files.write(p, sb.toString().getBytes(StandardCharsets.UTF_8));
    return p;
  }

  @Test
  public void trainsEvaluatesAndWritesJson() throws Exception {
    Path train = csv("train.csv", 40, 12, 1);
    Path eval = csv("eval.csv", 20, 12, 2);
    Path json = tmp.getRoot().toPath().resolve("out.json");
    String[] o = run(0, "train", "--train", train.toString(), "--eval", eval.toString(),
        "--hidden", "8", "--optimizer", "adam", "--lr", "0.01", "--batch", "16", "--epochs", "10",
        "--clip", "global:1", "--seed", "3", "--json", json.toString());
    assertTrue(o[0], o[0].contains("COMPLETED"));
    assertTrue(o[0], o[0].contains("eval: accuracy"));
    String j = new String(Files.readAllBytes(json), StandardCharsets.UTF_8);
    assertTrue(j, number(j, "eval_accuracy") >= 0.95);
    assertTrue(number(j, "eval_loss") < 0.5);
    assertEquals(10, number(j, "epochs"), 0);
    assertEquals(10 * 6, number(j, "steps"), 0); // 96 training rows / batch 16
    assertEquals(0, number(j, "nonfinite_steps"), 0);
    assertTrue(number(j, "clipped_steps") >= 0);
    assertTrue(number(j, "train_seconds") > 0);
    assertTrue(j, j.contains("\"final_verdict\": \""));
    assertTrue(j, j.contains("\"classes\": [\"apple\", \"pear\", \"plum\"]"));
  }

  @Test
  public void traceHasOneJsonLinePerStepAndTheReportCountsVerdicts() throws Exception {
    Path train = csv("train.csv", 40, 12, 1);
    Path eval = csv("eval.csv", 10, 12, 2);
    Path json = tmp.getRoot().toPath().resolve("out.json");
    Path trace = tmp.getRoot().toPath().resolve("run.jsonl");
    run(0, "train", "--train", train.toString(), "--eval", eval.toString(), "--lr", "0.01",
        "--batch", "16", "--epochs", "5", "--optimizer", "adam", "--clip", "off",
        "--json", json.toString(),
        "--trace", trace.toString());
    java.util.List<String> lines = Files.readAllLines(trace, StandardCharsets.UTF_8);
    assertEquals(5 * 6, lines.size());
    String first = lines.get(0);
    for (String field : new String[] {"\"step\":1,", "\"epoch\":1,", "\"loss\":",
        "\"grad_norm\":", "\"grad_norm_clipped\":", "\"clipped\":false", "\"threshold\":null",
        "\"lr\":0.01,", "\"update_ratio\":", "\"verdict\":\"HEALTHY\"", "\"action\":\"none\"",
        "\"nonfinite\":0", "\"tensor_norms\":{\"kernel_0\":"}) {
      assertTrue(field + " in " + first, first.contains(field));
    }
    assertTrue(lines.get(29), lines.get(29).startsWith("{\"step\":30,\"epoch\":5,"));
    String j = new String(Files.readAllBytes(json), StandardCharsets.UTF_8);
    assertTrue(j, j.contains("\"failed_reason\": null"));
    Matcher counts = Pattern.compile("\"verdict_counts\": \\{([^}]*)\\}").matcher(j);
    assertTrue(j, counts.find());
    long sum = 0;
    for (String kv : counts.group(1).split(", ")) {
      sum += Long.parseLong(kv.substring(kv.indexOf(": ") + 2));
    }
    assertEquals(30, sum);
    assertTrue(j, counts.group(1).startsWith("\"HEALTHY\": 30"));
  }

  @Test
  public void explodingCollapseEndsFailedWithExitThreeAndTheTraceShowsWhen() throws Exception {
    Path train = csv("train.csv", 40, 64, 1);
    Path eval = csv("eval.csv", 10, 64, 2);
    Path json = tmp.getRoot().toPath().resolve("out.json");
    Path trace = tmp.getRoot().toPath().resolve("run.jsonl");
    String[] o = run(SnapTuneCli.EXIT_INTERNAL, "train", "--train", train.toString(), "--eval",
        eval.toString(), "--hidden", "16", "--optimizer", "sgd", "--lr", "10", "--batch", "16",
        "--epochs", "10", "--recovery", "off", "--clip", "off", "--l2", "0",
        "--early-stopping", "0", "--json", json.toString(), "--trace",
        trace.toString());
    assertTrue(o[0], o[0].contains("FAILED"));
    String j = new String(Files.readAllBytes(json), StandardCharsets.UTF_8);
    assertTrue(j, j.contains("\"status\": \"FAILED\""));
    assertTrue(j, j.contains("\"failed_reason\": \"the run ended COLLAPSED: hidden layers got zero"
        + " gradient"));
    assertTrue(j, j.contains("\"final_verdict\": \"COLLAPSED\""));
    java.util.List<String> lines = Files.readAllLines(trace, StandardCharsets.UTF_8);
    int exploding = -1;
    for (int i = 0; i < lines.size() && exploding < 0; i++) {
      exploding = lines.get(i).contains("\"verdict\":\"EXPLODING\"") ? i + 1 : -1;
    }
    assertTrue("first EXPLODING at step " + exploding, exploding >= 1 && exploding <= 3);
  }

  @Test
  public void aTracePathThatCannotBeWrittenFailsBeforeTrainingAndLeavesNothing() throws Exception {
    Path train = csv("train.csv", 10, 6, 1);
    Path eval = csv("eval.csv", 5, 6, 2);
    Path missing = tmp.getRoot().toPath().resolve("no-such-dir").resolve("t.jsonl");
    String[] o = run(SnapTuneCli.EXIT_BAD_INPUT, "train", "--train", train.toString(), "--eval",
        eval.toString(), "--trace", missing.toString());
    assertTrue(o[1], o[1].contains("no-such-dir") && o[1].contains("does not exist"));
    assertFalse(o[0], o[0].contains("epoch 1:"));
    Path folder = tmp.newFolder("a-folder").toPath();
    o = run(SnapTuneCli.EXIT_BAD_INPUT, "train", "--train", train.toString(), "--eval",
        eval.toString(), "--trace", folder.toString());
    assertTrue(o[1], o[1].contains("is a folder"));
    o = run(SnapTuneCli.EXIT_BAD_INPUT, "train", "--train", train.toString(), "--eval",
        eval.toString(), "--recovery", "maybe");
    assertTrue(o[1], o[1].contains("valid: on, off"));
    try (java.util.stream.Stream<Path> left = Files.list(tmp.getRoot().toPath())) {
      assertEquals(0, left.filter(p -> p.toString().endsWith(".tmp")).count());
    }
  }

  @Test
  public void checkpointResumesAndACorruptOneFallsBackToThePrevious() throws Exception {
    Path train = csv("train.csv", 20, 6, 4);
    Path eval = csv("eval.csv", 5, 6, 5);
    Path ckpt = tmp.getRoot().toPath().resolve("head.ckpt");
    run(0, "train", "--train", train.toString(), "--eval", eval.toString(), "--epochs", "2",
        "--lr", "0.05", "--checkpoint", ckpt.toString());
    assertTrue(Files.exists(ckpt));
    assertTrue(Files.exists(ckpt.resolveSibling("head.ckpt.prev")));
    String[] o = run(0, "train", "--train", train.toString(), "--eval", eval.toString(),
        "--epochs", "4", "--lr", "0.05", "--checkpoint", ckpt.toString());
    assertTrue(o[0], o[0].contains("resumed from " + ckpt + " at epoch 2"));
    assertTrue(o[0], o[0].contains("epoch 3:") && o[0].contains("epoch 4:"));
    assertFalse(o[0], o[0].contains("epoch 1:"));
    byte[] good = Files.readAllBytes(ckpt);
    Files.write(ckpt, java.util.Arrays.copyOf(good, good.length / 2));
    o = run(0, "train", "--train", train.toString(), "--eval", eval.toString(), "--epochs", "5",
        "--lr", "0.05", "--checkpoint", ckpt.toString());
    assertTrue(o[0], o[0].contains("checkpoint: head.ckpt: truncated"));
    assertTrue(o[0], o[0].contains("head.ckpt.prev at epoch"));
  }

  @Test
  public void badInputIsNamedAndWritesNothing() throws Exception {
    Path train = csv("train.csv", 5, 6, 1);
    Path narrow = csv("narrow.csv", 5, 4, 1);
    Path json = tmp.getRoot().toPath().resolve("never.json");
    String[] o = run(SnapTuneCli.EXIT_BAD_INPUT, "train", "--train", train.toString(), "--eval",
        narrow.toString(), "--json", json.toString());
    assertTrue(o[1], o[1].contains("embedding sizes differ"));
    Path unknown = tmp.getRoot().toPath().resolve("unknown.csv");
    Files.write(unknown, "kiwi,1,2,3,4,5,6\n".getBytes(StandardCharsets.UTF_8));
    o = run(SnapTuneCli.EXIT_BAD_INPUT, "train", "--train", train.toString(), "--eval",
        unknown.toString(), "--json", json.toString());
    assertTrue(o[1], o[1].contains("unknown label 'kiwi'"));
    Path empty = tmp.getRoot().toPath().resolve("empty.csv");
    Files.write(empty, new byte[0]);
    o = run(SnapTuneCli.EXIT_BAD_INPUT, "train", "--train", empty.toString(), "--eval",
        train.toString());
    assertTrue(o[1], o[1].contains("no samples at all"));
    Path ragged = tmp.getRoot().toPath().resolve("ragged.csv");
    Files.write(ragged, "a,1,2\nb,1\n".getBytes(StandardCharsets.UTF_8));
    o = run(SnapTuneCli.EXIT_BAD_INPUT, "train", "--train", ragged.toString(), "--eval",
        train.toString());
    assertTrue(o[1], o[1].contains("ragged.csv line 2: 1 embedding values, but earlier rows have 2"));
    o = run(SnapTuneCli.EXIT_BAD_INPUT, "train", "--train", train.toString(), "--eval",
        train.toString(), "--clip", "sometimes");
    assertTrue(o[1], o[1].contains("unknown clip option 'sometimes'"));
    assertFalse(Files.exists(json));
  }
}
