package org.snaptune.personalise;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.snaptune.prototype.TrustReport;

/**
 * A trust report with the stored thumbnails of its first misclassified samples (entry i belongs to
 * {@code report.mistakes().get(i)}; null where no thumbnail could be read). Immutable.
 */
public final class TrustState {

  /** Thumbnails shown at most: the most confidently wrong first. */
  public static final int MAX_THUMBNAILS = 5;

  public final TrustReport report;
  public final List<byte[]> thumbnails;

  TrustState(TrustReport report, List<byte[]> thumbnails) {
    this.report = report;
    this.thumbnails = Collections.unmodifiableList(new ArrayList<>(thumbnails));
  }

  /** Reads the thumbnails of {@code report}'s first mistakes from {@code env} (worker thread). */
  static TrustState of(TrustReport report, TrainingController.Environment env) {
    List<byte[]> thumbs = new ArrayList<>();
    for (TrustReport.Mistake m : report.mistakes()) {
      if (thumbs.size() == MAX_THUMBNAILS) {
        break;
      }
      byte[] t = null;
      try {
        t = m.row() < 0 ? null : env.thumbnail(m.row());
      } catch (RuntimeException unreadable) {
        // A missing picture must not hide the report.
        t = null;
      }
      thumbs.add(t);
    }
    return new TrustState(report, thumbs);
  }
}
