package org.snaptune.vision;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;

/**
 * Reads one regular file out of a gzip-compressed tar stream (the form the official TFLite hosted
 * models are published in), without touching the file system. Only ustar/GNU headers with octal
 * sizes are understood; anything else is an {@link IllegalArgumentException}, never a crash.
 * Stateless and thread-safe.
 */
public final class TarGz {

  private static final int BLOCK = 512;

  private TarGz() {}

  /**
   * Returns the bytes of the entry whose name is {@code member} or ends with {@code "/" + member}.
   *
   * @param maxBytes the largest member accepted (a guard against hostile archives)
   * @throws IllegalArgumentException if the stream is not a tar.gz, a header is corrupt, the member
   *     is missing or larger than {@code maxBytes}
   * @throws IOException if reading the stream fails
   */
  public static byte[] extract(InputStream in, String member, long maxBytes) throws IOException {
    if (member == null || member.isEmpty()) {
      throw new IllegalArgumentException("member name is empty");
    }
    byte[] header = new byte[BLOCK];
    try {
      GZIPInputStream gz = new GZIPInputStream(in, 64 * 1024);
      while (true) {
        if (!readFully(gz, header)) {
          break;
        }
        if (isZero(header)) {
          break;
        }
        checkChecksum(header);
        String name = field(header, 0, 100);
        String prefix = field(header, 345, 155);
        if (!prefix.isEmpty() && header[257] == 'u') {
          name = prefix + "/" + name;
        }
        long size = octal(header, 124, 12, name);
        byte type = header[156];
        boolean regular = type == '0' || type == 0;
        long padded = (size + BLOCK - 1) / BLOCK * BLOCK;
        if (regular && (name.equals(member) || name.endsWith("/" + member))) {
          if (size > maxBytes) {
            throw new IllegalArgumentException("member " + name + " has " + size
                + " bytes, more than the " + maxBytes + " accepted");
          }
          ByteArrayOutputStream out = new ByteArrayOutputStream((int) size);
          copy(gz, out, size);
          drainAndVerify(gz, Math.max(64L << 20, 8 * maxBytes));
          return out.toByteArray();
        }
        skip(gz, padded);
      }
    } catch (java.util.zip.ZipException e) {
      throw new IllegalArgumentException("corrupt gzip data: " + e.getMessage(), e);
    } catch (EOFException e) {
      throw new IllegalArgumentException("the archive is truncated", e);
    }
    throw new IllegalArgumentException("the archive has no file named " + member);
  }

  /**
   * Reads the archive to its end: GZIPInputStream checks the CRC-32 and length in the gzip
   * trailer only there, and a member returned before that would skip the check. At most
   * {@code limit} more bytes are inflated, so a bomb after the member cannot run for long.
   */
  private static void drainAndVerify(InputStream gz, long limit) throws IOException {
    byte[] sink = new byte[64 * 1024];
    long total = 0;
    for (int n; (n = gz.read(sink)) >= 0; ) {
      total += n;
      if (total > limit) {
        throw new IllegalArgumentException("the archive inflates to more than " + limit
            + " bytes after the model; refusing a possible gzip bomb");
      }
    }
  }

  private static boolean readFully(InputStream in, byte[] block) throws IOException {
    int n = 0;
    while (n < block.length) {
      int r = in.read(block, n, block.length - n);
      if (r < 0) {
        if (n == 0) {
          return false;
        }
        throw new EOFException();
      }
      n += r;
    }
    return true;
  }

  private static void copy(InputStream in, ByteArrayOutputStream out, long size)
      throws IOException {
    byte[] buf = new byte[16 * 1024];
    long left = size;
    while (left > 0) {
      int r = in.read(buf, 0, (int) Math.min(buf.length, left));
      if (r < 0) {
        throw new EOFException();
      }
      out.write(buf, 0, r);
      left -= r;
    }
  }

  private static void skip(InputStream in, long bytes) throws IOException {
    byte[] buf = new byte[16 * 1024];
    long left = bytes;
    while (left > 0) {
      int r = in.read(buf, 0, (int) Math.min(buf.length, left));
      if (r < 0) {
        throw new EOFException();
      }
      left -= r;
    }
  }

  private static boolean isZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  private static void checkChecksum(byte[] header) {
    long stored = octal(header, 148, 8, "header");
    long sum = 0;
    for (int i = 0; i < BLOCK; i++) {
      sum += (i >= 148 && i < 156) ? ' ' : (header[i] & 0xff);
    }
    if (sum != stored) {
      throw new IllegalArgumentException("corrupt tar header (checksum " + stored
          + ", computed " + sum + ")");
    }
  }

  private static String field(byte[] header, int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, StandardCharsets.UTF_8);
  }

  private static long octal(byte[] header, int offset, int length, String what) {
    long value = 0;
    boolean digits = false;
    for (int i = offset; i < offset + length; i++) {
      byte b = header[i];
      if (b == 0 || b == ' ') {
        if (digits) {
          break;
        }
        continue;
      }
      if (b < '0' || b > '7' || value > (Long.MAX_VALUE >> 3)) {
        throw new IllegalArgumentException("corrupt tar header: bad number in " + what);
      }
      value = value * 8 + (b - '0');
      digits = true;
    }
    return value;
  }
}
