package org.snaptune.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A {@link SampleStore} held in memory, checked on every {@link #add}. Thread-safe (all methods
 * synchronize on the store).
 */
public final class InMemorySampleStore implements SampleStore {

  private final List<String> classNames;
  private final int embeddingSize;
  private final List<Sample> samples = new ArrayList<>();
  private final Set<String> ids = new HashSet<>();

  /**
   * @param classNames the class list, non-empty, unique, in head output order
   * @param embeddingSize D, at least 1
   */
  public InMemorySampleStore(List<String> classNames, int embeddingSize) {
    if (classNames == null || classNames.isEmpty()) {
      throw new IllegalArgumentException("a sample store needs at least one class name");
    }
    if (new LinkedHashSet<>(classNames).size() != classNames.size()) {
      throw new IllegalArgumentException("class names must be unique, got " + classNames);
    }
    if (embeddingSize < 1) {
      throw new IllegalArgumentException("embedding size must be >= 1, got " + embeddingSize);
    }
    this.classNames = Collections.unmodifiableList(new ArrayList<>(classNames));
    this.embeddingSize = embeddingSize;
  }

  /**
   * Adds a sample.
   *
   * @throws IllegalArgumentException if its embedding size differs from the store's, its label is
   *     not a known class, or its id is already present
   */
  public synchronized void add(Sample sample) {
    if (sample.dimension() != embeddingSize) {
      throw new IllegalArgumentException("sample '" + sample.id() + "' has embedding size "
          + sample.dimension() + " but this store holds size " + embeddingSize);
    }
    if (!classNames.contains(sample.label())) {
      throw new IllegalArgumentException("sample '" + sample.id() + "' has unknown label '"
          + sample.label() + "'; valid labels: " + classNames);
    }
    if (!ids.add(sample.id())) {
      throw new IllegalArgumentException("duplicate sample id '" + sample.id() + "'");
    }
    samples.add(sample);
  }

  @Override
  public List<String> classNames() { return classNames; }

  @Override
  public int embeddingSize() { return embeddingSize; }

  @Override
  public synchronized List<Sample> samples() {
    return Collections.unmodifiableList(new ArrayList<>(samples));
  }
}
