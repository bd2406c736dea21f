package org.snaptune.isolation;

/**
 * Loads and runs a model once; what {@link ModelTrialService} does in its isolated process.
 * Implementations throw IllegalArgumentException when the runtime refuses the model (a clean
 * refusal); a native crash simply ends the process, which the client reports.
 */
public interface ModelTrialRunner {

  /** Runs {@code model} once on noise inputs; returns a one-line summary. */
  String run(byte[] model);
}
