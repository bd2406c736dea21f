package org.snaptune.models;

import java.util.Collections;
import java.util.List;
import org.snaptune.runtime.SignatureRunner;

/**
 * Where the camera screen finds the user's trained head, if any: the training feature saves it,
 * tests hand one in. Implementations are thread-safe; {@link #load} blocks (call it off the main
 * thread).
 */
public interface HeadSource {

  /** A loaded head and its class names in output order. The receiver owns the runner. */
  final class Head {
    private final SignatureRunner runner;
    private final List<String> classNames;

    public Head(SignatureRunner runner, List<String> classNames) {
      if (runner == null || classNames == null || classNames.isEmpty()) {
        throw new IllegalArgumentException("a head needs a runner and its class names");
      }
      this.runner = runner;
      this.classNames = Collections.unmodifiableList(classNames);
    }

    public SignatureRunner runner() { return runner; }
    public List<String> classNames() { return classNames; }
  }

  /**
   * The trained head for a backbone with this embedding size, or null when the app is not
   * personalised yet (or the saved head belongs to another backbone).
   */
  Head load(int embeddingSize);
}
