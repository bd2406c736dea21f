package org.snaptune.vision;

import java.util.List;
import java.util.Locale;

/**
 * The result of classifying one frame: which classifier spoke (ImageNet before personalisation,
 * the user's head after), its best labels, and where the time went. Immutable and thread-safe.
 */
public final class Classification {

  /** Which classifier produced the predictions. */
  public enum Source {
    /** The backbone's own ImageNet output: nothing personalised yet. */
    IMAGENET,
    /** The user's trained head over the backbone's embedding. */
    PERSONAL,
    /** Class prototypes of the user's samples (no training run needed). */
    PROTOTYPES
  }

  private final Source source;
  private final List<Prediction> predictions;
  private final double preprocessMillis;
  private final double backboneMillis;
  private final double headMillis;

  public Classification(Source source, List<Prediction> predictions, double preprocessMillis,
      double backboneMillis, double headMillis) {
    if (source == null || predictions == null || predictions.isEmpty()) {
      throw new IllegalArgumentException("a classification needs a source and predictions");
    }
    this.source = source;
    this.predictions = predictions;
    this.preprocessMillis = preprocessMillis;
    this.backboneMillis = backboneMillis;
    this.headMillis = headMillis;
  }

  public Source source() { return source; }
  /** Best first; unmodifiable. */
  public List<Prediction> predictions() { return predictions; }
  public Prediction best() { return predictions.get(0); }
  public double preprocessMillis() { return preprocessMillis; }
  public double backboneMillis() { return backboneMillis; }
  /** Zero for {@link Source#IMAGENET}. */
  public double headMillis() { return headMillis; }
  public double totalMillis() { return preprocessMillis + backboneMillis + headMillis; }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%s %s (%.1f ms)", source, predictions, totalMillis());
  }
}
