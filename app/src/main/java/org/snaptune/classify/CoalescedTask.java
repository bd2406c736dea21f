package org.snaptune.classify;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a task on an executor, at most one queued run at a time: requests made while a run is
 * queued share it (a burst's samples, stored faster than the prototypes are refitted, then cost
 * one refit instead of one each). A request made while the task runs queues one more run, so
 * the last change is never missed. Thread-safe.
 */
final class CoalescedTask {

  private final Executor executor;
  private final Runnable task;
  private final AtomicBoolean queued = new AtomicBoolean();

  CoalescedTask(Executor executor, Runnable task) {
    this.executor = executor;
    this.task = task;
  }

  void request() {
    if (queued.compareAndSet(false, true)) {
      executor.execute(() -> {
        queued.set(false);
        task.run();
      });
    }
  }
}
