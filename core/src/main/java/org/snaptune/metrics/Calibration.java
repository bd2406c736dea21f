package org.snaptune.metrics;

/**
 * Expected calibration error (Guo et al. 2017): the top-class confidences of N predictions are
 * binned into equal-width bins; ECE = Σ_b (n_b / N) · |accuracy_b − mean confidence_b|. 0 means
 * "70 % sure" is right 70 % of the time; 0.2 means confidences are 20 points off on average.
 * Stateless and thread-safe.
 */
public final class Calibration {

  /** The usual 10 bins of width 0.1. */
  public static final int DEFAULT_BINS = 10;

  private Calibration() {}

  /** ECE of {@code e}'s probabilities over {@link #DEFAULT_BINS} bins. */
  public static double expectedCalibrationError(Evaluation e) {
    return expectedCalibrationError(e, DEFAULT_BINS);
  }

  /**
   * ECE of {@code e}'s probabilities over {@code bins} equal-width confidence bins.
   *
   * @throws IllegalArgumentException if bins &lt; 1
   */
  public static double expectedCalibrationError(Evaluation e, int bins) {
    if (bins < 1) {
      throw new IllegalArgumentException("bins must be >= 1, got " + bins);
    }
    int[] count = new int[bins];
    int[] correct = new int[bins];
    double[] confidence = new double[bins];
    for (int i = 0; i < e.size(); i++) {
      int predicted = e.predicted(i);
      double p = e.probability(i, predicted);
      if (Double.isNaN(p)) {
        p = 0;
      }
      int b = Math.min(bins - 1, Math.max(0, (int) (p * bins)));
      count[b]++;
      confidence[b] += p;
      correct[b] += predicted == e.label(i) ? 1 : 0;
    }
    double ece = 0;
    for (int b = 0; b < bins; b++) {
      if (count[b] > 0) {
        ece += Math.abs((double) correct[b] / count[b] - confidence[b] / count[b])
            * count[b] / e.size();
      }
    }
    return ece;
  }
}
