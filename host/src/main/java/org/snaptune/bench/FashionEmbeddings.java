package org.snaptune.bench;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.snaptune.cli.IdxImages;
import org.snaptune.cli.ImageEmbedder;
import org.snaptune.data.Dataset;

/**
 * The trainer benchmark's data: a fixed, seeded subset of Fashion-MNIST (a training pool from the
 * 60k training images, a held-out set from the 10k test images), embedded through MobileNetV2 and
 * cached under {@code target/} keyed by backbone hash, sizes and seed. Not thread-safe.
 */
final class FashionEmbeddings {

  static final List<String> CLASSES = Arrays.asList("T-shirt/top", "Trouser", "Pullover", "Dress",
      "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

  final Dataset pool;
  final Dataset heldOut;
  final double embedSeconds;
  final boolean fromCache;

  private FashionEmbeddings(Dataset pool, Dataset heldOut, double embedSeconds, boolean cached) {
    this.pool = pool;
    this.heldOut = heldOut;
    this.embedSeconds = embedSeconds;
    this.fromCache = cached;
  }

  /**
   * The pool in the order of draw {@code draw}: as embedded for draw 0, else shuffled with seed
   * {@code seed + draw}, so each draw of a benchmark picks other samples.
   */
  Dataset shuffledPool(long seed, int draw) {
    if (draw == 0) {
      return pool;
    }
    int n = pool.size();
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Random r = new Random(seed + draw);
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return pool.subset(order);
  }

  /** Every row of {@code d} in one row-major array (what the L-BFGS reference takes). */
  static float[] rows(Dataset d) {
    float[] x = new float[d.size() * d.dimension()];
    for (int i = 0; i < d.size(); i++) {
      d.copyRow(i, x, i * d.dimension());
    }
    return x;
  }

  /** The first {@code k} pool samples of every class (the pool is in seeded random order). */
  static Dataset firstPerClass(Dataset pool, int k) {
    int[] taken = new int[CLASSES.size()];
    List<Integer> rows = new ArrayList<>();
    for (int i = 0; i < pool.size(); i++) {
      int c = pool.label(i);
      if (taken[c] < k) {
        taken[c]++;
        rows.add(i);
      }
    }
    int[] idx = new int[rows.size()];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = rows.get(i);
    }
    return pool.subset(idx);
  }

  /**
   * The set the Fashion-MNIST benchmarks share: 50 pool and 200 held-out images per class,
   * embedded by the shared MobileNetV2 with 2 threads, from {@code -Dsnaptune.fashion.dir}
   * (default the Debian package's folder) and cached in {@code -Dsnaptune.bench.cache}.
   */
  static FashionEmbeddings loadShared(long seed) throws IOException {
    Path idx = Paths.get(System.getProperty("snaptune.fashion.dir",
        "/usr/share/datasets/fashion-mnist"));
    Path cache = Paths.get(System.getProperty("snaptune.bench.cache", "target/trainer-bench"));
    return load(idx, BenchFiles.sharedModels().resolve(BenchFiles.MOBILENET_V2_QUANT), cache, 50,
        200, seed, 2);
  }

  static FashionEmbeddings load(Path idxDir, Path backbone, Path cacheDir, int poolPerClass,
      int heldOutPerClass, long seed, int threads) throws IOException {
    byte[] model = Files.readAllBytes(backbone);
    String key = String.format(Locale.ROOT, "fmnist-%s-p%d-h%d-s%d.bin", sha(model).substring(0, 12),
        poolPerClass, heldOutPerClass, seed);
    Path cache = cacheDir.resolve(key);
    if (Files.isRegularFile(cache)) {
      try (InputStream raw = Files.newInputStream(cache);
          DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw))) {
        Dataset p = readDataset(in);
        Dataset h = readDataset(in);
        return new FashionEmbeddings(p, h, 0, true);
      }
    }
    IdxImages train = IdxImages.read(find(idxDir, "train-images-idx3-ubyte"),
        find(idxDir, "train-labels-idx1-ubyte"));
    IdxImages test = IdxImages.read(find(idxDir, "t10k-images-idx3-ubyte"),
        find(idxDir, "t10k-labels-idx1-ubyte"));
    Random random = new Random(seed);
    long t0 = System.nanoTime();
    Dataset p;
    Dataset h;
    try (ImageEmbedder embedder = new ImageEmbedder(model, threads)) {
      p = embed(embedder, train, pick(train, poolPerClass, random));
      h = embed(embedder, test, pick(test, heldOutPerClass, random));
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    Files.createDirectories(cacheDir);
    Path tmp = Files.createTempFile(cacheDir, key, ".tmp");
    try (OutputStream raw = Files.newOutputStream(tmp);
        DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(raw))) {
      writeDataset(out, p);
      writeDataset(out, h);
    }
    Files.move(tmp, cache, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return new FashionEmbeddings(p, h, seconds, false);
  }

  /** {@code perClass} random image indices of every class, in random order. */
  private static int[] pick(IdxImages images, int perClass, Random random) {
    int n = images.count();
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    int[] taken = new int[CLASSES.size()];
    int[] out = new int[perClass * CLASSES.size()];
    int k = 0;
    for (int i = 0; i < n && k < out.length; i++) {
      int c = images.label(order[i]);
      if (taken[c] < perClass) {
        taken[c]++;
        out[k++] = order[i];
      }
    }
    return out;
  }

  private static Dataset embed(ImageEmbedder embedder, IdxImages images, int[] which) {
    int d = embedder.dimension();
    float[] x = new float[which.length * d];
    int[] y = new int[which.length];
    for (int i = 0; i < which.length; i++) {
      float[] e = embedder.embed(images.argb(which[i]), images.cols(), images.rows());
      System.arraycopy(e, 0, x, i * d, d);
      y[i] = images.label(which[i]);
      if ((i + 1) % 500 == 0) {
        System.out.printf(Locale.ROOT, "  embedded %d/%d%n", i + 1, which.length);
      }
    }
    return new Dataset(CLASSES, d, x, y);
  }

  private static Path find(Path dir, String base) {
    for (String name : new String[] {base, base + ".gz"}) {
      Path p = dir.resolve(name);
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    throw new IllegalArgumentException("missing " + base + "[.gz] in " + dir
        + " (install the Debian package dataset-fashion-mnist)");
  }

  private static void writeDataset(DataOutputStream out, Dataset d) throws IOException {
    out.writeInt(d.size());
    out.writeInt(d.dimension());
    float[] row = new float[d.dimension()];
    for (int i = 0; i < d.size(); i++) {
      out.writeInt(d.label(i));
      d.copyRow(i, row, 0);
      for (float v : row) {
        out.writeFloat(v);
      }
    }
  }

  private static Dataset readDataset(DataInputStream in) throws IOException {
    int n = in.readInt();
    int dim = in.readInt();
    float[] x = new float[n * dim];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = in.readInt();
      for (int j = 0; j < dim; j++) {
        x[i * dim + j] = in.readFloat();
      }
    }
    return new Dataset(CLASSES, dim, x, y);
  }

  private static String sha(byte[] bytes) {
    try {
      StringBuilder sb = new StringBuilder();
      for (byte b : MessageDigest.getInstance("SHA-256").digest(bytes)) {
        sb.append(String.format(Locale.ROOT, "%02x", b));
      }
      return sb.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }
}
