package org.snaptune.storage;

import android.content.ContentValues;
import android.content.Context;
import android.database.Cursor;
import android.database.sqlite.SQLiteDatabase;
import android.database.sqlite.SQLiteOpenHelper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.snaptune.data.Sample;
import org.snaptune.samples.ClassNames;
import org.snaptune.samples.SampleClass;
import org.snaptune.samples.SampleEntry;
import org.snaptune.samples.SampleRepository;

/**
 * The user's classes and samples in SQLite, through the framework's {@link SQLiteOpenHelper}: two
 * tables, classes and samples (embedding as a little-endian float32 blob, thumbnail as JPEG bytes),
 * with ON DELETE CASCADE from class to samples. Chosen over Room because Room needs its annotation
 * processor in the build, and two tables with a handful of queries do not earn that machinery.
 *
 * <p>The database holds embeddings of one backbone; the size is checked on every insert, and
 * samples of another size (a different backbone) are left out of {@link #samples()}.
 *
 * <p>Thread-safe: SQLiteDatabase serialises access; multi-statement changes run in transactions.
 * The repository owns its connection; call {@link #close()} when the app no longer needs it.
 */
public final class SqliteSampleRepository extends SQLiteOpenHelper implements SampleRepository {

  public static final String DEFAULT_NAME = "samples.db";
  private static final int VERSION = 1;

  private final int embeddingSize;

  /**
   * @param name the database file name in the app's database directory, or null for memory
   * @param embeddingSize the current backbone's embedding size
   */
  public SqliteSampleRepository(Context context, String name, int embeddingSize) {
    super(context.getApplicationContext(), name, null, VERSION);
    if (embeddingSize < 1) {
      throw new IllegalArgumentException("embedding size must be >= 1, got " + embeddingSize);
    }
    this.embeddingSize = embeddingSize;
  }

  @Override
  public void onConfigure(SQLiteDatabase db) {
    db.setForeignKeyConstraintsEnabled(true);
  }

  @Override
  public void onCreate(SQLiteDatabase db) {
    db.execSQL("CREATE TABLE classes (id INTEGER PRIMARY KEY AUTOINCREMENT,"
        + " name TEXT NOT NULL UNIQUE COLLATE NOCASE)");
    db.execSQL("CREATE TABLE samples (id INTEGER PRIMARY KEY AUTOINCREMENT,"
        + " class_id INTEGER NOT NULL REFERENCES classes(id) ON DELETE CASCADE,"
        + " time_millis INTEGER NOT NULL, dim INTEGER NOT NULL, embedding BLOB NOT NULL,"
        + " thumbnail BLOB NOT NULL)");
    db.execSQL("CREATE INDEX samples_by_class ON samples(class_id, id)");
  }

  @Override
  public void onUpgrade(SQLiteDatabase db, int oldVersion, int newVersion) {
    // Version 1 is the first schema; a future version migrates here, never drops user data.
    throw new IllegalStateException("no migration from schema " + oldVersion + " to " + newVersion);
  }

  @Override
  public List<SampleClass> classes() {
    List<SampleClass> out = new ArrayList<>();
    try (Cursor c = getReadableDatabase().rawQuery("SELECT c.id, c.name, COUNT(s.id) FROM classes c"
        + " LEFT JOIN samples s ON s.class_id = c.id GROUP BY c.id ORDER BY c.id", null)) {
      while (c.moveToNext()) {
        out.add(new SampleClass(c.getLong(0), c.getString(1), c.getInt(2)));
      }
    }
    return Collections.unmodifiableList(out);
  }

  @Override
  public SampleClass createClass(String name) {
    SQLiteDatabase db = getWritableDatabase();
    db.beginTransaction();
    try {
      String checked = ClassNames.check(name, classNames());
      ContentValues values = new ContentValues();
      values.put("name", checked);
      long id = db.insertOrThrow("classes", null, values);
      db.setTransactionSuccessful();
      return new SampleClass(id, checked, 0);
    } finally {
      db.endTransaction();
    }
  }

  @Override
  public SampleClass renameClass(long classId, String newName) {
    SQLiteDatabase db = getWritableDatabase();
    db.beginTransaction();
    try {
      String old = className(classId);
      List<String> others = new ArrayList<>(classNames());
      others.remove(old);
      String checked = ClassNames.check(newName, others);
      ContentValues values = new ContentValues();
      values.put("name", checked);
      db.update("classes", values, "id = ?", args(classId));
      db.setTransactionSuccessful();
      return new SampleClass(classId, checked, count(classId));
    } finally {
      db.endTransaction();
    }
  }

