package org.snaptune.status;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the launcher screen reports about the model runtime. Immutable; built by
 * {@link MainViewModel} and turned into text by the activity (no Context in the ViewModel).
 */
public final class RuntimeStatus {

  /** The stages of the start-up check. */
  public enum State { CHECKING, NO_BACKBONE, READY, FAILED }

  private final State state;
  private final String runtime;
  private final String model;
  private final List<String> signatures;
  private final String error;

  private RuntimeStatus(State state, String runtime, String model, List<String> signatures, String error) {
    this.state = state;
    this.runtime = runtime;
    this.model = model;
    this.signatures = Collections.unmodifiableList(new ArrayList<>(signatures));
    this.error = error;
  }

  static RuntimeStatus checking(String runtime, String model) {
    return new RuntimeStatus(State.CHECKING, runtime, model, Collections.<String>emptyList(), null);
  }

  static RuntimeStatus noBackbone(String runtime, String model) {
    return new RuntimeStatus(State.NO_BACKBONE, runtime, model, Collections.<String>emptyList(), null);
  }

  static RuntimeStatus ready(String runtime, String model, List<String> signatures) {
    return new RuntimeStatus(State.READY, runtime, model, signatures, null);
  }

  static RuntimeStatus failed(String runtime, String model, String error) {
    return new RuntimeStatus(State.FAILED, runtime, model, Collections.<String>emptyList(), error);
  }

  public State state() {
    return state;
  }

  /** The runtime's name, e.g. "TensorFlow Lite (Android)". */
  public String runtime() {
    return runtime;
  }

  /** Where the backbone comes from, e.g. "assets/backbone.tflite". */
  public String model() {
    return model;
  }

  /** The backbone's signature keys (READY only). */
  public List<String> signatures() {
    return signatures;
  }

  /** Why loading failed (FAILED only). */
  public String error() {
    return error;
  }

  @Override
  public String toString() {
    return state + " " + runtime + " " + model + " " + signatures + (error == null ? "" : " " + error);
  }
}
