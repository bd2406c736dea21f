package org.snaptune.samples;

/**
 * One stored sample as the review grid lists it: ids and time, without the embedding or the
 * thumbnail bytes (fetched on demand). Immutable and thread-safe.
 */
public final class SampleEntry {

  private final long id;
  private final long classId;
  private final long timeMillis;

  public SampleEntry(long id, long classId, long timeMillis) {
    this.id = id;
    this.classId = classId;
    this.timeMillis = timeMillis;
  }

  public long id() { return id; }
  public long classId() { return classId; }
  public long timeMillis() { return timeMillis; }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof SampleEntry)) {
      return false;
    }
    SampleEntry e = (SampleEntry) o;
    return id == e.id && classId == e.classId && timeMillis == e.timeMillis;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(id);
  }

  @Override
  public String toString() {
    return "SampleEntry{" + id + ", class " + classId + "}";
  }
}
