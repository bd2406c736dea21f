package org.snaptune.settings;

/**
 * The optimizer a user picks in the settings, with a line explaining it. Not the optimizer itself:
 * {@link SettingsMapping#optimizer} turns a choice into the {@link org.snaptune.model.Optimizer}
 * spec the head model is compiled with (hence the distinct name).
 */
public enum OptimizerChoice {
  SGD("Plain gradient descent: predictable, needs a larger learning rate (about 0.05)."),
  MOMENTUM("SGD that keeps a running direction (momentum 0.9): smoother than SGD."),
  ADAM("Adapts the step per weight: robust default (learning rate about 0.001).");

  private final String explanation;

  OptimizerChoice(String explanation) {
    this.explanation = explanation;
  }

  public String explanation() { return explanation; }
}
