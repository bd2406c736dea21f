package org.snaptune.model;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.BuiltinOptions;

/**
 * Which builtin-options table each operator carries, for {@link ModelVerifier}. TFLite reads an
 * operator's options by the operator's code, so a table of another kind means a corrupted opcode
 * or options field; such files are rejected before they reach the kernels. Most operators use the
 * options named after them (CONV_2D → Conv2DOptions); the rest are listed here. Operators without
 * an options table of their own are not checked. Stateless and thread-safe.
 */
final class ModelVerifierOptions {

  private static final Map<Integer, Integer> EXCEPTIONS = new HashMap<>();
  private static final Map<String, Integer> OPTIONS_BY_KEY = new HashMap<>();

  static {
    for (int t = 1; t < BuiltinOptions.names.length; t++) {
      OPTIONS_BY_KEY.put(key(BuiltinOptions.name(t)), t);
    }
    int[] pools = {BuiltinOperator.AVERAGE_POOL_2D, BuiltinOperator.MAX_POOL_2D,
        BuiltinOperator.L2_POOL_2D};
    for (int op : pools) {
      EXCEPTIONS.put(op, (int) BuiltinOptions.Pool2DOptions);
    }
    int[] reducers = {BuiltinOperator.MEAN, BuiltinOperator.SUM, BuiltinOperator.REDUCE_PROD,
        BuiltinOperator.REDUCE_MAX, BuiltinOperator.REDUCE_MIN, BuiltinOperator.REDUCE_ANY,
        BuiltinOperator.REDUCE_ALL};
    for (int op : reducers) {
      EXCEPTIONS.put(op, (int) BuiltinOptions.ReducerOptions);
    }
    EXCEPTIONS.put(BuiltinOperator.MAXIMUM, (int) BuiltinOptions.MaximumMinimumOptions);
    EXCEPTIONS.put(BuiltinOperator.MINIMUM, (int) BuiltinOptions.MaximumMinimumOptions);
    EXCEPTIONS.put(BuiltinOperator.L2_NORMALIZATION, (int) BuiltinOptions.L2NormOptions);
    EXCEPTIONS.put(BuiltinOperator.UNIDIRECTIONAL_SEQUENCE_RNN,
        (int) BuiltinOptions.SequenceRNNOptions);
    EXCEPTIONS.put(BuiltinOperator.RANDOM_STANDARD_NORMAL, (int) BuiltinOptions.RandomOptions);
    EXCEPTIONS.put(BuiltinOperator.RANDOM_UNIFORM, (int) BuiltinOptions.RandomOptions);
    EXCEPTIONS.put(BuiltinOperator.MULTINOMIAL, (int) BuiltinOptions.RandomOptions);
  }

  private ModelVerifierOptions() {}

  private static String key(String name) {
    return name.replace("_", "").toLowerCase(Locale.ROOT);
  }

  /** The options type operator {@code builtin} carries, or -1 when it has none of its own. */
  static int expected(int builtin) {
    Integer e = EXCEPTIONS.get(builtin);
    if (e != null) {
      return e;
    }
    if (builtin < 0 || builtin >= BuiltinOperator.names.length) {
      return -1;
    }
    Integer natural = OPTIONS_BY_KEY.get(key(BuiltinOperator.name(builtin)) + "options");
    return natural == null ? -1 : natural;
  }
}
