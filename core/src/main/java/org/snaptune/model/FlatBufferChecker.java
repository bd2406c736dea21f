package org.snaptune.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Bounds checks over the raw bytes of one FlatBuffer, the same rules as the C++
 * {@code flatbuffers::Verifier}: every offset, vtable, vector and string must lie inside the buffer
 * and be aligned. Every failure is an {@link IllegalArgumentException} naming the byte offset and
 * what was being read. Package-private helper of {@link ModelVerifier}; not thread-safe (it counts
 * visited tables), one instance per verification.
 */
final class FlatBufferChecker {

  /** Same cap as flatbuffers' default: a DAG of shared tables cannot make verification explode. */
  static final int MAX_TABLES = 1_000_000;

  /** A verified table: its position, its vtable and their sizes. */
  static final class Table {
    final int pos;
    final int vtable;
    final int vtableSize;
    final int size;

    Table(int pos, int vtable, int vtableSize, int size) {
      this.pos = pos;
      this.vtable = vtable;
      this.vtableSize = vtableSize;
      this.size = size;
    }
  }

  /** A verified vector: position of element 0 and element count. */
  static final class Vector {
    final int start;
    final int count;

    Vector(int start, int count) {
      this.start = start;
      this.count = count;
    }
  }

  private final ByteBuffer buf;
  private final int length;
  private int tables;

  FlatBufferChecker(ByteBuffer bytes) {
    this.buf = bytes.slice().order(ByteOrder.LITTLE_ENDIAN);
    this.length = buf.remaining();
  }

  int length() {
    return length;
  }

  ByteBuffer buffer() {
    return buf;
  }

  static IllegalArgumentException fail(String what, long at, String problem) {
    return new IllegalArgumentException(
        "invalid .tflite flatbuffer: " + what + " at byte " + at + ": " + problem);
  }

  private void inBounds(long pos, long size, int align, String what) {
    if (pos < 0 || size < 0 || pos + size > length) {
      throw fail(what, pos, size + " bytes do not fit in the " + length + "-byte buffer");
    }
    if (align > 1 && pos % align != 0) {
      throw fail(what, pos, "not aligned to " + align + " bytes");
    }
  }

  /** Follows the unsigned 32-bit offset stored at {@code at}; the target must be in the buffer. */
  int deref(int at, String what) {
    inBounds(at, 4, 4, what + " offset");
    long target = at + (buf.getInt(at) & 0xFFFFFFFFL);
    if (target >= length) {
      throw fail(what, at, "offset points to " + target + ", past the end (" + length + ")");
    }
    return (int) target;
  }

  /** Verifies the table at {@code pos}: its soffset, vtable and inline size. */
  Table table(int pos, String what) {
    if (++tables > MAX_TABLES) {
      throw fail(what, pos, "more than " + MAX_TABLES + " tables reachable from the root");
    }
    inBounds(pos, 4, 4, what);
    long vtable = (long) pos - buf.getInt(pos);
    inBounds(vtable, 4, 2, what + " vtable");
    int vtableSize = buf.getShort((int) vtable) & 0xFFFF;
    if (vtableSize < 4 || (vtableSize & 1) != 0) {
      throw fail(what + " vtable", vtable, "size " + vtableSize + " is not an even number >= 4");
    }
    inBounds(vtable, vtableSize, 2, what + " vtable");
    int size = buf.getShort((int) vtable + 2) & 0xFFFF;
    if (size < 4) {
      throw fail(what, pos, "inline size " + size + " is smaller than its vtable offset");
    }
    inBounds(pos, size, 4, what);
    return new Table(pos, (int) vtable, vtableSize, size);
  }

  /** Position of field {@code slot} (4, 6, 8, …) of {@code size} bytes, or -1 when absent. */
  int field(Table t, int slot, int size, String what) {
    if (slot + 2 > t.vtableSize) {
      return -1;
    }
    int off = buf.getShort(t.vtable + slot) & 0xFFFF;
    if (off == 0) {
      return -1;
    }
    if (off + size > t.size) {
      throw fail(what, t.pos + off, "field of " + size + " bytes runs past its table");
    }
    int at = t.pos + off;
    if (at % size != 0) {
      throw fail(what, at, "not aligned to " + size + " bytes");
    }
    return at;
  }

  /** A sub-table field, or null when absent. */
  Table tableField(Table t, int slot, String what) {
    int at = field(t, slot, 4, what);
    return at < 0 ? null : table(deref(at, what), what);
  }

  /** A vector field of {@code elemSize}-byte elements, or null when absent. */
  Vector vector(Table t, int slot, int elemSize, String what) {
    int at = field(t, slot, 4, what);
    return at < 0 ? null : vectorAt(deref(at, what), elemSize, what);
  }

  Vector vectorAt(int pos, int elemSize, String what) {
    inBounds(pos, 4, 4, what + " length");
    long count = buf.getInt(pos) & 0xFFFFFFFFL;
    if (count * elemSize > length - pos - 4L) {
      throw fail(what, pos, count + " elements of " + elemSize + " bytes run past the end");
    }
    return new Vector(pos + 4, (int) count);
  }

  /** A string field (vector of bytes plus a terminating zero), or null when absent. */
  String string(Table t, int slot, String what) {
    Vector v = vector(t, slot, 1, what);
    if (v == null) {
      return null;
    }
    if ((long) v.start + v.count >= length || buf.get(v.start + v.count) != 0) {
      throw fail(what, v.start + v.count, "string is not zero-terminated inside the buffer");
    }
    byte[] b = new byte[v.count];
    for (int i = 0; i < b.length; i++) {
      b[i] = buf.get(v.start + i);
    }
    // flatbuffers-java throws on malformed UTF-8 when reading, so it is invalid here too.
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b)).toString();
    } catch (CharacterCodingException e) {
      throw fail(what, v.start, "string is not valid UTF-8 (" + e + ")");
    }
  }

  /** Element {@code i} of a vector of tables. */
  Table tableAt(Vector v, int i, String what) {
    return table(deref(v.start + 4 * i, what), what);
  }

  int intAt(Vector v, int i) {
    return buf.getInt(v.start + 4 * i);
  }

  long uintField(Table t, int slot, long dflt, String what) {
    int at = field(t, slot, 4, what);
    return at < 0 ? dflt : buf.getInt(at) & 0xFFFFFFFFL;
  }

  int intField(Table t, int slot, int dflt, String what) {
    int at = field(t, slot, 4, what);
    return at < 0 ? dflt : buf.getInt(at);
  }

  long longField(Table t, int slot, long dflt, String what) {
    int at = field(t, slot, 8, what);
    return at < 0 ? dflt : buf.getLong(at);
  }

  int byteField(Table t, int slot, int dflt, String what) {
    int at = field(t, slot, 1, what);
    return at < 0 ? dflt : buf.get(at);
  }

  int ubyteField(Table t, int slot, int dflt, String what) {
    int at = field(t, slot, 1, what);
    return at < 0 ? dflt : buf.get(at) & 0xFF;
  }
}
