package org.snaptune.personalise;

/**
 * Where the one training run of the process stands, for the screen and the notification.
 * Immutable and thread-safe.
 */
public final class TrainingStatus {

  /** Life cycle of a run; IDLE, FINISHED and FAILED accept a new start. */
  public enum State { IDLE, PREPARING, RUNNING, PAUSED, STOPPING, FINISHED, FAILED }

  private final State state;
  private final String message;
  private final int epoch;
  private final int totalEpochs;
  private final long step;
  private final long totalSteps;

  TrainingStatus(State state, String message, int epoch, int totalEpochs, long step,
      long totalSteps) {
    this.state = state;
    this.message = message == null ? "" : message;
    this.epoch = epoch;
    this.totalEpochs = totalEpochs;
    this.step = step;
    this.totalSteps = totalSteps;
  }

  public static TrainingStatus idle() {
    return new TrainingStatus(State.IDLE, "", 0, 0, 0, 0);
  }

  public State state() { return state; }

  /** One line for the user: what is happening, the outcome, or what went wrong. */
  public String message() { return message; }

  /** Epochs completed so far. */
  public int epoch() { return epoch; }
  public int totalEpochs() { return totalEpochs; }
  public long step() { return step; }
  /** Planned steps (epochs × batches per epoch); 0 before the run is prepared. */
  public long totalSteps() { return totalSteps; }

  /** Whether a run is in progress (its worker is alive). */
  public boolean isActive() {
    return state == State.PREPARING || state == State.RUNNING || state == State.PAUSED
        || state == State.STOPPING;
  }

  public TrainingStatus with(State newState, String newMessage) {
    return new TrainingStatus(newState, newMessage, epoch, totalEpochs, step, totalSteps);
  }

  public TrainingStatus progress(int newEpoch, int epochs, long newStep, long steps) {
    return new TrainingStatus(state, message, newEpoch, epochs, newStep, steps);
  }

  @Override
  public String toString() {
    return state + " epoch " + epoch + "/" + totalEpochs + " step " + step + "/" + totalSteps
        + (message.isEmpty() ? "" : ": " + message);
  }
}
