package org.snaptune.settings;

/** Learning-rate schedules. */
public enum Schedule {
  CONSTANT("Keeps the learning rate fixed."),
  COSINE("Lowers the learning rate smoothly to near zero by the last epoch."),
  REDUCE_ON_PLATEAU("Halves the learning rate when validation loss stops improving.");

  private final String explanation;

  Schedule(String explanation) {
    this.explanation = explanation;
  }

  public String explanation() { return explanation; }
}
