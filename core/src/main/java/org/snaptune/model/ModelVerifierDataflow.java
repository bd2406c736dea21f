package org.snaptune.model;

/**
 * Dataflow rules of one subgraph, for {@link ModelVerifier}: TFLite runs operators in file order
 * and trusts that every tensor an operator reads already holds data, and that no tensor is written
 * twice. Files breaking this (typically a corrupted index) crash or corrupt the native heap, so
 * they are rejected: an operator may read only subgraph inputs, constants, variables, empty
 * tensors or outputs of earlier operators, and may write only tensors nothing else provides.
 * Not thread-safe; one instance per subgraph walk.
 */
final class ModelVerifierDataflow {

  private final String where;
  private final boolean[] available;
  private final String[] source;
  private final boolean[] used;
  private final java.util.List<String> opNames = new java.util.ArrayList<>();
  private final java.util.List<int[]> opOutputs = new java.util.ArrayList<>();

  ModelVerifierDataflow(String where, int tensors) {
    this.where = where;
    this.available = new boolean[tensors];
    this.source = new String[tensors];
    this.used = new boolean[tensors];
  }

  /** Tensor {@code t} holds data before anything runs (constant, variable or zero elements). */
  void preset(int t, String kind) {
    available[t] = true;
    source[t] = kind;
  }

  void input(int t) {
    if (!available[t]) {
      available[t] = true;
      source[t] = "a subgraph input";
    }
  }

  void operator(String op, int[] inputs, int[] outputs) {
    opNames.add(op);
    opOutputs.add(outputs);
    for (int t : inputs) {
      if (t >= 0) {
        used[t] = true;
      }
      if (t >= 0 && !available[t]) {
        throw new IllegalArgumentException("invalid .tflite file: " + op + " reads tensor " + t
            + " of " + where + " before anything produces it (it is not an input, a constant or"
            + " the output of an earlier operator)");
      }
    }
    for (int t : outputs) {
      if (t < 0) {
        continue;
      }
      if (available[t]) {
        throw new IllegalArgumentException("invalid .tflite file: " + op + " writes tensor " + t
            + " of " + where + ", which is already " + source[t]);
      }
      available[t] = true;
      source[t] = "the output of " + op;
    }
  }

  void output(int t) {
    used[t] = true;
    if (!available[t]) {
      throw new IllegalArgumentException("invalid .tflite file: output tensor " + t + " of "
          + where + " is never produced (no operator writes it and it is not an input or a"
          + " constant)");
    }
  }

  /**
   * After the subgraph's outputs are known: an operator whose results nothing reads is refused.
   * Converters never write one; a corrupted output list leaves one behind, and XNNPACK aborted
   * the process on such a graph.
   */
  void finish() {
    for (int k = 0; k < opNames.size(); k++) {
      int[] outs = opOutputs.get(k);
      boolean anyUsed = outs.length == 0;
      for (int t : outs) {
        anyUsed |= t >= 0 && used[t];
      }
      if (!anyUsed) {
        throw new IllegalArgumentException("invalid .tflite file: " + opNames.get(k)
            + " computes " + java.util.Arrays.toString(outs) + ", which no operator"
            + " reads and which are not outputs of the subgraph");
      }
    }
  }
}
