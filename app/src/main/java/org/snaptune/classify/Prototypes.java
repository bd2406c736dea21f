package org.snaptune.classify;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.snaptune.data.Dataset;
import org.snaptune.data.Sample;
import org.snaptune.prototype.PrototypeClassifier;
import org.snaptune.samples.SampleClass;
import org.snaptune.samples.SampleRepository;

/**
 * The class prototypes fitted to what the repository holds right now: every class with at least
 * one sample takes part (two are needed); a class without samples waits for its first. A pass over
 * the stored embeddings, no training, so it runs after every change. Immutable.
 */
final class Prototypes {

  /** The classifier, or null while fewer than two classes have samples (or fitting failed). */
  final PrototypeClassifier classifier;
  /** The names of the classes that have samples, in creation order. */
  final List<String> classesWithSamples;
  /** Samples the classifier was fitted on. */
  final int samples;
  /** Why fitting failed (samples of another backbone, a class emptied meanwhile), or null. */
  final String problem;

  private Prototypes(PrototypeClassifier classifier, List<String> classesWithSamples, int samples,
      String problem) {
    this.classifier = classifier;
    this.classesWithSamples = Collections.unmodifiableList(classesWithSamples);
    this.samples = samples;
    this.problem = problem;
  }

  /** Fits over {@code classes} (as just read from {@code repo}). Blocks on the repository. */
  static Prototypes fit(SampleRepository repo, List<SampleClass> classes) {
    List<String> withSamples = new ArrayList<>();
    for (SampleClass c : classes) {
      if (c.sampleCount() > 0) {
        withSamples.add(c.name());
      }
    }
    if (withSamples.size() < 2) {
      return new Prototypes(null, withSamples, 0, null);
    }
    try {
      Set<String> keep = new HashSet<>(withSamples);
      List<Sample> samples = new ArrayList<>();
      for (Sample s : repo.samples()) {
        if (keep.contains(s.label())) {
          samples.add(s);
        }
      }
      PrototypeClassifier fitted = PrototypeClassifier.fit(Dataset.fromSamples(withSamples,
          repo.embeddingSize(), samples));
      return new Prototypes(fitted, withSamples, samples.size(), null);
    } catch (IllegalArgumentException e) {
      return new Prototypes(null, withSamples, 0, e.getMessage());
    }
  }
}
