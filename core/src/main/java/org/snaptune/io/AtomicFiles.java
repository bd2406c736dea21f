package org.snaptune.io;

import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes files all or nothing: the bytes go to a temporary file in the target's folder (so the
 * final rename never crosses file systems), which is flushed to the disk ({@code fsync}) and then
 * renamed onto the target in one atomic step; on any failure the temporary file is deleted and an
 * existing target is left as it was. Readers therefore see the old file or the complete new one,
 * never a half-written one, even after a crash or power loss mid-write.
 *
 * <p>Temporary files are named {@code .<target name>.<random>.tmp}, hidden beside the target.
 * Stateless and thread-safe; two writers racing for one target each write a complete file and the
 * later rename wins. Runs on Java 8 and Android (API 26+).
 */
public final class AtomicFiles {

  /** Writes a file's content into a stream it does not close. */
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  private AtomicFiles() {}

  /** Atomically replaces (or creates) {@code target} with {@code bytes}. */
  public static void write(Path target, byte[] bytes) throws IOException {
    write(target, out -> out.write(bytes));
  }

  /**
   * Atomically replaces (or creates) {@code target} with what {@code content} writes. If it
   * throws, the exception propagates, no temporary file is left and the target is unchanged.
   *
   * @throws NoSuchFileException when the target's folder does not exist
   * @throws IOException when the target is a folder or cannot be written, naming the path
   */
  public static void write(Path target, Content content) throws IOException {
    try (Pending p = open(target)) {
      content.writeTo(p.stream());
      p.commit();
    }
  }

  /**
   * Starts writing {@code target} in steps (a stream filled over a long run): write to
   * {@link Pending#stream()}, then {@link Pending#commit()}; {@link Pending#close()} without a
   * commit deletes the temporary file and leaves the target alone.
   *
   * @throws NoSuchFileException when the target's folder does not exist
   * @throws IOException when the target is a folder or the folder is not writable, naming the path
   */
  public static Pending open(Path target) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path folder = absolute.getParent();
    if (folder == null) {
      throw new IOException("cannot write '" + target + "': it has no parent folder");
    }
    if (Files.isDirectory(absolute)) {
      throw new IOException("cannot write '" + target + "': it is a folder");
    }
    if (!Files.isDirectory(folder)) {
      throw new NoSuchFileException(folder.toString(), null,
          "the folder of '" + target + "' does not exist");
    }
    Path tmp = Files.createTempFile(folder, "." + absolute.getFileName() + ".", ".tmp");
    try {
      return new Pending(absolute, tmp, new FileOutputStream(tmp.toFile()));
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
  }

  /**
   * Deletes the temporary files a crash (process killed, power lost) left beside {@code target}
   * while writing it, e.g. when a store opens; returns how many. Call it only when no write of
   * that target can be under way.
   */
  public static int deleteLeftovers(Path target) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path folder = absolute.getParent();
    if (folder == null || !Files.isDirectory(folder)) {
      return 0;
    }
    String prefix = "." + absolute.getFileName() + ".";
    int deleted = 0;
    try (DirectoryStream<Path> temps = Files.newDirectoryStream(folder, p -> {
      String name = p.getFileName().toString();
      return name.startsWith(prefix) && name.endsWith(".tmp")
          && name.length() > prefix.length() + ".tmp".length();
    })) {
      for (Path p : temps) {
        if (Files.isRegularFile(p) && Files.deleteIfExists(p)) {
          deleted++;
        }
      }
    }
    return deleted;
  }

  /**
   * A file being written: the temporary file and its stream. Not thread-safe; owns the
   * temporary file; {@link #close()} is idempotent.
   */
  public static final class Pending implements AutoCloseable {
    private final Path target;
    private final Path tmp;
    private final FileOutputStream file;
    private final OutputStream stream;
    private boolean done;

    private Pending(Path target, Path tmp, FileOutputStream file) {
      this.target = target;
      this.tmp = tmp;
      this.file = file;
      this.stream = new Unclosable(file);
    }

    /** The file the commit will replace. */
    public Path target() { return target; }

    /**
     * Where the content goes. Closing it (or a writer around it) only flushes: the file stays
     * open for {@link #commit()}, so writers may be closed first to flush their buffers.
     */
    public OutputStream stream() { return stream; }

    /**
     * Flushes the content to the disk and renames it onto the target. Flush or close any
     * buffering writer around {@link #stream()} first: what it still holds is not written.
     *
     * @throws IllegalStateException after a commit or close
     */
    public void commit() throws IOException {
      commit(null);
    }

    /**
     * As {@link #commit()}, but first renames the current target (when there is one) to
     * {@code previous}, replacing it: a store keeps its last good file beside the new one. Both
     * renames happen after the new content is on the disk, so at every instant a complete file
     * exists under one of the two names.
     *
     * @throws IllegalStateException after a commit or close
     */
    public void commitKeepingPrevious(Path previous) throws IOException {
      if (previous == null) {
        throw new IllegalArgumentException("previous is null; use commit() to keep nothing");
      }
      commit(previous.toAbsolutePath());
    }

    private void commit(Path previous) throws IOException {
      if (done) {
        throw new IllegalStateException("'" + target + "' was already committed or abandoned");
      }
      boolean moved = false;
      try {
        file.flush();
        file.getFD().sync();
        file.close();
        if (previous != null && Files.exists(target)) {
          move(target, previous);
        }
        move(tmp, target);
        moved = true;
        syncFolder(target.getParent());
      } finally {
        done = true;
        if (!moved) {
          closeQuietly(file);
          Files.deleteIfExists(tmp);
        }
      }
    }

    /** Without a commit: closes the stream and deletes the temporary file. Idempotent. */
    @Override
    public void close() throws IOException {
      if (!done) {
        done = true;
        try {
          file.close();
        } finally {
          Files.deleteIfExists(tmp);
        }
      }
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      // Same folder, so this is still a single rename on every common file system.
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * Makes the rename itself durable. Best effort: some systems (Windows, some Android file
   * systems) cannot open a folder, and the file's content is already on the disk.
   */
  private static void syncFolder(Path folder) {
    try (FileChannel dir = FileChannel.open(folder, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException | RuntimeException e) {
      // Nothing to do: the rename is done and the content synced.
    }
  }

  private static void closeQuietly(OutputStream out) {
    try {
      out.close();
    } catch (IOException e) {
      // Already failing; the first error is the one to report.
    }
  }

  /** Passes writes through; close only flushes, so the owner can sync before closing. */
  private static final class Unclosable extends FilterOutputStream {
    private boolean closed;

    Unclosable(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      check();
      out.write(b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      check();
      out.write(b, off, len);
    }

    @Override
    public void flush() throws IOException {
      check();
      out.flush();
    }

    @Override
    public void close() throws IOException {
      if (!closed) {
        out.flush();
        closed = true;
      }
    }

    private void check() throws IOException {
      if (closed) {
        throw new IOException("stream closed");
      }
    }
  }
}
