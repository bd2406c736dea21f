package org.snaptune.health;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.Test;
import org.snaptune.checkpoint.Checkpoint;
import org.snaptune.checkpoint.CheckpointCodec;

/**
 * A resumed run is judged as the uninterrupted one: the monitor's memory goes through a real
 * checkpoint file's bytes and the verdicts after the resume match step for step.
 */
public class HealthMemoryTest {

  private static final int STEPS = 200;
  private static final int RESUME_AFTER = 30;

  private static GradientHealthMonitor monitor() {
    return new GradientHealthMonitor(HealthThresholds.defaults(), 10).setClipping(true, false);
  }

  /**
   * Validation rising while training falls (OVERFITTING from epoch 4), a norm growing ×1.05 per step from
   * the start (10× the early level at step 49) with 30 % of steps clipped.
   */
  private static String step(GradientHealthMonitor m, int i, Random r) {
    if (i <= 8) {
      m.onEpoch(i <= 2 ? 1.0 / i : 0.6, 1.0 / i);
    }
    double norm = Math.pow(1.05, i - 1) * (1 + 0.05 * r.nextGaussian());
    double clip = r.nextDouble() < 0.3 ? 1 : 0;
    Verdict v = m.onStep(2.0 - 0.001 * i, norm, 0, clip, Double.NaN, null);
    return i + " " + v.kind() + " " + v.reason();
  }

  private static List<String> uninterrupted() {
    GradientHealthMonitor m = monitor();
    Random r = new Random(4);
    List<String> out = new ArrayList<>();
    for (int i = 1; i <= STEPS; i++) {
      out.add(step(m, i, r));
    }
    return out;
  }

  /** The first run to {@link #RESUME_AFTER}, then a new monitor; {@code restore}: from bytes. */
  private static List<String> resumed(boolean restore) {
    GradientHealthMonitor first = monitor();
    Random r = new Random(4);
    List<String> out = new ArrayList<>();
    for (int i = 1; i <= RESUME_AFTER; i++) {
      out.add(step(first, i, r));
    }
    Map<String, float[]> vars = Collections.singletonMap("kernel_0", new float[] {1f});
    Map<String, int[]> shapes = Collections.singletonMap("kernel_0", new int[] {1});
    byte[] file = CheckpointCodec.encode(new Checkpoint(Arrays.asList("a", "b"), vars, shapes,
        new HashMap<String, Double>(), first.memory()));
    GradientHealthMonitor second = monitor();
    if (restore) {
      assertTrue(second.restoreMemory(CheckpointCodec.decode(file).series()));
    }
    for (int i = RESUME_AFTER + 1; i <= STEPS; i++) {
      out.add(step(second, i, r));
    }
    return out;
  }

  @Test
  public void verdictsAfterAResumeMatchTheUninterruptedRunStepForStep() {
    List<String> reference = uninterrupted();
    assertTrue("the trace is overfitting at the resume", reference.get(RESUME_AFTER - 1)
        .contains("OVERFITTING"));
    assertTrue("and explodes after it", reference.stream().anyMatch(s -> s.contains("EXPLODING")));
    assertEquals(reference, resumed(true));
    // Without the memory the resumed monitor learns its early level at step 31 (4× higher) and
    // forgets the overfitting: the test above could fail.
    assertNotEquals(reference, resumed(false));
  }

  @Test
  public void noHealthSeriesOrAnUnusableOneRestoresNothing() {
    GradientHealthMonitor m = monitor();
    assertFalse(m.restoreMemory(new HashMap<String, double[]>()));
    GradientHealthMonitor learnt = monitor();
    for (int i = 1; i <= 10; i++) {
      learnt.onStep(2.0, 1.0, 0);
    }
    Map<String, double[]> good = learnt.memory();
    for (String key : good.keySet()) {
      Map<String, double[]> bad = new LinkedHashMap<>(good);
      double[] v = bad.get(key).length == 0 ? new double[] {Double.NaN} : bad.get(key).clone();
      // A negative run counter in the scalars; a NaN norm, loss, clip or version elsewhere.
      v[key.endsWith("scalars") ? 3 : 0] = key.endsWith("scalars") ? -1 : Double.NaN;
      bad.put(key, v);
      assertFalse(key, m.restoreMemory(bad));
      assertTrue("nothing learnt from a refused memory", Double.isNaN(m.baselineNorm()));
    }
    assertTrue(m.restoreMemory(good));
    assertEquals(1.0, m.baselineNorm(), 0);
    assertEquals(2.0, m.baselineLoss(), 0);
  }
}
