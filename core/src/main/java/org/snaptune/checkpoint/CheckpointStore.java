package org.snaptune.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.snaptune.io.AtomicFiles;

/**
 * Keeps a checkpoint file and the previous good one beside it ({@code NAME.prev}).
 *
 * <p>{@link #save} writes a temporary file through {@link AtomicFiles}, fsyncs it, moves the
 * current file to {@code NAME.prev} and atomically renames the temporary file to {@code NAME}: at
 * every instant at least one complete, checksummed file exists, and a crash leaves at worst a
 * stray temporary file, which {@link #delete} removes.
 * {@link #load} reads {@code NAME}, falls back to {@code NAME.prev} when it is missing, truncated
 * or corrupt, and reports why. Thread-safe: methods synchronize on the store; separate processes
 * must not share one file.
 */
public final class CheckpointStore {

  /**
   * Largest checkpoint read: 32 million floats, e.g. a 10-million-parameter head with Adam's two
   * slots. Larger files are refused before anything is allocated (a file over 2 GiB used to
   * escape as OutOfMemoryError) and the previous file is tried.
   */
  public static final long MAX_BYTES = 128L << 20;

  private final Path file;
  private final Path previous;
  /** Where versions before {@link AtomicFiles} wrote; a crash may have left one behind. */
  private final Path legacyTemporary;

  public CheckpointStore(Path file) {
    if (file == null || file.getFileName() == null) {
      throw new IllegalArgumentException("checkpoint path must name a file, got " + file);
    }
    this.file = file.toAbsolutePath();
    this.previous = this.file.resolveSibling(this.file.getFileName() + ".prev");
    this.legacyTemporary = this.file.resolveSibling(this.file.getFileName() + ".tmp");
  }

  public Path file() { return file; }
  public Path previousFile() { return previous; }

  /** Saves atomically, keeping the file it replaces as the previous good one. */
  public synchronized void save(Checkpoint checkpoint) throws IOException {
    byte[] bytes = CheckpointCodec.encode(checkpoint);
    Files.createDirectories(file.getParent());
    try (AtomicFiles.Pending pending = AtomicFiles.open(file)) {
      pending.stream().write(bytes);
      // A corrupt current file must not replace the good previous one.
      if (Files.exists(file) && isValid(file)) {
        pending.commitKeepingPrevious(previous);
      } else {
        pending.commit();
      }
    }
  }

  /**
   * Deletes the checkpoint, the previous one and any stray temporary file: the run they belong
   * to is over, and a later run must not continue from it.
   */
  public synchronized void delete() throws IOException {
    Files.deleteIfExists(legacyTemporary);
    AtomicFiles.deleteLeftovers(file);
    Files.deleteIfExists(file);
    Files.deleteIfExists(previous);
  }

  /** Whether {@code path} holds a readable checkpoint. */
  private static boolean isValid(Path path) {
    try {
      CheckpointCodec.decode(readCapped(path));
      return true;
    } catch (IOException | IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * Loads the newest valid checkpoint.
   *
   * @return the checkpoint (null when no valid one exists), where it came from, and the problems
   *     met on the way (empty when the main file was fine)
   */
  public synchronized LoadResult load() {
    List<String> problems = new ArrayList<>();
    Checkpoint main = tryRead(file, problems);
    if (main != null) {
      return new LoadResult(main, file, problems);
    }
    Checkpoint prev = tryRead(previous, problems);
    return new LoadResult(prev, prev == null ? null : previous, problems);
  }

  private static Checkpoint tryRead(Path path, List<String> problems) {
    try {
      return CheckpointCodec.decode(readCapped(path));
    } catch (NoSuchFileException e) {
      problems.add(path.getFileName() + ": missing");
    } catch (IOException e) {
      problems.add(path.getFileName() + ": unreadable (" + e.getMessage() + ")");
    } catch (IllegalArgumentException e) {
      problems.add(path.getFileName() + ": " + e.getMessage());
    }
    return null;
  }

  /** Reads {@code path} if it is a regular file of at most {@link #MAX_BYTES}. */
  private static byte[] readCapped(Path path) throws IOException {
    if (!Files.exists(path)) {
      throw new NoSuchFileException(path.toString());
    }
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException("not a regular file");
    }
    long size = Files.size(path);
    if (size > MAX_BYTES) {
      throw new IllegalArgumentException(size + " bytes, more than the " + MAX_BYTES
          + "-byte limit for a checkpoint");
    }
    return Files.readAllBytes(path);
  }

  /** Outcome of {@link #load()}. Immutable. */
  public static final class LoadResult {
    private final Checkpoint checkpoint;
    private final Path source;
    private final List<String> problems;

    LoadResult(Checkpoint checkpoint, Path source, List<String> problems) {
      this.checkpoint = checkpoint;
      this.source = source;
      this.problems = Collections.unmodifiableList(new ArrayList<>(problems));
    }

    /** The loaded checkpoint, or null when neither file was valid. */
    public Checkpoint checkpoint() { return checkpoint; }

    /** The file it came from, or null. */
    public Path source() { return source; }

    /** Whether the previous file had to be used. */
    public boolean usedPrevious() {
      return source != null && source.getFileName().toString().endsWith(".prev");
    }

    /** Why files were skipped, one line each. */
    public List<String> problems() { return problems; }

    @Override
    public String toString() {
      return (checkpoint == null ? "no valid checkpoint" : "loaded " + source)
          + (problems.isEmpty() ? "" : " " + problems);
    }
  }
}
