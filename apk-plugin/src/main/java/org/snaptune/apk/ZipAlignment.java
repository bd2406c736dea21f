package org.snaptune.apk;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks an APK the way {@code zipalign -c -p 4} does: every stored entry's data starts at a multiple
 * of 4, and every stored {@code .so} at a multiple of the page size. Reads the central directory
 * directly because java.util.zip hides data offsets. Stateless and thread-safe.
 */
final class ZipAlignment {

  private ZipAlignment() {}

  /** One stored entry and where its data starts. */
  record StoredEntry(String name, long dataOffset) {}

  /**
   * Lists the stored entries that violate the alignment rules, as "name at offset N (needs M)".
   *
   * @throws IOException if the file is not a readable zip
   */
  static List<String> misaligned(Path zip, int pageAlignment) throws IOException {
    List<String> problems = new ArrayList<>();
    for (StoredEntry entry : storedEntries(zip)) {
      int needed = entry.name().endsWith(".so") ? pageAlignment : 4;
      if (entry.dataOffset() % needed != 0) {
        problems.add(entry.name() + " at offset " + entry.dataOffset() + " (needs a multiple of " + needed + ")");
      }
    }
    return problems;
  }

  /** Every entry stored without compression, with its data offset. */
  static List<StoredEntry> storedEntries(Path zip) throws IOException {
    try (FileChannel channel = FileChannel.open(zip, StandardOpenOption.READ)) {
      long size = channel.size();
      int tailLength = (int) Math.min(size, 65_535 + 22);
      ByteBuffer tail = read(channel, size - tailLength, tailLength);
      int eocd = -1;
      for (int i = tailLength - 22; i >= 0; i--) {
        if (tail.getInt(i) == 0x06054b50) {
          eocd = i;
          break;
        }
      }
      if (eocd < 0) {
        throw new IOException(zip + " is not a zip file (no end of central directory record)");
      }
      int entries = Short.toUnsignedInt(tail.getShort(eocd + 10));
      long cdSize = Integer.toUnsignedLong(tail.getInt(eocd + 12));
      long cdOffset = Integer.toUnsignedLong(tail.getInt(eocd + 16));
      if (cdOffset + cdSize > size) {
        throw new IOException(zip + " has a central directory beyond the end of the file");
      }
      ByteBuffer cd = read(channel, cdOffset, (int) cdSize);
      List<StoredEntry> result = new ArrayList<>();
      int p = 0;
      for (int i = 0; i < entries; i++) {
        if (cd.getInt(p) != 0x02014b50) {
          throw new IOException(zip + ": corrupt central directory entry " + i);
        }
        int method = Short.toUnsignedInt(cd.getShort(p + 10));
        int nameLength = Short.toUnsignedInt(cd.getShort(p + 28));
        int extraLength = Short.toUnsignedInt(cd.getShort(p + 30));
        int commentLength = Short.toUnsignedInt(cd.getShort(p + 32));
        long localOffset = Integer.toUnsignedLong(cd.getInt(p + 42));
        byte[] nameBytes = new byte[nameLength];
        cd.position(p + 46);
        cd.get(nameBytes);
        String name = new String(nameBytes, StandardCharsets.UTF_8);
        if (method == 0) {
          ByteBuffer local = read(channel, localOffset, 30);
          if (local.getInt(0) != 0x04034b50) {
            throw new IOException(zip + ": corrupt local header for " + name);
          }
          long dataOffset = localOffset + 30 + Short.toUnsignedInt(local.getShort(26))
              + Short.toUnsignedInt(local.getShort(28));
          result.add(new StoredEntry(name, dataOffset));
        }
        p += 46 + nameLength + extraLength + commentLength;
      }
      return result;
    }
  }

  private static ByteBuffer read(FileChannel channel, long position, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    while (buffer.hasRemaining()) {
      if (channel.read(buffer, position + buffer.position()) < 0) {
        throw new IOException("unexpected end of file at " + (position + buffer.position()));
      }
    }
    buffer.flip();
    return buffer.order(ByteOrder.LITTLE_ENDIAN);
  }
}
