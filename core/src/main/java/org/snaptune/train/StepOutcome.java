package org.snaptune.train;

import org.snaptune.health.StepReport;

/**
 * What one step of a {@link StepExecutor} came to: the report to publish and whether recovery
 * gave up, which ends the run. Immutable.
 */
final class StepOutcome {

  /** How a step leaves the run. */
  enum End {
    /** The run goes on. */
    NONE,
    /** Finite recovery gave up: the run ends FAILED. */
    FAILED,
    /** Non-finite steps kept coming: the run ends DIVERGED. */
    DIVERGED
  }

  private final StepReport report;
  private final End end;
  private final String reason;

  private StepOutcome(StepReport report, End end, String reason) {
    this.report = report;
    this.end = end;
    this.reason = reason;
  }

  static StepOutcome goOn(StepReport report) {
    return new StepOutcome(report, End.NONE, "");
  }

  static StepOutcome end(StepReport report, End end, String reason) {
    return new StepOutcome(report, end, reason);
  }

  StepReport report() { return report; }

  End end() { return end; }

  /** Why the run ends, in words; empty when it goes on. */
  String reason() { return reason; }
}
