package org.snaptune.session;

/**
 * The pause, resume and stop requests of one training run, kept in one place: the screen calls
 * {@link #pause()}, {@link #resume()} and {@link #stop(boolean)} from any thread, the training
 * thread calls {@link #awaitGo(Runnable)} between steps.
 *
 * <p>Thread-safe: all state is guarded by this object's monitor, on which the training thread
 * waits while paused. Callbacks are never run while the monitor is held, so a caller may take
 * its own locks in them without risking a lock-order deadlock.
 */
public final class RunControl {

  private boolean paused;
  private boolean stopRequested;
  private boolean keepCheckpoint;

  /** Clears every request, for a new run. */
  public synchronized void reset() {
    paused = false;
    stopRequested = false;
    keepCheckpoint = false;
  }

  /** Asks the run to pause before its next step; false (no change) once a stop is requested. */
  public synchronized boolean pause() {
    if (stopRequested) {
      return false;
    }
    paused = true;
    return true;
  }

  /** Lets a paused run continue; false when it was not paused. */
  public synchronized boolean resume() {
    if (!paused) {
      return false;
    }
    paused = false;
    notifyAll();
    return true;
  }

  /**
   * Asks the run to end after its current step. {@code keepCheckpoint} marks a stop by the system
   * (which reruns the work later and continues from the checkpoint) rather than by the user; once
   * set for a run it stays set.
   */
  public synchronized void stop(boolean keepCheckpoint) {
    this.keepCheckpoint |= keepCheckpoint;
    stopRequested = true;
    paused = false;
    notifyAll();
  }

  public synchronized boolean isPaused() { return paused; }

  public synchronized boolean isStopRequested() { return stopRequested; }

  /** True when the run was stopped by the system, whose rerun should continue it. */
  public synchronized boolean keepCheckpoint() { return stopRequested && keepCheckpoint; }

  /**
   * Blocks while the run is paused, calling {@code whilePaused} (outside the monitor) before each
   * wait; returns true when the run may take its next step, false when a stop was requested. An
   * interrupt while waiting counts as a stop (WorkManager interrupts a worker it stops) and keeps
   * the thread's interrupt flag set.
   */
  public boolean awaitGo(Runnable whilePaused) {
    while (true) {
      synchronized (this) {
        if (stopRequested) {
          return false;
        }
        if (!paused) {
          return true;
        }
      }
      whilePaused.run();
      synchronized (this) {
        if (paused && !stopRequested) {
          try {
            wait();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopRequested = true;
            paused = false;
          }
        }
      }
    }
  }
}
