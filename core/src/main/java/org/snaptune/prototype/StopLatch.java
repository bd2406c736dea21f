package org.snaptune.prototype;

import java.util.function.BooleanSupplier;

/**
 * Remembers a stop: once {@code proceed} has said false, says false for good and
 * {@link #stopped()} tells the caller afterwards that the work was cut short. Used on the one
 * thread doing the work; not thread-safe (the wrapped supplier decides its own).
 */
final class StopLatch implements BooleanSupplier {

  private final BooleanSupplier proceed;
  private boolean stopped;

  StopLatch(BooleanSupplier proceed) {
    if (proceed == null) {
      throw new IllegalArgumentException("proceed must not be null; pass () -> true to never stop");
    }
    this.proceed = proceed;
  }

  @Override
  public boolean getAsBoolean() {
    if (!stopped && !proceed.getAsBoolean()) {
      stopped = true;
    }
    return !stopped;
  }

  boolean stopped() { return stopped; }
}
