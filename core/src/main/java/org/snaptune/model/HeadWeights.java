package org.snaptune.model;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Initial values of a head's variables, and the class-widening helper used when the user adds a
 * class. Stateless and thread-safe; returned maps and arrays are fresh and owned by the caller.
 */
public final class HeadWeights {

  private HeadWeights() {}

  /**
   * The initial value of every variable of {@code spec}, in {@link HeadSpec#allVariables()}
   * order: given weights where the spec has them, seeded kernels (per {@link
   * HeadSpec#initializer()}), zero biases, zero optimizer state and step 0 otherwise. The same
   * spec always yields the same values.
   */
  public static Map<String, float[]> initial(HeadSpec spec) {
    Map<String, float[]> values = new LinkedHashMap<>();
    Random random = new Random(spec.seed());
    int[] widths = spec.layerWidths();
    for (int i = 0; i < spec.numLayers(); i++) {
      String kernel = HeadContract.kernel(i);
      // Always draw, so that kernel_1's values do not depend on whether kernel_0 was given.
      float[] drawn = drawKernel(random, spec.initializer(), widths[i], widths[i + 1]);
      values.put(kernel, given(spec, kernel, drawn));
      values.put(HeadContract.bias(i), given(spec, HeadContract.bias(i), new float[widths[i + 1]]));
    }
    for (String name : spec.allVariables()) {
      if (!values.containsKey(name)) {
        values.put(name, given(spec, name, new float[spec.variableSize(name)]));
      }
    }
    return values;
  }

  private static float[] given(HeadSpec spec, String name, float[] fallback) {
    float[] v = spec.initialWeights().get(name);
    return v == null ? fallback : v.clone();
  }

  private static float[] drawKernel(Random random, HeadSpec.Initializer init, int fanIn,
      int fanOut) {
    double limit;
    switch (init) {
      case GLOROT_UNIFORM:
        limit = Math.sqrt(6.0 / (fanIn + fanOut));
        break;
      case HE_UNIFORM:
        limit = Math.sqrt(6.0 / fanIn);
        break;
      default:
        throw new IllegalArgumentException("unknown initializer " + init);
    }
    float[] k = new float[fanIn * fanOut];
    for (int j = 0; j < k.length; j++) {
      k[j] = (float) ((random.nextDouble() * 2 - 1) * limit);
    }
    return k;
  }

  /**
   * Widens the output layer of {@code weights} (values of a head built from {@code from}) to
   * {@code newNumClasses} ≥ {@code from.numClasses()}: old classes keep their kernel columns and
   * biases exactly; new columns are drawn like a fresh kernel of the new shape (seed {@code seed}),
   * new biases are 0. Optimizer state of the output layer is widened with zeros; other variables
   * and {@code step} are copied. Variables absent from {@code weights} stay absent, so the result
   * can be passed to {@link HeadSpec.Builder#optInitialWeights} of the wider spec.
   *
   * @throws IllegalArgumentException if a variable of the output layer has the wrong size, or the
   *     class count would shrink
   */
  public static Map<String, float[]> widenClasses(HeadSpec from, Map<String, float[]> weights,
      int newNumClasses, long seed) {
    int oldC = from.numClasses();
    if (newNumClasses < oldC) {
      throw new IllegalArgumentException("can only add classes: " + oldC + " -> " + newNumClasses);
    }
    int last = from.numLayers() - 1;
    int fanIn = from.layerWidths()[last];
    String kernel = HeadContract.kernel(last);
    String bias = HeadContract.bias(last);
    HeadSpec wider = from.toBuilder().optInitialWeights(null).setNumClasses(newNumClasses).build();
    float[] fresh = drawKernel(new Random(seed), from.initializer(), fanIn, newNumClasses);

    Map<String, float[]> out = new LinkedHashMap<>();
    for (Map.Entry<String, float[]> e : weights.entrySet()) {
      String name = e.getKey();
      float[] v = e.getValue();
      int expected = from.variableSize(name);
      if (v == null || v.length != expected) {
        throw new IllegalArgumentException("weights '" + name + "' need " + expected
            + " values for " + from + ", got " + (v == null ? "null" : v.length));
      }
      boolean lastKernel = name.equals(kernel) || name.startsWith(kernel + "_");
      boolean lastBias = name.equals(bias) || name.startsWith(bias + "_");
      if (lastKernel) {
        float[] w = new float[fanIn * newNumClasses];
        for (int r = 0; r < fanIn; r++) {
          System.arraycopy(v, r * oldC, w, r * newNumClasses, oldC);
          if (name.equals(kernel)) {
            System.arraycopy(fresh, r * newNumClasses + oldC, w, r * newNumClasses + oldC,
                newNumClasses - oldC);
          }
        }
        out.put(name, w);
      } else if (lastBias) {
        out.put(name, Arrays.copyOf(v, newNumClasses));
      } else {
        out.put(name, v.clone());
      }
    }
    // Validates the result against the wider spec, so a mistake shows here, not at compile time.
    wider.toBuilder().optInitialWeights(out).build();
    return out;
  }
}
