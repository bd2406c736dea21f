package org.snaptune.samples;

import java.util.Collections;
import java.util.List;

/**
 * What the samples screen shows, decided by {@link SamplesViewModel}: the classes, the selected
 * one and its samples (newest first). The screen switches on {@link #kind()}, never on text.
 * Immutable and thread-safe.
 */
public final class SamplesState {

  /** Which of the screen's layouts applies. */
  public enum Kind {
    /** The first read has not finished. */
    LOADING,
    /** No class exists: the screen says how to create one. */
    NO_CLASSES,
    /** The selected class has no samples yet. */
    EMPTY_CLASS,
    /** The selected class's samples fill the grid. */
    SAMPLES
  }

  static final SamplesState LOADING = new SamplesState(Kind.LOADING,
      Collections.<SampleClass>emptyList(), null, Collections.<SampleEntry>emptyList());

  private final Kind kind;
  private final List<SampleClass> classes;
  private final SampleClass selected;
  private final List<SampleEntry> samples;

  private SamplesState(Kind kind, List<SampleClass> classes, SampleClass selected,
      List<SampleEntry> samples) {
    this.kind = kind;
    this.classes = Collections.unmodifiableList(classes);
    this.selected = selected;
    this.samples = Collections.unmodifiableList(samples);
  }

  /** The state for these classes, the chosen one (null when there are none) and its samples. */
  static SamplesState of(List<SampleClass> classes, SampleClass selected, List<SampleEntry> samples) {
    Kind kind = selected == null ? Kind.NO_CLASSES
        : samples.isEmpty() ? Kind.EMPTY_CLASS : Kind.SAMPLES;
    return new SamplesState(kind, classes, selected, samples);
  }

  public Kind kind() {
    return kind;
  }

  public List<SampleClass> classes() {
    return classes;
  }

  /** The selected class, or null when there are no classes (or still loading). */
  public SampleClass selected() {
    return selected;
  }

  public List<SampleEntry> samples() {
    return samples;
  }
}
