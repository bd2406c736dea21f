package org.snaptune.storage;

import android.content.Context;
import android.database.Cursor;
import android.database.sqlite.SQLiteDatabase;
import android.database.sqlite.SQLiteException;
import java.io.File;

/**
 * The one place the app opens its sample database: one shared {@link SqliteSampleRepository}
 * per process, held by the app container, for the camera screen and the review screen alike. The
 * repository is opened for the backbone's embedding size; when the backbone changes size, it is
 * reopened. The review screen, which never stores samples, takes the open one or opens it for the
 * size of the stored samples.
 *
 * <p>Thread-safe. Owns the repository: screens must not close it; {@link #close()} (idempotent)
 * closes it when the container is dropped.
 */
public final class SampleDatabase implements AutoCloseable {

  private final Context app;
  private final String name;
  private SqliteSampleRepository open;
  private boolean closed;

  /** @param name the database file in the app's database directory */
  public SampleDatabase(Context context, String name) {
    if (context == null || name == null || name.isEmpty()) {
      throw new IllegalArgumentException("SampleDatabase needs a context and a file name");
    }
    this.app = context.getApplicationContext();
    this.name = name;
  }

  /** The repository for a backbone with this embedding size (opened or reopened as needed). */
  public synchronized SqliteSampleRepository forEmbeddingSize(int embeddingSize) {
    if (closed) {
      throw new IllegalStateException("the sample database is closed");
    }
    if (open != null && open.embeddingSize() != embeddingSize) {
      open.close();
      open = null;
    }
    if (open == null) {
      open = new SqliteSampleRepository(app, name, embeddingSize);
    }
    return open;
  }

  /**
   * The repository for reviewing: the open one, else one opened for the embedding size of the
   * newest stored sample (any size when there are none: then nothing is stored through it before
   * the camera screen reopens it for its backbone).
   */
  public synchronized SqliteSampleRepository forReview() {
    if (open != null) {
      return open;
    }
    return forEmbeddingSize(storedEmbeddingSize());
  }

  private int storedEmbeddingSize() {
    File file = app.getDatabasePath(name);
    if (!file.isFile()) {
      return 1;
    }
    try (SQLiteDatabase db = SQLiteDatabase.openDatabase(file.getPath(), null,
        SQLiteDatabase.OPEN_READONLY);
        Cursor c = db.rawQuery("SELECT dim FROM samples ORDER BY id DESC LIMIT 1", null)) {
      return c.moveToFirst() ? c.getInt(0) : 1;
    } catch (SQLiteException e) {
      return 1; // no samples table yet: an empty database
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (open != null) {
      open.close();
      open = null;
    }
  }
}
