package org.snaptune.apk;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a zip whose stored (uncompressed) entries start at an aligned file offset, as zipalign does:
 * the platform mmaps resources.arsc and native libraries straight out of the APK, which needs 4-byte
 * and page alignment respectively. Padding goes into the local header's extra field. Not thread-safe;
 * the writer owns the stream it is given and closes it.
 */
final class AlignedZipWriter implements AutoCloseable {

  private static final int LOCAL_HEADER_SIZE = 30;
  /** Fixed DOS time so that identical inputs give identical APKs. */
  private static final long FIXED_TIME = 315_532_800_000L + 86_400_000L;

  private final CountingStream counter;
  private final ZipOutputStream zip;
  private final Set<String> names = new HashSet<>();
  private boolean closed;

  AlignedZipWriter(OutputStream out) {
    this.counter = new CountingStream(out);
    this.zip = new ZipOutputStream(counter);
  }

  /** Adds a deflated entry. */
  void addDeflated(String name, byte[] data) throws IOException {
    checkOpen();
    requireNew(name);
    ZipEntry entry = new ZipEntry(name);
    entry.setTime(FIXED_TIME);
    entry.setMethod(ZipEntry.DEFLATED);
    zip.putNextEntry(entry);
    zip.write(data);
    zip.closeEntry();
  }

  /**
   * Adds an uncompressed entry whose data starts at a multiple of {@code alignment} bytes.
   *
   * @throws IllegalArgumentException if alignment is not a positive power of two
   */
  void addStored(String name, byte[] data, int alignment) throws IOException {
    checkOpen();
    if (alignment <= 0 || Integer.bitCount(alignment) != 1) {
      throw new IllegalArgumentException("alignment must be a positive power of two, got " + alignment);
    }
    requireNew(name);
    ZipEntry entry = new ZipEntry(name);
    entry.setTime(FIXED_TIME);
    entry.setMethod(ZipEntry.STORED);
    entry.setSize(data.length);
    entry.setCompressedSize(data.length);
    CRC32 crc = new CRC32();
    crc.update(data);
    entry.setCrc(crc.getValue());
    // ZipOutputStream flushes the previous entry's data lazily; after closeEntry the count is exact.
    long headerStart = counter.count;
    int nameLength = name.getBytes(StandardCharsets.UTF_8).length;
    long dataStart = headerStart + LOCAL_HEADER_SIZE + nameLength;
    int padding = (int) ((alignment - (dataStart % alignment)) % alignment);
    if (padding > 0) {
      // An extra field must hold at least a 4-byte header (id + size) to be well-formed.
      if (padding < 4) {
        padding += alignment;
        while (padding < 4) {
          padding += alignment;
        }
      }
      byte[] extra = new byte[padding];
      // Header id 0xD935 is what zipalign/apksig use for alignment padding.
      extra[0] = (byte) 0x35;
      extra[1] = (byte) 0xD9;
      int payload = padding - 4;
      extra[2] = (byte) (payload & 0xFF);
      extra[3] = (byte) ((payload >>> 8) & 0xFF);
      if (payload >= 2) {
        extra[4] = (byte) (alignment & 0xFF);
        extra[5] = (byte) ((alignment >>> 8) & 0xFF);
      }
      entry.setExtra(extra);
    }
    zip.putNextEntry(entry);
    zip.write(data);
    zip.closeEntry();
  }

  /** Whether an entry of this name was already written. */
  boolean contains(String name) {
    return names.contains(name);
  }

  private void requireNew(String name) {
    if (!names.add(name)) {
      throw new IllegalArgumentException("duplicate zip entry '" + name + "'");
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("AlignedZipWriter is closed");
    }
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      zip.close();
    }
  }

  private static final class CountingStream extends FilterOutputStream {
    long count;

    CountingStream(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }
}
