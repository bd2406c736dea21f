package org.snaptune.data;

import java.util.Arrays;

/**
 * One labelled embedding: what the sample store keeps for each photo. Immutable and thread-safe;
 * the embedding is copied on the way in and on the way out.
 */
public final class Sample {

  private final String id;
  private final String label;
  private final float[] embedding;
  private final long timeMillis;

  /**
   * @param id a unique identifier (for example the database row or file name), non-empty
   * @param label the class name, non-empty
   * @param embedding the backbone embedding, at least one element, all finite
   * @param timeMillis when the sample was taken (ms since the epoch)
   * @throws IllegalArgumentException naming the invalid field
   */
  public Sample(String id, String label, float[] embedding, long timeMillis) {
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException("sample id must be non-empty");
    }
    if (label == null || label.isEmpty()) {
      throw new IllegalArgumentException("sample '" + id + "' has an empty label");
    }
    if (embedding == null || embedding.length == 0) {
      throw new IllegalArgumentException("sample '" + id + "' has an empty embedding");
    }
    for (int i = 0; i < embedding.length; i++) {
      if (Float.isNaN(embedding[i]) || Float.isInfinite(embedding[i])) {
        throw new IllegalArgumentException("sample '" + id + "' has a non-finite embedding value "
            + embedding[i] + " at index " + i);
      }
    }
    this.id = id;
    this.label = label;
    this.embedding = embedding.clone();
    this.timeMillis = timeMillis;
  }

  public String id() { return id; }
  public String label() { return label; }
  public long timeMillis() { return timeMillis; }
  public int dimension() { return embedding.length; }

  /** A copy of the embedding. */
  public float[] embedding() { return embedding.clone(); }

  /** Copies the embedding into {@code dst} at {@code offset} without allocating. */
  public void copyEmbeddingTo(float[] dst, int offset) {
    System.arraycopy(embedding, 0, dst, offset, embedding.length);
  }

  @Override
  public String toString() {
    return "Sample{" + id + ", " + label + ", D=" + embedding.length + "}";
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Sample)) {
      return false;
    }
    Sample s = (Sample) o;
    return id.equals(s.id) && label.equals(s.label) && timeMillis == s.timeMillis
        && Arrays.equals(embedding, s.embedding);
  }

  @Override
  public int hashCode() {
    return id.hashCode() * 31 + label.hashCode();
  }
}
