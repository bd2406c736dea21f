package org.snaptune.checkpoint;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

/**
 * Checkpoints with a valid checksum but contents no trainer may resume from, and files too large
 * to read: each is refused with the reason and the store falls back to {@code .prev}.
 */
public class CheckpointHostileTest {

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  private static Checkpoint with(String key, double value, float weight) {
    Checkpoint s = CheckpointTest.sample(1f);
    Map<String, float[]> vars = new LinkedHashMap<>(s.variablesView());
    vars.put("bias_0", new float[] {weight, 1f});
    Map<String, Double> state = new LinkedHashMap<>(s.state());
    state.put(key, value);
    return new Checkpoint(s.classNames(), vars, s.shapesView(), state);
  }

  private static String rejection(Checkpoint c) {
    try {
      CheckpointCodec.decode(CheckpointCodec.encode(c));
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    fail("decoded a checkpoint no trainer may resume from");
    return null;
  }

  @Test
  public void insaneCountersAndNonFiniteWeightsAreRefusedDespiteAValidChecksum() {
    assertTrue(rejection(with("epoch", -1, 0f)).contains("state 'epoch' is -1.0"));
    assertTrue(rejection(with("epoch", -2e6, 0f)).contains("state 'epoch' is -2000000.0"));
    assertTrue(rejection(with("epoch", 2.5, 0f)).contains("whole number"));
    assertTrue(rejection(with("steps", Double.NaN, 0f)).contains("state 'steps' is NaN"));
    assertTrue(rejection(with("lr_backoff", 0, 0f)).contains("finite and > 0"));
    assertTrue(rejection(with("epoch", 1, Float.NaN)).contains("variable 'bias_0' holds NaN"));
    assertTrue(rejection(with("epoch", 1, Float.POSITIVE_INFINITY)).contains("holds Infinity"));
    // The same file with sane values decodes.
    assertEquals(1.0, CheckpointCodec.decode(CheckpointCodec.encode(with("epoch", 1, 0f)))
        .state("epoch", -1), 0);
  }

  @Test
  public void storeFallsBackToPreviousForAnInsaneOrOversizedCurrentFile() throws Exception {
    Path file = tmp.getRoot().toPath().resolve("run.ckpt");
    CheckpointStore store = new CheckpointStore(file);
    store.save(with("epoch", 2, 0f));
    store.save(with("epoch", 3, 0f));
    Files.write(file, CheckpointCodec.encode(with("epoch", -1, 0f)));
    CheckpointStore.LoadResult r = store.load();
    assertTrue(r.toString(), r.usedPrevious());
    assertEquals(2.0, r.checkpoint().state("epoch", -1), 0);
    assertTrue(r.problems().toString(), r.problems().get(0).contains("state 'epoch' is -1.0"));

    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      f.setLength((2L << 30) + 1); // sparse: over 2 GiB, no disk used
    }
    r = store.load();
    assertNotNull(r.checkpoint());
    assertTrue(r.usedPrevious());
    assertTrue(r.problems().toString(), r.problems().get(0).contains("2147483649 bytes, more than"
        + " the " + CheckpointStore.MAX_BYTES + "-byte limit"));
    assertEquals(Arrays.asList("cat", "dög"), r.checkpoint().classNames());
  }
}
