package org.snaptune.checkpoint;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The checkpoint file format, version 2, big-endian:
 * <pre>
 *   magic "SNAPCKPT" (8 bytes) | version u32 | payload length u64 | payload |
 *   CRC-32 of all preceding bytes (u32)
 *   payload := classCount u32, classCount × string,
 *              varCount u32, varCount × (string name, rank u32, rank × u32 dims, n floats),
 *              stateCount u32, stateCount × (string key, f64 value),
 *              seriesCount u32, seriesCount × (string key, n u32, n × f64)     (version 2 only)
 *   string := u32 byte length, UTF-8 bytes
 * </pre>
 * Version 2 added the named series (the health monitor's memory, so a resumed run judges its
 * steps as the uninterrupted run would). Version 1 files still load, with no series: the monitor
 * then re-learns its early level and windows from the resumed steps.
 * A file whose length, magic, version or checksum is off is rejected with the reason; every length
 * field is checked against the bytes left, so corrupt input cannot trigger a huge allocation.
 * Stateless and thread-safe.
 */
public final class CheckpointCodec {

  /** The current format version. */
  public static final int VERSION = 2;
  /** The oldest version this build still reads. */
  public static final int OLDEST_VERSION = 1;

  private static final byte[] MAGIC = "SNAPCKPT".getBytes(StandardCharsets.US_ASCII);
  private static final int HEADER = 8 + 4 + 8;

  private CheckpointCodec() {}

  /** The file bytes of {@code checkpoint}. */
  public static byte[] encode(Checkpoint checkpoint) {
    try {
      ByteArrayOutputStream payloadBytes = new ByteArrayOutputStream();
      DataOutputStream p = new DataOutputStream(payloadBytes);
      p.writeInt(checkpoint.classNames().size());
      for (String c : checkpoint.classNames()) {
        writeString(p, c);
      }
      Map<String, float[]> vars = checkpoint.variablesView();
      p.writeInt(vars.size());
      for (Map.Entry<String, float[]> e : vars.entrySet()) {
        writeString(p, e.getKey());
        int[] shape = checkpoint.shapesView().get(e.getKey());
        p.writeInt(shape.length);
        for (int d : shape) {
          p.writeInt(d);
        }
        for (float f : e.getValue()) {
          p.writeFloat(f);
        }
      }
      p.writeInt(checkpoint.state().size());
      for (Map.Entry<String, Double> e : checkpoint.state().entrySet()) {
        writeString(p, e.getKey());
        p.writeDouble(e.getValue());
      }
      p.writeInt(checkpoint.seriesView().size());
      for (Map.Entry<String, double[]> e : checkpoint.seriesView().entrySet()) {
        writeString(p, e.getKey());
        p.writeInt(e.getValue().length);
        for (double d : e.getValue()) {
          p.writeDouble(d);
        }
      }
      p.flush();
      byte[] payload = payloadBytes.toByteArray();
      ByteBuffer out = ByteBuffer.allocate(HEADER + payload.length + 4).order(ByteOrder.BIG_ENDIAN);
      out.put(MAGIC).putInt(VERSION).putLong(payload.length).put(payload);
      CRC32 crc = new CRC32();
      crc.update(out.array(), 0, HEADER + payload.length);
      out.putInt((int) crc.getValue());
      return out.array();
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory failed", e);
    }
  }

  /**
   * Parses checkpoint bytes.
   *
   * @throws IllegalArgumentException saying what is wrong (truncated, bad magic, unsupported
   *     version, checksum mismatch, inconsistent contents)
   */
  public static Checkpoint decode(byte[] bytes) {
    if (bytes.length < HEADER + 4) {
      throw new IllegalArgumentException("truncated checkpoint: " + bytes.length
          + " bytes, the header alone needs " + (HEADER + 4));
    }
    ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
    byte[] magic = new byte[MAGIC.length];
    in.get(magic);
    if (!java.util.Arrays.equals(magic, MAGIC)) {
      throw new IllegalArgumentException("not a SnapTune checkpoint (bad magic)");
    }
    int version = in.getInt();
    if (version < OLDEST_VERSION || version > VERSION) {
      throw new IllegalArgumentException("unsupported checkpoint version " + version
          + "; this build reads versions " + OLDEST_VERSION + " to " + VERSION);
    }
    long payloadLength = in.getLong();
    long expected = HEADER + payloadLength + 4;
    if (payloadLength < 0 || expected != bytes.length) {
      throw new IllegalArgumentException("truncated or padded checkpoint: header announces "
          + expected + " bytes, file has " + bytes.length);
    }
    CRC32 crc = new CRC32();
    crc.update(bytes, 0, bytes.length - 4);
    int stored = ByteBuffer.wrap(bytes, bytes.length - 4, 4).order(ByteOrder.BIG_ENDIAN).getInt();
    if (stored != (int) crc.getValue()) {
      throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
          "checkpoint checksum mismatch (stored %08x, computed %08x): the file is corrupt", stored,
          (int) crc.getValue()));
    }
    ByteBuffer p = ByteBuffer.wrap(bytes, HEADER, (int) payloadLength).slice();
    try {
      List<String> classes = new ArrayList<>();
      int nc = count(p, 4);
      for (int i = 0; i < nc; i++) {
        classes.add(readString(p));
      }
      Map<String, float[]> vars = new LinkedHashMap<>();
      Map<String, int[]> shapes = new LinkedHashMap<>();
      int nv = count(p, 8);
      for (int i = 0; i < nv; i++) {
        String name = readString(p);
        int rank = count(p, 4);
        int[] shape = new int[rank];
        long n = 1;
        for (int k = 0; k < rank; k++) {
          shape[k] = p.getInt();
          n *= shape[k];
          if (shape[k] < 0 || n * 4 > p.remaining()) {
            throw new IllegalArgumentException("variable '" + name + "' shape exceeds the file");
          }
        }
        float[] values = new float[(int) n];
        p.asFloatBuffer().get(values);
        p.position(p.position() + 4 * values.length);
        vars.put(name, values);
        shapes.put(name, shape);
      }
      Map<String, Double> state = new LinkedHashMap<>();
      int ns = count(p, 12);
      for (int i = 0; i < ns; i++) {
        state.put(readString(p), p.getDouble());
      }
      Map<String, double[]> series = new LinkedHashMap<>();
      int nq = version >= 2 ? count(p, 8) : 0;
      for (int i = 0; i < nq; i++) {
        String key = readString(p);
        double[] values = new double[count(p, 8)];
        p.asDoubleBuffer().get(values);
        p.position(p.position() + 8 * values.length);
        series.put(key, values);
      }
      if (p.hasRemaining()) {
        throw new IllegalArgumentException(p.remaining() + " unexpected bytes after the contents");
      }
      CheckpointSanity.check(vars, state);
      return new Checkpoint(classes, vars, shapes, state, series);
    } catch (BufferUnderflowException e) {
      throw new IllegalArgumentException("checkpoint contents end early", e);
    }
  }

  private static int count(ByteBuffer p, int minBytesEach) {
    int n = p.getInt();
    if (n < 0 || (long) n * minBytesEach > p.remaining()) {
      throw new IllegalArgumentException("count " + n + " exceeds the checkpoint contents");
    }
    return n;
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String readString(ByteBuffer p) {
    int n = count(p, 1);
    byte[] b = new byte[n];
    p.get(b);
    return new String(b, StandardCharsets.UTF_8);
  }
}
