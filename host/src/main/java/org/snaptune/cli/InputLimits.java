package org.snaptune.cli;

import org.snaptune.export.ModelBundle;

/**
 * The bounds of what the command line accepts, checked before anything is allocated: every
 * limit is far above real use and far below what exhausts a desktop JVM's default heap. Each
 * check throws IllegalArgumentException (exit 2) naming the input, its value and the valid range.
 * Stateless and thread-safe.
 */
public final class InputLimits {

  /** Largest training batch (13.6 GB and an int overflow were reachable before). */
  public static final int MAX_BATCH = 1024;
  /** Largest class count: the same as a bundle's. */
  public static final int MAX_CLASSES = ModelBundle.MAX_CLASSES;
  /** Largest embedding size (MobileNetV2 has 1,280; large ViTs 1,024–4,096). */
  public static final int MAX_EMBEDDING = 16_384;
  /** Largest hidden layer of a head. */
  public static final int MAX_HIDDEN = 16_384;
  /** Most embedding values (rows × dimension) in one CSV: 200 MB of floats. */
  public static final long MAX_CSV_VALUES = 50_000_000L;
  /** Longest CSV line in characters: MAX_EMBEDDING values of up to 64 characters each. */
  public static final int MAX_CSV_LINE_CHARS = MAX_EMBEDDING * 64;
  /** Most pixels of one picture (header checked before decoding): 64 megapixels. */
  public static final long MAX_IMAGE_PIXELS = 64L << 20;
  /** Most pixel bytes of one IDX file (Fashion-MNIST's training set has 47 million). */
  public static final long MAX_IDX_BYTES = 256L << 20;

  private InputLimits() {}

  /** Checks {@code value} is in [1, max] for option {@code what}; returns it. */
  public static int range(String what, int value, int max) {
    if (value < 1 || value > max) {
      throw new IllegalArgumentException(what + " is " + value + "; valid: 1.." + max);
    }
    return value;
  }

  public static int batch(int b) {
    return range("--batch", b, MAX_BATCH);
  }

  public static int classes(int c, String where) {
    return range("the number of classes in " + where, c, MAX_CLASSES);
  }

  public static int embedding(int d, String where) {
    return range("the embedding size of " + where, d, MAX_EMBEDDING);
  }

  public static int[] hidden(int[] layers) {
    for (int h : layers) {
      range("a --hidden layer", h, MAX_HIDDEN);
    }
    return layers;
  }
}
