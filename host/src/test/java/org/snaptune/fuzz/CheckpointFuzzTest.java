package org.snaptune.fuzz;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.snaptune.checkpoint.Checkpoint;
import org.snaptune.checkpoint.CheckpointCodec;
import org.snaptune.checkpoint.CheckpointStore;

/**
 * Damaged checkpoints (bit flips, truncations, and re-encoded ones with a valid CRC but insane
 * contents) are refused with IllegalArgumentException only, and the store then resumes from the
 * previous file; a checkpoint that decodes holds only finite weights and sane counters. Pure Java.
 */
public class CheckpointFuzzTest {

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  static Checkpoint good(Random r) {
    Map<String, float[]> vars = new LinkedHashMap<>();
    Map<String, int[]> shapes = new LinkedHashMap<>();
    float[] k = new float[24];
    for (int i = 0; i < k.length; i++) {
      k[i] = (float) r.nextGaussian();
    }
    vars.put("dense/kernel", k);
    shapes.put("dense/kernel", new int[] {8, 3});
    vars.put("dense/bias", new float[] {0.1f, -0.2f, 0.3f});
    shapes.put("dense/bias", new int[] {3});
    Map<String, Double> state = new LinkedHashMap<>();
    state.put("epoch", 4.0);
    state.put("batch_index", 0.0);
    state.put("steps", 120.0);
    state.put("applied_steps", 118.0);
    state.put("lr_backoff", 1.0);
    state.put("best_validation_loss", 0.7);
    return new Checkpoint(Arrays.asList("cat", "dog", "bird"), vars, shapes, state);
  }

  private static byte[] mutant(byte[] base, Random r) {
    switch (r.nextInt(4)) {
      case 0: {
        byte[] b = base.clone();
        for (int n = 1 + r.nextInt(3); n > 0; n--) {
          b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
        }
        return b;
      }
      case 1:
        return Arrays.copyOf(base, r.nextInt(base.length));
      case 2: {
        Checkpoint c = good(r);
        Map<String, Double> state = new LinkedHashMap<>(c.state());
        String[] keys = {"epoch", "steps", "applied_steps", "batch_index", "lr_backoff",
            "plateau_scale", "rollbacks"};
        double[] values = {-1, -2e6, Double.NaN, Double.POSITIVE_INFINITY, 2.5, 1e12, 0, 3};
        state.put(keys[r.nextInt(keys.length)], values[r.nextInt(values.length)]);
        return CheckpointCodec.encode(new Checkpoint(c.classNames(), c.variables(),
            shapesOf(c), state));
      }
      default: {
        Checkpoint c = good(r);
        Map<String, float[]> vars = c.variables();
        float[] k = vars.get("dense/kernel");
        float[] bad = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1e30f, 0f};
        k[r.nextInt(k.length)] = bad[r.nextInt(bad.length)];
        return CheckpointCodec.encode(new Checkpoint(c.classNames(), vars, shapesOf(c),
            c.state()));
      }
    }
  }

  private static Map<String, int[]> shapesOf(Checkpoint c) {
    Map<String, int[]> s = new LinkedHashMap<>();
    for (String n : c.variableNames()) {
      s.put(n, c.shape(n));
    }
    return s;
  }

  @Test
  public void damagedCheckpointsAreRefusedAndThePreviousOneIsUsed() throws Exception {
    Set<String> before = FuzzReport.leftovers();
    int total = FuzzReport.count("checkpoints", 400);
    NativeFuzz.Stats st = new NativeFuzz.Stats("checkpoints", total, FuzzReport.seed());
    long t0 = System.nanoTime();
    Path file = tmp.getRoot().toPath().resolve("run.ckpt");
    CheckpointStore store = new CheckpointStore(file);
    byte[] base = CheckpointCodec.encode(good(new Random(1)));
    for (int i = 0; i < total; i++) {
      Random r = new Random(ModelMutator.mix(FuzzReport.seed(), i, 3));
      byte[] m = mutant(base, r);
      Checkpoint decoded = null;
      try {
        decoded = CheckpointCodec.decode(m);
      } catch (IllegalArgumentException e) {
        assertTrue(e.getMessage() != null && !e.getMessage().isEmpty());
      } catch (RuntimeException e) {
        st.undocumented++;
        st.failures.add("checkpoint " + i + ": " + e);
      }
      if (decoded != null) {
        st.status.put(i, "accepted");
        st.ran++;
        for (float[] v : decoded.variables().values()) {
          for (float f : v) {
            assertTrue("non-finite weight restored from mutant " + i, !Float.isNaN(f)
                && !Float.isInfinite(f));
          }
        }
        double epoch = decoded.state("epoch", 0);
        assertTrue("epoch " + epoch + " from mutant " + i, epoch >= 0 && epoch == Math.rint(epoch));
      }
      // The store: previous good file, damaged current one -> the previous one, nothing left.
      Files.write(store.previousFile(), base);
      Files.write(file, m);
      CheckpointStore.LoadResult loaded = store.load();
      assertNotNull("mutant " + i + ": " + loaded, loaded.checkpoint());
      assertEquals(decoded == null, loaded.usedPrevious());
    }
    store.delete();
    st.seconds = (System.nanoTime() - t0) / 1e9;
    FuzzReport.add(st.row());
    FuzzReport.assertClean(st, before);
    assertTrue(st.rejected() > total / 2);
  }
}
