package org.snaptune.training;

import org.snaptune.personalise.TrainingStatus;

/**
 * Everything the training screen shows apart from charts and the trust report, as one typed value:
 * the run's {@link TrainingStatus} (its {@link TrainingStatus.State} decides which controls work)
 * and the last export/import {@link Notice}. The screen renders it; it never inspects message text
 * to decide anything. Immutable and thread-safe.
 */
public final class TrainingUiState {

  /** What the notice line reports. */
  public enum NoticeKind {
    NONE, EXPORTING, EXPORTED, EXPORT_FAILED, IMPORTING, IMPORTED, IMPORT_FAILED, ALREADY_RUNNING
  }

  /** The outcome of the screen's last export or import (or a refused start). Immutable. */
  public static final class Notice {
    static final Notice NONE = new Notice(NoticeKind.NONE, "", 0, 0);

    private final NoticeKind kind;
    private final String detail;
    private final long size;
    private final int count;

    private Notice(NoticeKind kind, String detail, long size, int count) {
      this.kind = kind;
      this.detail = detail == null ? "" : detail;
      this.size = size;
      this.count = count;
    }

    static Notice of(NoticeKind kind) {
      return new Notice(kind, "", 0, 0);
    }

    /** A failure with its one-line reason. */
    static Notice failed(NoticeKind kind, String reason) {
      return new Notice(kind, reason, 0, 0);
    }

    static Notice exported(String fileName, long bytes) {
      return new Notice(NoticeKind.EXPORTED, fileName, bytes, 0);
    }

    static Notice imported(int classes, String names) {
      return new Notice(NoticeKind.IMPORTED, names, 0, classes);
    }

    public NoticeKind kind() { return kind; }

    /** The failure reason, the exported file's name or the imported class names. */
    public String detail() { return detail; }

    /** Bytes of the exported bundle. */
    public long size() { return size; }

    /** Classes of the imported bundle. */
    public int count() { return count; }

    public boolean isFailure() {
      return kind == NoticeKind.EXPORT_FAILED || kind == NoticeKind.IMPORT_FAILED;
    }
  }

  private final TrainingStatus status;
  private final Notice notice;

  TrainingUiState(TrainingStatus status, Notice notice) {
    this.status = status == null ? TrainingStatus.idle() : status;
    this.notice = notice == null ? Notice.NONE : notice;
  }

  public TrainingStatus status() { return status; }

  public Notice notice() { return notice; }

  /** A new run can start: none is active. */
  public boolean canStart() {
    return !status.isActive();
  }

  /** The pause button works: running (it pauses) or paused (it resumes). */
  public boolean canPause() {
    return status.state() == TrainingStatus.State.RUNNING
        || status.state() == TrainingStatus.State.PAUSED;
  }

  /** The pause button resumes instead. */
  public boolean pauseResumes() {
    return status.state() == TrainingStatus.State.PAUSED;
  }

  public boolean canStop() {
    return status.isActive() && status.state() != TrainingStatus.State.STOPPING;
  }

  /** The status line reports a failure. */
  public boolean statusIsError() {
    return status.state() == TrainingStatus.State.FAILED;
  }

  @Override
  public String toString() {
    return status + " / " + notice.kind() + (notice.detail().isEmpty() ? "" : ": "
        + notice.detail());
  }
}
