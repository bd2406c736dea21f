package org.snaptune.samples;

/**
 * A user-defined class as the sample screens show it: its stable id, current name and how many
 * samples it holds. Immutable and thread-safe; a rename or a new sample yields a new instance from
 * the repository.
 */
public final class SampleClass {

  private final long id;
  private final String name;
  private final int sampleCount;

  public SampleClass(long id, String name, int sampleCount) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("class " + id + " has an empty name");
    }
    if (sampleCount < 0) {
      throw new IllegalArgumentException("class '" + name + "' has a negative sample count");
    }
    this.id = id;
    this.name = name;
    this.sampleCount = sampleCount;
  }

  public long id() { return id; }
  public String name() { return name; }
  public int sampleCount() { return sampleCount; }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof SampleClass)) {
      return false;
    }
    SampleClass c = (SampleClass) o;
    return id == c.id && name.equals(c.name) && sampleCount == c.sampleCount;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(id) * 31 + name.hashCode();
  }

  @Override
  public String toString() {
    return "SampleClass{" + id + ", " + name + ", " + sampleCount + " samples}";
  }
}
