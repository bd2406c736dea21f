package org.snaptune.data;

import java.util.List;

/**
 * The trainer's view of the stored samples: SQLite on the phone, memory or CSV on the host.
 *
 * <p>Contract: every sample has the same embedding size {@link #embeddingSize()}; every label is
 * one of {@link #classNames()}; ids are unique. Implementations say whether they are thread-safe;
 * the trainer reads a store once, through {@link Dataset#fromStore}, before training starts.
 */
public interface SampleStore {

  /** The class names, in the order that defines class indices (the head's output order). */
  List<String> classNames();

  /** The embedding size D shared by every sample. */
  int embeddingSize();

  /** A snapshot of all samples; the caller may keep it. */
  List<Sample> samples();
}