  @Override
  public void deleteClass(long classId) {
    if (getWritableDatabase().delete("classes", "id = ?", args(classId)) == 0) {
      throw new IllegalArgumentException("no class with id " + classId);
    }
  }

  @Override
  public long addSample(long classId, float[] embedding, byte[] thumbnail, long timeMillis) {
    ClassNames.checkEmbedding(embedding, embeddingSize);
    if (thumbnail == null || thumbnail.length == 0) {
      throw new IllegalArgumentException("a sample needs a non-empty thumbnail");
    }
    SQLiteDatabase db = getWritableDatabase();
    db.beginTransaction();
    try {
      className(classId);
      ContentValues values = new ContentValues();
      values.put("class_id", classId);
      values.put("time_millis", timeMillis);
      values.put("dim", embedding.length);
      values.put("embedding", toBlob(embedding));
      values.put("thumbnail", thumbnail);
      long id = db.insertOrThrow("samples", null, values);
      db.setTransactionSuccessful();
      return id;
    } finally {
      db.endTransaction();
    }
  }

  @Override
  public void deleteSample(long sampleId) {
    if (getWritableDatabase().delete("samples", "id = ?", args(sampleId)) == 0) {
      throw new IllegalArgumentException("no sample with id " + sampleId);
    }
  }

  @Override
  public List<SampleEntry> samplesOf(long classId) {
    className(classId);
    List<SampleEntry> out = new ArrayList<>();
    try (Cursor c = getReadableDatabase().rawQuery("SELECT id, time_millis FROM samples"
        + " WHERE class_id = ? ORDER BY id DESC", args(classId))) {
      while (c.moveToNext()) {
        out.add(new SampleEntry(c.getLong(0), classId, c.getLong(1)));
      }
    }
    return Collections.unmodifiableList(out);
  }

  @Override
  public byte[] thumbnail(long sampleId) {
    return blob("thumbnail", sampleId);
  }

  @Override
  public float[] embedding(long sampleId) {
    return fromBlob(blob("embedding", sampleId));
  }

  @Override
  public List<String> classNames() {
    List<String> out = new ArrayList<>();
    try (Cursor c = getReadableDatabase().rawQuery("SELECT name FROM classes ORDER BY id", null)) {
      while (c.moveToNext()) {
        out.add(c.getString(0));
      }
    }
    return Collections.unmodifiableList(out);
  }

  @Override
  public int embeddingSize() {
    return embeddingSize;
  }

  @Override
  public List<Sample> samples() {
    List<Sample> out = new ArrayList<>();
    try (Cursor c = getReadableDatabase().rawQuery("SELECT s.id, c.name, s.embedding,"
        + " s.time_millis FROM samples s JOIN classes c ON c.id = s.class_id WHERE s.dim = ?"
        + " ORDER BY s.id", new String[] {Integer.toString(embeddingSize)})) {
      while (c.moveToNext()) {
        out.add(new Sample(Long.toString(c.getLong(0)), c.getString(1), fromBlob(c.getBlob(2)),
            c.getLong(3)));
      }
    }
    return Collections.unmodifiableList(out);
  }

  private String className(long classId) {
    try (Cursor c = getReadableDatabase().rawQuery("SELECT name FROM classes WHERE id = ?",
        args(classId))) {
      if (!c.moveToFirst()) {
        throw new IllegalArgumentException("no class with id " + classId);
      }
      return c.getString(0);
    }
  }

  private int count(long classId) {
    try (Cursor c = getReadableDatabase().rawQuery("SELECT COUNT(*) FROM samples WHERE class_id = ?",
        args(classId))) {
      c.moveToFirst();
      return c.getInt(0);
    }
  }

  private byte[] blob(String column, long sampleId) {
    try (Cursor c = getReadableDatabase().rawQuery("SELECT " + column + " FROM samples WHERE id = ?",
        args(sampleId))) {
      if (!c.moveToFirst()) {
        throw new IllegalArgumentException("no sample with id " + sampleId);
      }
      return c.getBlob(0);
    }
  }

  private static String[] args(long id) {
    return new String[] {Long.toString(id)};
  }

  static byte[] toBlob(float[] values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(values);
    return b.array();
  }

  static float[] fromBlob(byte[] blob) {
    float[] out = new float[blob.length / 4];
    ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
    return out;
  }
}
