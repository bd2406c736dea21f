package org.snaptune.classify;

import java.util.Collections;
import java.util.List;
import org.snaptune.models.DownloadTracker;
import org.snaptune.samples.SampleClass;
import org.snaptune.settings.Delegate;
import org.snaptune.vision.Classification;

/**
 * Everything the camera screen shows, as one immutable snapshot the ViewModel publishes. The
 * camera permission is not here: it belongs to the activity. Thread-safe (immutable).
 */
public final class ClassifyState {

  /** Where the backbone stands. */
  public enum Model {
    /** Reading and adapting the backbone, opening the interpreter. */
    LOADING,
    /** No backbone embedded or stored: offer download or import. */
    MISSING,
    /** Downloading; see {@link #progress()}. */
    DOWNLOADING,
    /** Loading, download or import failed; see {@link #message()}. Import still works. */
    FAILED,
    /** Classifying frames. */
    READY
  }

  final Model model;
  final float progress;
  final String message;
  final Delegate delegate;
  final String engine;
  final String fallback;
  final Classification result;
  final double latencyMillis;
  final List<SampleClass> classes;
  final int samplesAdded;
  final int prototypeSamples;
  final boolean headSetAside;

  ClassifyState(Model model, float progress, String message, Delegate delegate, String engine,
      String fallback, Classification result, double latencyMillis, List<SampleClass> classes,
      int samplesAdded) {
    this(model, progress, message, delegate, engine, fallback, result, latencyMillis, classes,
        samplesAdded, 0, false);
  }

  ClassifyState(Model model, float progress, String message, Delegate delegate, String engine,
      String fallback, Classification result, double latencyMillis, List<SampleClass> classes,
      int samplesAdded, int prototypeSamples, boolean headSetAside) {
    this.model = model;
    this.progress = progress;
    this.message = message;
    this.delegate = delegate;
    this.engine = engine;
    this.fallback = fallback;
    this.result = result;
    this.latencyMillis = latencyMillis;
    this.classes = Collections.unmodifiableList(classes);
    this.samplesAdded = samplesAdded;
    this.prototypeSamples = prototypeSamples;
    this.headSetAside = headSetAside;
  }

  static ClassifyState initial(Delegate delegate) {
    return new ClassifyState(Model.LOADING, -1, null, delegate, null, null, null, 0,
        Collections.<SampleClass>emptyList(), 0);
  }

  public Model model() { return model; }
  /** Download progress in [0, 1], or -1 when unknown. */
  public float progress() { return progress; }
  /** What went wrong (FAILED), or null. */
  public String message() { return message; }
  /** The engine the user asked for. */
  public Delegate delegate() { return delegate; }
  /** The engine that runs, e.g. "GPU delegate"; null until READY. */
  public String engine() { return engine; }
  /** Why the engine asked for is not the one running, or null. */
  public String fallback() { return fallback; }
  /** The latest frame's classification, or null before the first frame. */
  public Classification result() { return result; }
  /** Smoothed per-frame latency (preprocess + backbone + head), ms. */
  public double latencyMillis() { return latencyMillis; }
  public List<SampleClass> classes() { return classes; }
  /** Samples stored since the screen opened; changes when a tap or burst stored one. */
  public int samplesAdded() { return samplesAdded; }
  /** Samples the class prototypes were fitted on; 0 while fewer than two classes have samples. */
  public int prototypeSamples() { return prototypeSamples; }
  /**
   * Whether the trained head was set aside because a class with samples is not one of its
   * classes (the prototypes classify until training runs again).
   */
  public boolean headSetAside() { return headSetAside; }

  ClassifyState withModel(Model m, float p, String msg) {
    return new ClassifyState(m, p, msg, delegate, m == Model.READY ? engine : null,
        m == Model.READY ? fallback : null, m == Model.READY ? result : null, latencyMillis,
        classes, samplesAdded, prototypeSamples, headSetAside);
  }

  /**
   * How a download's status shows while there is no backbone: running → DOWNLOADING with its
   * progress, failed → FAILED with its message, cancelled → MISSING (the choice again); idle or
   * done → MISSING when {@code noBackbone}, else unchanged.
   */
  ClassifyState withDownload(DownloadTracker.Status d, boolean noBackbone) {
    switch (d.kind()) {
      case RUNNING:
        return withModel(Model.DOWNLOADING, d.progress(), null);
      case FAILED:
        return withModel(Model.FAILED, -1, d.message());
      case CANCELLED:
        return withModel(Model.MISSING, -1, null);
      case IDLE:
      case DONE:
      default:
        return noBackbone ? withModel(Model.MISSING, -1, null) : this;
    }
  }

  ClassifyState withEngine(String e, String f) {
    return new ClassifyState(Model.READY, -1, null, delegate, e, f, null, 0, classes,
        samplesAdded, prototypeSamples, headSetAside);
  }

  ClassifyState withDelegate(Delegate d) {
    return new ClassifyState(model, progress, message, d, engine, fallback, result, latencyMillis,
        classes, samplesAdded, prototypeSamples, headSetAside);
  }

  ClassifyState withResult(Classification r, double latency) {
    return new ClassifyState(model, progress, message, delegate, engine, fallback, r, latency,
        classes, samplesAdded, prototypeSamples, headSetAside);
  }

  ClassifyState withClasses(List<SampleClass> c, int added, int prototypes, boolean setAside) {
    return new ClassifyState(model, progress, message, delegate, engine, fallback, result,
        latencyMillis, c, added, prototypes, setAside);
  }
}
