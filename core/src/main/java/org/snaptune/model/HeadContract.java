package org.snaptune.model;

/**
 * The public names of a compiled head model: signature keys, their input and output names, and
 * variable names. Other tools (the trainer, the app, the command line) read models by these names.
 *
 * <ul>
 *   <li>{@code infer}: {@code x} [N,D] (N resizable) → {@code probabilities}, {@code logits} [N,C]
 *   <li>{@code gradients}: {@code x} [B,D], {@code y} [B,C] one-hot, {@code w} [B] → {@code loss}
 *       (scalar) and {@code grad_<var>} per trainable variable; changes no variable
 *   <li>{@code apply}: {@code grad_<var>} per trainable variable and {@code lr} (scalar) → the
 *       optimizer update; output {@code step} (after the increment)
 *   <li>{@code train}: {@code x}, {@code y}, {@code w}, {@code lr} → {@code loss}; gradients and
 *       apply fused (the loss is the one before the update)
 *   <li>{@code get_weights}: every variable by name; {@code set_weights}: the same names as inputs,
 *       output {@code step} (the value just set)
 * </ul>
 * Scalars cross the runner as arrays of one element. The sample weights of a batch must not all be
 * zero (the loss divides by Σw); rows with weight 0 are how a caller pads a short batch.
 * Constants and pure functions only; thread-safe.
 */
public final class HeadContract {

  public static final String INFER = "infer";
  public static final String GRADIENTS = "gradients";
  public static final String APPLY = "apply";
  public static final String TRAIN = "train";
  public static final String GET_WEIGHTS = "get_weights";
  public static final String SET_WEIGHTS = "set_weights";

  public static final String X = "x";
  public static final String Y = "y";
  public static final String W = "w";
  public static final String LR = "lr";
  public static final String LOSS = "loss";
  public static final String LOGITS = "logits";
  public static final String PROBABILITIES = "probabilities";
  public static final String STEP = "step";

  private HeadContract() {}

  /** {@code kernel_<layer>}, layer 0 being the one that reads the embedding. */
  public static String kernel(int layer) {
    return "kernel_" + layer;
  }

  /** {@code bias_<layer>}. */
  public static String bias(int layer) {
    return "bias_" + layer;
  }

  /** The layer of variable {@code kernel_<i>} or {@code bias_<i>}: i; -1 for any other name. */
  public static int layerOf(String variable) {
    int us = variable.lastIndexOf('_');
    if (us < 0 || !(variable.startsWith("kernel_") || variable.startsWith("bias_"))) {
      return -1;
    }
    try {
      return Integer.parseInt(variable.substring(us + 1));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** {@code grad_<variable>}: the gradient output of {@code gradients}, input of {@code apply}. */
  public static String grad(String variable) {
    return "grad_" + variable;
  }
}
