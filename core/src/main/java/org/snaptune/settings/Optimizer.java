package org.snaptune.settings;

/** Optimizers the head model can be compiled with. */
public enum Optimizer {
  SGD("Plain gradient descent: predictable, needs a larger learning rate (about 0.05)."),
  MOMENTUM("SGD that keeps a running direction (momentum 0.9): smoother than SGD."),
  ADAM("Adapts the step per weight: robust default (learning rate about 0.001).");

  private final String explanation;

  Optimizer(String explanation) {
    this.explanation = explanation;
  }

  public String explanation() { return explanation; }
}
