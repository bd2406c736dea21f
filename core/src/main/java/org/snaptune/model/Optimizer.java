package org.snaptune.model;

import java.util.Locale;

/**
 * The optimizer compiled into a head model's {@code apply} and {@code train} signatures. The
 * learning rate is not part of it: it is an input of every step. Immutable and thread-safe.
 *
 * <p>Update rules, per trainable variable {@code W} with gradient {@code g} (Keras semantics):
 * <ul>
 *   <li>SGD: {@code W ← W − lr·g}
 *   <li>momentum μ: {@code velocity ← μ·velocity − lr·g; W ← W + velocity}
 *   <li>Adam β₁, β₂, ε with {@code t = step + 1}: {@code m ← β₁m + (1−β₁)g};
 *       {@code v ← β₂v + (1−β₂)g²}; {@code W ← W − lr·√(1−β₂ᵗ)/(1−β₁ᵗ) · m/(√v + ε)}
 * </ul>
 * Every optimizer increments the scalar variable {@code step} once per apply.
 */
public final class Optimizer {

  /** The optimizer family; decides which state variables the model holds. */
  public enum Kind {
    SGD(new String[0]),
    MOMENTUM(new String[] {"velocity"}),
    ADAM(new String[] {"m", "v"});

    private final String[] slots;

    Kind(String[] slots) {
      this.slots = slots;
    }

    /** Suffixes of the per-variable state: {@code <var>_<slot>}. */
    public String[] slots() {
      return slots.clone();
    }
  }

  private final Kind kind;
  private final double momentum;
  private final double beta1;
  private final double beta2;
  private final double epsilon;

  private Optimizer(Kind kind, double momentum, double beta1, double beta2, double epsilon) {
    this.kind = kind;
    this.momentum = momentum;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
  }

  /** Plain stochastic gradient descent. */
  public static Optimizer sgd() {
    return new Optimizer(Kind.SGD, 0, 0, 0, 0);
  }

  /** SGD with momentum μ in [0, 1). */
  public static Optimizer momentum(double momentum) {
    if (!(momentum >= 0 && momentum < 1)) {
      throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
    }
    return new Optimizer(Kind.MOMENTUM, momentum, 0, 0, 0);
  }

  /** Adam with the Keras defaults β₁ = 0.9, β₂ = 0.999, ε = 1e-7. */
  public static Optimizer adam() {
    return adam(0.9, 0.999, 1e-7);
  }

  /** Adam with β₁, β₂ in [0, 1) and ε &gt; 0 (finite). */
  public static Optimizer adam(double beta1, double beta2, double epsilon) {
    if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
      throw new IllegalArgumentException(
          "Adam betas must be in [0, 1), got beta1=" + beta1 + " beta2=" + beta2);
    }
    if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
      throw new IllegalArgumentException("Adam epsilon must be finite and > 0, got " + epsilon);
    }
    return new Optimizer(Kind.ADAM, 0, beta1, beta2, epsilon);
  }

  /**
   * Parses the command-line form: {@code sgd}, {@code momentum} (μ = 0.9) or {@code adam}
   * (defaults), case-insensitive.
   */
  public static Optimizer parse(String name) {
    switch (name.toLowerCase(Locale.ROOT)) {
      case "sgd":
        return sgd();
      case "momentum":
        return momentum(0.9);
      case "adam":
        return adam();
      default:
        throw new IllegalArgumentException(
            "unknown optimizer '" + name + "'; valid: sgd, momentum, adam");
    }
  }

  public Kind kind() {
    return kind;
  }

  /** μ for {@link Kind#MOMENTUM}, else 0. */
  public double momentum() {
    return momentum;
  }

  public double beta1() {
    return beta1;
  }

  public double beta2() {
    return beta2;
  }

  public double epsilon() {
    return epsilon;
  }

  @Override
  public String toString() {
    switch (kind) {
      case SGD:
        return "sgd";
      case MOMENTUM:
        return "momentum(" + momentum + ")";
      case ADAM:
        return "adam(" + beta1 + ", " + beta2 + ", " + epsilon + ")";
      default:
        throw new AssertionError(kind);
    }
  }
}
