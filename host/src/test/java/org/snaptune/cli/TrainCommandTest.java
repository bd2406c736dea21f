package org.snaptune.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
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

  private static String[] run(int expectedExit, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = SnapTuneCli.run(args, new PrintStream(out, true), new PrintStream(err, true));
    String o = new String(out.toByteArray(), StandardCharsets.UTF_8);
    String e = new String(err.toByteArray(), StandardCharsets.UTF_8);
    assertEquals("exit code; stdout: " + o + "\nstderr: " + e, expectedExit, code);
    return new String[] {o, e};
  }

  private static double number(String json, String field) {
    Matcher m = Pattern.compile("\"" + field + "\": ([-0-9.eE+]+)").matcher(json);
    assertTrue(field + " in " + json, m.find());
    return Double.parseDouble(m.group(1));
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
