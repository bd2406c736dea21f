package org.snaptune.train;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.snaptune.runtime.SignatureRunner;

/**
 * Wraps a real runner: replaces one gradient element by NaN on chosen {@code gradients} calls
 * (1-based), and counts {@code apply} calls whose inputs hold a non-finite value. Everything else
 * goes to the real runtime.
 */
final class FaultInjectingRunner implements SignatureRunner {

  private final SignatureRunner real;
  private final Set<Integer> nanCalls = new HashSet<>();
  private boolean alwaysNaN;
  int gradientCalls;
  int applyCalls;
  int nonFiniteApplies;

  FaultInjectingRunner(SignatureRunner real, int... calls) {
    this.real = real;
    for (int c : calls) {
      nanCalls.add(c);
    }
  }

  FaultInjectingRunner alwaysNaN() {
    alwaysNaN = true;
    return this;
  }

  @Override
  public Map<String, float[]> run(String signature, Map<String, float[]> inputs) {
    if (signature.equals("apply")) {
      applyCalls++;
      for (float[] v : inputs.values()) {
        for (float f : v) {
          if (Float.isNaN(f) || Float.isInfinite(f)) {
            nonFiniteApplies++;
            break;
          }
        }
      }
    }
    Map<String, float[]> out = real.run(signature, inputs);
    if (signature.equals("gradients")) {
      gradientCalls++;
      if (alwaysNaN || nanCalls.contains(gradientCalls)) {
        out = new HashMap<>(out);
        float[] g = out.get("grad_kernel_0").clone();
        g[g.length / 2] = Float.NaN;
        out.put("grad_kernel_0", g);
      }
    }
    return out;
  }

  @Override public List<String> signatureKeys() { return real.signatureKeys(); }
  @Override public List<String> inputNames(String s) { return real.inputNames(s); }
  @Override public List<String> outputNames(String s) { return real.outputNames(s); }
  @Override public int[] inputShape(String s, String i) { return real.inputShape(s, i); }
  @Override public void resizeInput(String s, String i, int[] shape) { real.resizeInput(s, i, shape); }
  @Override public void close() { real.close(); }
}
