package org.snaptune.apk;

/**
 * A build failure whose message names the cause and the fix; mojos turn it into a
 * {@code MojoFailureException} so Maven prints it without a stack trace.
 */
final class BuildException extends Exception {
  private static final long serialVersionUID = 1L;

  BuildException(String message) {
    super(message);
  }

  BuildException(String message, Throwable cause) {
    super(message, cause);
  }
}
