package org.snaptune.cli;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.Rule;
import org.snaptune.checkpoint.Checkpoint;
import org.snaptune.checkpoint.CheckpointCodec;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/** A run that applies no training step is a failure (exit 3 with a reason), never exit 0. */
public class TrainZeroStepsTest {

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  private Path csv(String name, long seed, float scale) throws Exception {
    Random r = new Random(seed);
    StringBuilder sb = new StringBuilder();
    String[] names = {"apple", "pear"};
    for (int i = 0; i < 40; i++) {
      float[] e = new float[4];
      for (int j = 0; j < 4; j++) {
        e[j] = scale * (float) (r.nextGaussian() + (j % 2 == i % 2 ? 2 : 0));
      }
      EmbeddingCsv.appendRow(sb, names[i % 2], e);
    }
    Path p = tmp.getRoot().toPath().resolve(name);
    Files.write(p, sb.toString().getBytes(StandardCharsets.UTF_8));
    return p;
  }

  private static int run(StringBuilder err, String... args) {
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    int code = SnapTuneCli.run(args, new PrintStream(e, true), new PrintStream(e, true));
    err.append(new String(e.toByteArray(), StandardCharsets.UTF_8));
    return code;
  }

  @Test
  public void aRunWhoseHeadNeverGotAStepFails() throws Exception {
    Path train = csv("train.csv", 1, 1f);
    Path ckpt = tmp.getRoot().toPath().resolve("run.ckpt");
    String[] args = {"train", "--train", train.toString(), "--eval", train.toString(),
        "--epochs", "2", "--batch", "8", "--checkpoint", ckpt.toString()};
    StringBuilder err = new StringBuilder();
    assertEquals(err.toString(), 0, run(err, args));
    // A sane checkpoint at the last epoch whose run never applied a step (all were skipped):
    // resuming it finishes at once with an untrained head, which must not read as success.
    Checkpoint c = CheckpointCodec.decode(Files.readAllBytes(ckpt));
    Map<String, Double> state = new LinkedHashMap<>(c.state());
    state.put("applied_steps", 0.0);
    Map<String, int[]> shapes = new LinkedHashMap<>();
    for (String n : c.variableNames()) {
      shapes.put(n, c.shape(n));
    }
    Files.write(ckpt, CheckpointCodec.encode(new Checkpoint(c.classNames(), c.variables(),
        shapes, state)));
    err.setLength(0);
    assertEquals(err.toString(), SnapTuneCli.EXIT_INTERNAL, run(err, args));
    assertTrue(err.toString(), err.toString().contains("no training step was applied"));
  }
}
