package org.snaptune.export;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 as lowercase hex; stateless and thread-safe. */
final class Sha256 {

  private Sha256() {}

  static String hex(byte[] data) {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      // Every Java and Android platform must provide SHA-256; reaching this is a broken runtime.
      throw new IllegalStateException("SHA-256 is not available on this platform", e);
    }
    byte[] digest = md.digest(data);
    StringBuilder sb = new StringBuilder(64);
    for (byte b : digest) {
      sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
    }
    return sb.toString();
  }
}
