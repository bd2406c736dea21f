package org.snaptune.bench;

import java.util.Locale;
import java.util.Random;
import org.snaptune.health.GradientHealthMonitor;
import org.snaptune.health.HealthThresholds;
import org.snaptune.health.Verdict;

/**
 * The health benchmark's synthetic traces: seeded sequences of (loss, norm, clip) fed to a
 * {@link GradientHealthMonitor} with default thresholds and C = 10, one Markdown row each.
 * Stateless.
 */
final class HealthTraces {

  private static final double LN10 = Math.log(10);

  private HealthTraces() {}

  private interface Trace {
    /** Step i (from 1) → {loss, norm, clipFraction}. */
    double[] at(int i);
  }

  /** Appends the table. */
  static void table(StringBuilder md) {
    md.append("#### a. Synthetic traces (monitor alone, default thresholds, C = 10)\n\n");
    md.append("| trace | steps | expected | first step flagged | target | non-HEALTHY steps |"
        + " result |\n|---|---:|---|---:|---|---:|---|\n");
    for (double rate : new double[] {1.01, 1.02, 1.05, 1.08}) {
      Random r = new Random(7);
      int pass = (int) Math.ceil(Math.log(10) / Math.log(rate)) + 1;
      row(md, String.format(Locale.ROOT, "norm x%.2f per step", rate), 3000,
          Verdict.Kind.EXPLODING, i -> new double[] {2.0 - 0.0001 * i,
              Math.pow(rate, i - 1) * (1 + 0.1 * r.nextGaussian()), 0},
          pass, rate >= 1.05 ? 10 : 20, String.format(Locale.ROOT, "≤ %d steps after passing"
              + " 10x (step %d)", rate >= 1.05 ? 10 : 20, pass));
    }
    for (int spikeAt : new int[] {3, 100, 1000}) {
      Random r = new Random(spikeAt);
      row(md, "x1000 norm spike at step " + spikeAt, 1500, Verdict.Kind.EXPLODING, i -> {
        double n = (0.2 + Math.exp(-i / 100.0)) * (1 + 0.2 * r.nextGaussian());
        return new double[] {0.3 + Math.exp(-i / 100.0), i == spikeAt ? 1000 * n : n, 0};
      }, spikeAt, 0, "on step " + spikeAt);
    }
    row(md, "norm decaying to 1e-6, loss at chance", 300, Verdict.Kind.VANISHING,
        i -> new double[] {LN10 * 0.9, Math.pow(10, -6.0 * (i - 1) / 299), 0}, 151, 21,
        "≤ 21 steps after norm < 1e-3 x early (step 151)");
    row(md, "converged: loss → 1e-8, norm → 1e-9", 2000, null,
        i -> new double[] {2 * Math.exp(-i / 50.0) + 1e-8, Math.exp(-i / 50.0) + 1e-9, 0}, 0, 0,
        "never flagged");
    Random noisy = new Random(3);
    row(md, "loss → 0.005, heavy-tailed batch noise", 1500, null, i -> {
      double level = Math.exp(-i / 150.0);
      return new double[] {0.005 * Math.exp(1.2 * noisy.nextGaussian())
          + 2.3 * level * (1 + 0.1 * noisy.nextGaussian()),
          0.02 * Math.exp(0.8 * noisy.nextGaussian()) + 2 * level * (1 + 0.1
              * noisy.nextGaussian()), 0};
    }, 0, 0, "≤ 1 alarm");
    Random clip = new Random(5);
    row(md, "79 % of steps clipped", 500, Verdict.Kind.SATURATED_CLIPPING,
        i -> new double[] {1.0, 2.0, clip.nextDouble() < 0.79 ? 1 : 0}, 1, 20,
        "SATURATED_CLIPPING early, kept");
    md.append("\n");
  }

  /**
   * @param expected the kind that should appear, or null for a healthy trace
   * @param from the step it may appear at first (the event)
   * @param within how many steps after {@code from} it must appear
   */
  private static void row(StringBuilder md, String name, int steps, Verdict.Kind expected,
      Trace trace, int from, int within, String target) {
    GradientHealthMonitor m = new GradientHealthMonitor(HealthThresholds.defaults(), 10)
        .setClipping(true, false);
    int first = -1;
    int flagged = 0;
    for (int i = 1; i <= steps; i++) {
      double[] s = trace.at(i);
      Verdict v = m.onStep(s[0], s[1], 0, s[2], Double.NaN, null);
      if (v.kind() != Verdict.Kind.HEALTHY) {
        flagged++;
      }
      if (first < 0 && expected != null && v.kind() == expected) {
        first = i;
      }
    }
    boolean met = expected == null ? flagged <= Math.max(1, steps / 1000)
        : first >= from - 2 && first <= from + within;
    md.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %d | %s |%n", name, steps,
        expected == null ? "HEALTHY" : expected.name(), first < 0 ? "–" : Integer.toString(first),
        target, flagged, met ? "met" : "**missed**"));
  }
}
