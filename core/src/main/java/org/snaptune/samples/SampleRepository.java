package org.snaptune.samples;

import java.util.List;
import org.snaptune.data.SampleStore;

/**
 * The user's classes and their samples (embedding plus thumbnail), as the camera and review screens
 * edit them: SQLite on the phone, memory in tests and on the host. It is also the trainer's
 * {@link SampleStore}: {@link #classNames()} lists the classes in creation order (the head's output
 * order) and {@link #samples()} labels each sample with its class's current name and uses the
 * decimal sample id as the {@code Sample} id.
 *
 * <p>Every embedding has {@link #embeddingSize()} elements (the backbone's). Class names are
 * validated by {@link ClassNames#check}. Deleting a class deletes its samples. Unknown ids give an
 * IllegalArgumentException naming the id. Implementations are thread-safe.
 */
public interface SampleRepository extends SampleStore {

  /** All classes in creation order, with their current sample counts. */
  List<SampleClass> classes();

  /**
   * Creates a class.
   *
   * @throws IllegalArgumentException if the name is invalid or already used (ignoring case)
   */
  SampleClass createClass(String name);

  /**
   * Renames a class; its samples follow.
   *
   * @throws IllegalArgumentException for an unknown id or an invalid / taken name
   */
  SampleClass renameClass(long classId, String newName);

  /** Deletes a class and all its samples. @throws IllegalArgumentException for an unknown id */
  void deleteClass(long classId);

  /**
   * Stores a sample.
   *
   * @param embedding {@link #embeddingSize()} finite values (copied)
   * @param thumbnail encoded image bytes (the app stores JPEG), non-empty (copied)
   * @return the new sample's id
   * @throws IllegalArgumentException for an unknown class or a bad embedding / thumbnail
   */
  long addSample(long classId, float[] embedding, byte[] thumbnail, long timeMillis);

  /** Deletes one sample. @throws IllegalArgumentException for an unknown id */
  void deleteSample(long sampleId);

  /** The samples of one class, newest first. @throws IllegalArgumentException for an unknown id */
  List<SampleEntry> samplesOf(long classId);

  /** A copy of a sample's thumbnail bytes. @throws IllegalArgumentException for an unknown id */
  byte[] thumbnail(long sampleId);

  /** A copy of a sample's embedding. @throws IllegalArgumentException for an unknown id */
  float[] embedding(long sampleId);
}
