package org.snaptune.train;

import java.util.Map;
import org.snaptune.health.GradientHealthMonitor;

/**
 * The last good snapshot of a run's variables (weights and optimizer state) and the rollback to
 * it. A rollback also forgets what described the weights that went bad: the health monitor's
 * window and the clipper's history. One per run of a {@link Trainer}, shared by its step executor
 * and recovery; not thread-safe. Does not own the head.
 */
final class LastGood {

  private final HeadRunner head;
  private final TrainerState state;
  private final GradientHealthMonitor monitor;
  private final GradientClipper clipper;
  private Map<String, float[]> weights;

  /** @param weights the snapshot to start from (taken at the start of the run) */
  LastGood(HeadRunner head, TrainerState state, GradientHealthMonitor monitor,
      GradientClipper clipper, Map<String, float[]> weights) {
    this.head = head;
    this.state = state;
    this.monitor = monitor;
    this.clipper = clipper;
    this.weights = weights;
  }

  /** Remembers {@code snapshot}, taken at the current applied-step count. */
  void update(Map<String, float[]> snapshot) {
    weights = snapshot;
    state.lastGoodApplied = state.applied;
  }

  /** Remembers {@code snapshot} from a checkpoint (its step count comes with the state). */
  void restored(Map<String, float[]> snapshot) {
    weights = snapshot;
  }

  /** Restores the snapshot; returns the applied-step count it was taken at. */
  long rollback() {
    head.setWeights(weights);
    state.rollbacks++;
    state.consecutiveBad = 0;
    monitor.resetWindow();
    // AutoClip's history described the weights that went bad.
    clipper.reset();
    return state.lastGoodApplied;
  }
}
