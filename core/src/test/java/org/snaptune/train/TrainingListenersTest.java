package org.snaptune.train;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.Test;
import org.snaptune.health.Verdict;

public class TrainingListenersTest {

  /** Logs every event with its name. */
  private static TrainingListener logger(String name, List<String> log) {
    return new TrainingListener() {
      @Override public void onVerdictChange(Verdict previous, Verdict current) {
        log.add(name + ":verdict:" + current.kind());
      }

      @Override public void onFinished(TrainingResult result) {
        log.add(name + ":finished");
      }
    };
  }

  @Test
  public void fansEveryEventOutInOrderSkippingNulls() {
    List<String> log = new ArrayList<>();
    TrainingListener all = TrainingListeners.of(logger("a", log), null, logger("b", log));
    all.onVerdictChange(Verdict.healthy(), Verdict.healthy());
    all.onFinished(null);
    assertEquals(Arrays.asList("a:verdict:HEALTHY", "b:verdict:HEALTHY", "a:finished",
        "b:finished"), log);
  }

  @Test
  public void noneOrOneListenerNeedsNoWrapper() {
    assertSame(TrainingListener.NONE, TrainingListeners.of());
    assertSame(TrainingListener.NONE, TrainingListeners.of((TrainingListener[]) null));
    assertSame(TrainingListener.NONE, TrainingListeners.of((TrainingListener) null));
    TrainingListener one = logger("a", new ArrayList<>());
    assertSame(one, TrainingListeners.of(null, one));
  }

  @Test
  public void aThrowingListenerStopsTheEventThere() {
    List<String> log = new ArrayList<>();
    TrainingListener boom = new TrainingListener() {
      @Override public void onFinished(TrainingResult result) {
        throw new IllegalStateException("disk full");
      }
    };
    TrainingListener all = TrainingListeners.of(logger("a", log), boom, logger("b", log));
    try {
      all.onFinished(null);
      fail("the listener's exception was swallowed");
    } catch (IllegalStateException e) {
      assertEquals("disk full", e.getMessage());
    }
    assertEquals(Arrays.asList("a:finished"), log);
  }
}
