package org.snaptune.settings;

/** Where the backbone runs; the trainable head always runs on the CPU (see the TFLite notes). */
public enum Delegate {
  AUTO("GPU when the device supports it, otherwise CPU."),
  GPU("Always try the GPU delegate; falls back to CPU if it cannot be applied."),
  CPU("CPU with XNNPACK and the chosen number of threads.");

  private final String explanation;

  Delegate(String explanation) {
    this.explanation = explanation;
  }

  public String explanation() { return explanation; }
}
