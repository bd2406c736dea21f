package org.snaptune.settings;

/**
 * What the settings screen shows: the settings in its editors and the outcome of the last save.
 * The screen switches on {@link #outcome()}, never on message text. Immutable and thread-safe.
 */
public final class SettingsState {

  /** The result of the last Save (or NONE before any, and after Defaults). */
  public enum Outcome {
    NONE,
    SAVED,
    /** Nothing was saved; {@link #problem()} says which value and what is valid. */
    INVALID
  }

  private final TrainingSettings shown;
  private final Outcome outcome;
  private final String problem;

  SettingsState(TrainingSettings shown, Outcome outcome, String problem) {
    if (shown == null || outcome == null || (outcome == Outcome.INVALID) == (problem == null)) {
      throw new IllegalArgumentException("a settings state needs settings, an outcome, and a problem"
          + " exactly when INVALID");
    }
    this.shown = shown;
    this.outcome = outcome;
    this.problem = problem;
  }

  /** The settings the editors show (the saved ones, or the defaults after Defaults). */
  public TrainingSettings shown() {
    return shown;
  }

  public Outcome outcome() {
    return outcome;
  }

  /** Why the values were refused (INVALID only), else null. */
  public String problem() {
    return problem;
  }
}
