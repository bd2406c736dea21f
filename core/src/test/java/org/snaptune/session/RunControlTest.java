package org.snaptune.session;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.Test;

public class RunControlTest {

  @Test
  public void pausedRunWaitsUntilResumed() throws Exception {
    RunControl control = new RunControl();
    assertTrue(control.pause());
    CountDownLatch waiting = new CountDownLatch(1);
    AtomicBoolean go = new AtomicBoolean();
    Thread worker = new Thread(() -> go.set(control.awaitGo(waiting::countDown)));
    worker.start();
    assertTrue(waiting.await(5, TimeUnit.SECONDS));
    assertTrue(worker.isAlive());
    assertTrue(control.resume());
    worker.join(5000);
    assertFalse(worker.isAlive());
    assertTrue(go.get());
  }

  @Test
  public void stopEndsAPausedWaitAndOnlyTheSystemKeepsTheCheckpoint() throws Exception {
    RunControl control = new RunControl();
    control.pause();
    CountDownLatch waiting = new CountDownLatch(1);
    AtomicBoolean go = new AtomicBoolean(true);
    Thread worker = new Thread(() -> go.set(control.awaitGo(waiting::countDown)));
    worker.start();
    assertTrue(waiting.await(5, TimeUnit.SECONDS));
    control.stop(false);
    worker.join(5000);
    assertFalse(go.get());
    assertFalse(control.keepCheckpoint());
    assertFalse(control.pause());
    control.stop(true);
    assertTrue(control.keepCheckpoint());
    control.reset();
    assertFalse(control.isStopRequested());
    assertFalse(control.keepCheckpoint());
    assertTrue(control.awaitGo(() -> { }));
  }

  @Test
  public void interruptWhilePausedCountsAsStop() throws Exception {
    RunControl control = new RunControl();
    control.pause();
    CountDownLatch waiting = new CountDownLatch(1);
    AtomicBoolean go = new AtomicBoolean(true);
    AtomicBoolean interrupted = new AtomicBoolean();
    Thread worker = new Thread(() -> {
      go.set(control.awaitGo(waiting::countDown));
      interrupted.set(Thread.currentThread().isInterrupted());
    });
    worker.start();
    assertTrue(waiting.await(5, TimeUnit.SECONDS));
    worker.interrupt();
    worker.join(5000);
    assertFalse(go.get());
    assertTrue(interrupted.get());
    assertTrue(control.isStopRequested());
    assertEquals(false, control.resume());
  }
}
