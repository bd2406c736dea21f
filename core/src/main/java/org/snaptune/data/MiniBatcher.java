package org.snaptune.data;

import java.util.Arrays;
import java.util.Random;

/**
 * Cuts a dataset into shuffled fixed-size mini-batches. The order of epoch {@code e} depends only
 * on the seed and {@code e}, so a resumed training run sees the same batches as an uninterrupted
 * one. The last batch of an epoch is padded with weight-0 rows (copies of zero) to keep the head's
 * input shape fixed. Not thread-safe: it reuses one {@link Batch}.
 */
public final class MiniBatcher {

  private final Dataset data;
  private final int batchSize;
  private final float[] classWeights;
  private final long seed;
  private final Batch batch;
  private int orderEpoch = -1;
  private int[] order;

  /**
   * @param classWeights per-class row weights (length C), e.g. {@link ClassWeights#balanced}
   * @throws IllegalArgumentException if batchSize &lt; 1 or the weights do not match the classes
   */
  public MiniBatcher(Dataset data, int batchSize, float[] classWeights, long seed) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
    }
    if (classWeights.length != data.numClasses()) {
      throw new IllegalArgumentException("got " + classWeights.length + " class weights for "
          + data.numClasses() + " classes");
    }
    for (float cw : classWeights) {
      if (!(cw >= 0) || Float.isInfinite(cw)) {
        throw new IllegalArgumentException("class weights must be finite and >= 0, got "
            + Arrays.toString(classWeights));
      }
    }
    this.data = data;
    this.batchSize = batchSize;
    this.classWeights = classWeights.clone();
    this.seed = seed;
    this.batch = new Batch(batchSize, data.dimension(), data.numClasses());
  }

  public int batchSize() { return batchSize; }

  /** ceil(N / B). */
  public int batchesPerEpoch() {
    return (data.size() + batchSize - 1) / batchSize;
  }

  /** The shuffled row order of {@code epoch} (a copy). */
  public int[] order(int epoch) {
    ensureOrder(epoch);
    return order.clone();
  }

  /**
   * Fills and returns batch {@code index} of {@code epoch}; the returned batch is overwritten by the
   * next call.
   */
  public Batch batch(int epoch, int index) {
    if (index < 0 || index >= batchesPerEpoch()) {
      throw new IllegalArgumentException("batch index " + index + " outside 0.."
          + (batchesPerEpoch() - 1));
    }
    ensureOrder(epoch);
    int d = data.dimension();
    int c = data.numClasses();
    int start = index * batchSize;
    int count = Math.min(batchSize, data.size() - start);
    Arrays.fill(batch.y, 0f);
    for (int r = 0; r < batchSize; r++) {
      if (r < count) {
        int row = order[start + r];
        data.copyRow(row, batch.x, r * d);
        int label = data.label(row);
        batch.y[r * c + label] = 1f;
        batch.w[r] = classWeights[label];
        batch.rows[r] = row;
      } else {
        Arrays.fill(batch.x, r * d, (r + 1) * d, 0f);
        // A padding row still needs a valid distribution for the loss to stay finite.
        batch.y[r * c] = 1f;
        batch.w[r] = 0f;
        batch.rows[r] = -1;
      }
    }
    batch.count = count;
    return batch;
  }

  private void ensureOrder(int epoch) {
    if (epoch == orderEpoch) {
      return;
    }
    int n = data.size();
    order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Random random = new Random(seed * 1_000_003L + epoch);
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    orderEpoch = epoch;
  }
}
