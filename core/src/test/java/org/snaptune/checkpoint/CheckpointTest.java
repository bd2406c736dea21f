package org.snaptune.checkpoint;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class CheckpointTest {

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  static Checkpoint sample(float base) {
    Map<String, float[]> vars = new LinkedHashMap<>();
    Map<String, int[]> shapes = new LinkedHashMap<>();
    vars.put("kernel_0", new float[] {base, -base, Float.MIN_VALUE, 3e38f, 0f, -0f});
    shapes.put("kernel_0", new int[] {3, 2});
    vars.put("bias_0", new float[] {0.5f, base});
    shapes.put("bias_0", new int[] {2});
    vars.put("step", new float[] {7});
    shapes.put("step", new int[0]);
    Map<String, Double> state = new LinkedHashMap<>();
    state.put("epoch", 3.0);
    state.put("best_validation_loss", 0.25);
    return new Checkpoint(Arrays.asList("cat", "dög"), vars, shapes, state);
  }

  @Test
  public void roundTripsExactly() {
    Checkpoint c = sample(1.25f);
    Checkpoint back = CheckpointCodec.decode(CheckpointCodec.encode(c));
    assertEquals(c.classNames(), back.classNames());
    assertEquals(c.variableNames(), back.variableNames());
    for (String v : c.variableNames()) {
      assertArrayEquals(c.variable(v), back.variable(v), 0f);
      assertArrayEquals(c.shape(v), back.shape(v));
    }
    assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(back.variable("kernel_0")[5]));
    assertEquals(c.state(), back.state());
  }

  /** The bytes this build's version 1 wrote: version 2's layout without the series section. */
  static byte[] versionOne(Checkpoint withoutSeries) {
    byte[] v2 = CheckpointCodec.encode(withoutSeries);
    // Drop the trailing seriesCount (0) and the CRC, then patch version, length and CRC.
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(v2.length - 4);
    b.put(v2, 0, v2.length - 8);
    b.putInt(8, 1);
    b.putLong(12, v2.length - 8 - 20);
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(b.array(), 0, v2.length - 8);
    b.putInt(v2.length - 8, (int) crc.getValue());
    return b.array();
  }

  @Test
  public void versionOneFilesStillLoadWithoutSeriesAndVersionTwoKeepsThem() {
    Checkpoint c = sample(1.5f);
    Checkpoint old = CheckpointCodec.decode(versionOne(c));
    assertEquals(c.state(), old.state());
    assertArrayEquals(c.variable("kernel_0"), old.variable("kernel_0"), 0f);
    assertTrue("a version-1 file has no series", old.series().isEmpty());
    Map<String, double[]> series = new LinkedHashMap<>();
    series.put("health.norms", new double[] {1, Double.NaN, Double.POSITIVE_INFINITY, -0.0});
    series.put("empty", new double[0]);
    Checkpoint with = new Checkpoint(c.classNames(), c.variables(), shapes(c), c.state(), series);
    Checkpoint back = CheckpointCodec.decode(CheckpointCodec.encode(with));
    assertEquals(series.keySet(), back.series().keySet());
    assertArrayEquals(series.get("health.norms"), back.series().get("health.norms"), 0);
    Map<String, Double> state = new LinkedHashMap<>(c.state());
    state.put("fingerprint", 7.0);
    assertArrayEquals("withState keeps the series", series.get("health.norms"),
        back.withState(state).series().get("health.norms"), 0);
    byte[] future = CheckpointCodec.encode(with);
    future[11] = 3;
    try {
      CheckpointCodec.decode(future);
      fail("accepted version 3");
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("version 3; this build reads versions 1"
          + " to 2"));
    }
  }

  private static Map<String, int[]> shapes(Checkpoint c) {
    Map<String, int[]> out = new LinkedHashMap<>();
    for (String v : c.variableNames()) {
      out.put(v, c.shape(v));
    }
    return out;
  }

  @Test
  public void everyTruncationAndEveryFlippedByteIsRejected() {
    byte[] bytes = CheckpointCodec.encode(sample(2f));
    for (int cut = 0; cut < bytes.length; cut++) {
      try {
        CheckpointCodec.decode(Arrays.copyOf(bytes, cut));
        fail("accepted a file cut at " + cut);
      } catch (IllegalArgumentException e) {
        assertTrue(e.getMessage(), e.getMessage().contains("truncated"));
      }
    }
    for (int i = 0; i < bytes.length; i++) {
      byte[] bad = bytes.clone();
      bad[i] ^= 0x40;
      try {
        CheckpointCodec.decode(bad);
        fail("accepted a flipped byte at " + i);
      } catch (IllegalArgumentException e) {
        assertNotNull(e.getMessage());
      }
    }
  }

  @Test
  public void storeKeepsPreviousAndFallsBackOnEveryCutOfTheCurrentFile() throws Exception {
    Path file = tmp.getRoot().toPath().resolve("sub/head.ckpt");
    CheckpointStore store = new CheckpointStore(file);
    assertNull(store.load().checkpoint());
    store.save(sample(1f));
    store.save(sample(2f));
    CheckpointStore.LoadResult ok = store.load();
    assertEquals(2f, ok.checkpoint().variable("bias_0")[1], 0);
    assertTrue(ok.problems().isEmpty());
    assertFalse(ok.usedPrevious());
    assertFalse(Files.exists(file.resolveSibling("head.ckpt.tmp")));
    byte[] good = Files.readAllBytes(file);
    for (int cut = 0; cut < good.length; cut += 1) {
      Files.write(file, Arrays.copyOf(good, cut));
      CheckpointStore.LoadResult r = store.load();
      assertTrue(r.usedPrevious());
      assertEquals(1f, r.checkpoint().variable("bias_0")[1], 0);
      assertEquals(1, r.problems().size());
      assertTrue(r.problems().get(0), r.problems().get(0).startsWith("head.ckpt: truncated"));
    }
    // A corrupt current file is replaced on the next save but never pushed over the good .prev.
    store.save(sample(3f));
    assertEquals(3f, store.load().checkpoint().variable("bias_0")[1], 0);
    Files.delete(file);
    assertEquals(1f, store.load().checkpoint().variable("bias_0")[1], 0);
  }

  @Test
  public void deleteRemovesTheCheckpointThePreviousAndAStrayTemporary() throws Exception {
    Path file = tmp.getRoot().toPath().resolve("run.ckpt");
    CheckpointStore store = new CheckpointStore(file);
    store.save(sample(1f));
    store.save(sample(2f));
    Path stray = file.resolveSibling("run.ckpt.tmp");
    Files.write(stray, new byte[] {1});
    assertTrue(Files.exists(store.previousFile()));
    store.delete();
    assertFalse(Files.exists(file));
    assertFalse(Files.exists(store.previousFile()));
    assertFalse(Files.exists(stray));
    assertNull(store.load().checkpoint());
    store.delete();
  }

  @Test
  public void bothFilesBadReportsBothReasons() throws Exception {
    Path file = tmp.getRoot().toPath().resolve("x.ckpt");
    Files.write(file, new byte[] {1, 2, 3});
    Files.write(file.resolveSibling("x.ckpt.prev"), "SNAPCKPTgarbage-garbage-garbage".getBytes("UTF-8"));
    CheckpointStore.LoadResult r = new CheckpointStore(file).load();
    assertNull(r.checkpoint());
    List<String> p = r.problems();
    assertEquals(2, p.size());
    assertTrue(p.get(0), p.get(0).contains("truncated"));
    assertTrue(p.get(1), p.get(1).contains("x.ckpt.prev"));
  }

  @Test
  public void incompatibleHeadShapeIsNamed() {
    Checkpoint c = sample(1f);
    Map<String, int[]> shapes = new LinkedHashMap<>();
    shapes.put("kernel_0", new int[] {4, 2});
    shapes.put("bias_0", new int[] {2});
    shapes.put("step", new int[0]);
    try {
      c.requireCompatible(shapes, Arrays.asList("cat", "dög"));
      fail();
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("'kernel_0' has shape [3, 2]"));
    }
    shapes.remove("step");
    try {
      c.requireCompatible(shapes, Arrays.asList("cat", "dög"));
      fail();
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("holds variables"));
    }
    try {
      c.requireCompatible(shapes, Arrays.asList("cat", "dog"));
      fail();
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("classes"));
    }
  }
}
