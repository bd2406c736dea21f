package org.snaptune.model;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.snaptune.model.FlatBufferChecker.Table;
import org.snaptune.model.FlatBufferChecker.Vector;

/**
 * Signature rules for {@link ModelVerifier}: TFLite's SignatureRunner counts a signature's inputs
 * and outputs from its subgraph but takes their names from the signature map, so the two must
 * describe the same tensors (a head whose subgraph had one output more than its signature made the
 * runtime read a name past the map's end: SIGSEGV in strlen). Each signature therefore has a unique
 * key, names every input and output of its subgraph exactly once, and its names are unique. Not
 * thread-safe; one instance per verification.
 */
final class ModelVerifierSignatures {

  private final FlatBufferChecker c;
  private final int[] tensorCounts;
  private final int[][] inputs;
  private final int[][] outputs;

  ModelVerifierSignatures(FlatBufferChecker c, int[] tensorCounts, int[][] inputs,
      int[][] outputs) {
    this.c = c;
    this.tensorCounts = tensorCounts;
    this.inputs = inputs;
    this.outputs = outputs;
  }

  void check(Vector sigs) {
    Set<String> keys = new HashSet<>();
    for (int i = 0; sigs != null && i < sigs.count; i++) {
      Table sig = c.tableAt(sigs, i, "SignatureDef " + i);
      String key = c.string(sig, 8, "SignatureDef " + i + " signature_key");
      String where = "signature " + (key == null ? "#" + i : "'" + key + "'");
      if (key == null || !keys.add(key)) {
        throw ModelVerifierTensors.bad(where + (key == null ? " has no key"
            : " appears twice") + "; each signature needs a unique key");
      }
      long sg = c.uintField(sig, 12, 0, where + " subgraph_index");
      if (sg >= tensorCounts.length) {
        throw ModelVerifierTensors.bad(where + " subgraph_index is " + sg + "; valid range is 0.."
            + (tensorCounts.length - 1));
      }
      int s = (int) sg;
      maps(c.vector(sig, 4, 4, where + " inputs"), s, inputs[s], where + " input");
      maps(c.vector(sig, 6, 4, where + " outputs"), s, outputs[s], where + " output");
    }
  }

  private void maps(Vector maps, int subgraph, int[] expected, String where) {
    int n = maps == null ? 0 : maps.count;
    int[] seen = new int[n];
    Set<String> names = new HashSet<>();
    for (int i = 0; i < n; i++) {
      Table tm = c.tableAt(maps, i, where + " " + i);
      String name = c.string(tm, 4, where + " " + i + " name");
      long index = c.uintField(tm, 6, 0, where + " " + i);
      if (name == null || !names.add(name)) {
        throw ModelVerifierTensors.bad(where + " " + i + (name == null ? " has no name"
            : " name '" + name + "' appears twice") + "; names must be unique");
      }
      if (index >= tensorCounts[subgraph]) {
        throw ModelVerifierTensors.bad(where + " '" + name + "' tensor_index is " + index
            + "; valid range is 0.." + (tensorCounts[subgraph] - 1));
      }
      seen[i] = (int) index;
    }
    int[] a = seen.clone();
    int[] b = expected.clone();
    Arrays.sort(a);
    Arrays.sort(b);
    if (!Arrays.equals(a, b)) {
      throw ModelVerifierTensors.bad(where + "s map tensors " + Arrays.toString(seen)
          + " but subgraph " + subgraph + "'s " + (where.endsWith("input") ? "inputs" : "outputs")
          + " are " + Arrays.toString(expected) + "; a signature names each of them exactly once");
    }
  }
}
