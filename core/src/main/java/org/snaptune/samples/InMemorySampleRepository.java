package org.snaptune.samples;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snaptune.data.Sample;

/**
 * A {@link SampleRepository} in memory: for tests, the host and as the reference the SQLite one is
 * checked against. Thread-safe: every method synchronizes on the repository.
 */
public final class InMemorySampleRepository implements SampleRepository {

  private static final class Stored {
    final long id;
    final long classId;
    final float[] embedding;
    final byte[] thumbnail;
    final long timeMillis;

    Stored(long id, long classId, float[] embedding, byte[] thumbnail, long timeMillis) {
      this.id = id;
      this.classId = classId;
      this.embedding = embedding;
      this.thumbnail = thumbnail;
      this.timeMillis = timeMillis;
    }
  }

  private final int embeddingSize;
  private final Map<Long, String> classes = new LinkedHashMap<>();
  private final Map<Long, Stored> samples = new LinkedHashMap<>();
  private long nextClassId = 1;
  private long nextSampleId = 1;

  /** @param embeddingSize the backbone's embedding size, at least 1 */
  public InMemorySampleRepository(int embeddingSize) {
    if (embeddingSize < 1) {
      throw new IllegalArgumentException("embedding size must be >= 1, got " + embeddingSize);
    }
    this.embeddingSize = embeddingSize;
  }

  @Override
  public synchronized List<SampleClass> classes() {
    List<SampleClass> out = new ArrayList<>();
    for (Map.Entry<Long, String> c : classes.entrySet()) {
      out.add(new SampleClass(c.getKey(), c.getValue(), count(c.getKey())));
    }
    return Collections.unmodifiableList(out);
  }

  @Override
  public synchronized SampleClass createClass(String name) {
    String checked = ClassNames.check(name, classes.values());
    long id = nextClassId++;
    classes.put(id, checked);
    return new SampleClass(id, checked, 0);
  }

  @Override
  public synchronized SampleClass renameClass(long classId, String newName) {
    String old = requireClass(classId);
    List<String> others = new ArrayList<>(classes.values());
    others.remove(old);
    String checked = ClassNames.check(newName, others);
    classes.put(classId, checked);
    return new SampleClass(classId, checked, count(classId));
  }

  @Override
  public synchronized void deleteClass(long classId) {
    requireClass(classId);
    classes.remove(classId);
    samples.values().removeIf(s -> s.classId == classId);
  }

  @Override
  public synchronized long addSample(long classId, float[] embedding, byte[] thumbnail,
      long timeMillis) {
    requireClass(classId);
    ClassNames.checkEmbedding(embedding, embeddingSize);
    if (thumbnail == null || thumbnail.length == 0) {
      throw new IllegalArgumentException("a sample needs a non-empty thumbnail");
    }
    long id = nextSampleId++;
    samples.put(id, new Stored(id, classId, embedding.clone(), thumbnail.clone(), timeMillis));
    return id;
  }

  @Override
  public synchronized void deleteSample(long sampleId) {
    if (samples.remove(sampleId) == null) {
      throw new IllegalArgumentException("no sample with id " + sampleId);
    }
  }

  @Override
  public synchronized List<SampleEntry> samplesOf(long classId) {
    requireClass(classId);
    List<SampleEntry> out = new ArrayList<>();
    for (Stored s : samples.values()) {
      if (s.classId == classId) {
        out.add(0, new SampleEntry(s.id, s.classId, s.timeMillis));
      }
    }
    return Collections.unmodifiableList(out);
  }

  @Override
  public synchronized byte[] thumbnail(long sampleId) {
    return requireSample(sampleId).thumbnail.clone();
  }

  @Override
  public synchronized float[] embedding(long sampleId) {
    return requireSample(sampleId).embedding.clone();
  }

  @Override
  public synchronized List<String> classNames() {
    return Collections.unmodifiableList(new ArrayList<>(classes.values()));
  }

  @Override
  public int embeddingSize() {
    return embeddingSize;
  }

  @Override
  public synchronized List<Sample> samples() {
    List<Sample> out = new ArrayList<>();
    for (Stored s : samples.values()) {
      out.add(new Sample(Long.toString(s.id), classes.get(s.classId), s.embedding, s.timeMillis));
    }
    return Collections.unmodifiableList(out);
  }

  private int count(long classId) {
    int n = 0;
    for (Stored s : samples.values()) {
      if (s.classId == classId) {
        n++;
      }
    }
    return n;
  }

  private String requireClass(long classId) {
    String name = classes.get(classId);
    if (name == null) {
      throw new IllegalArgumentException("no class with id " + classId);
    }
    return name;
  }

  private Stored requireSample(long sampleId) {
    Stored s = samples.get(sampleId);
    if (s == null) {
      throw new IllegalArgumentException("no sample with id " + sampleId);
    }
    return s;
  }
}
