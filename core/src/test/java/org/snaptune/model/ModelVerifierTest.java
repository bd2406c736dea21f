package org.snaptune.model;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;
import static org.snaptune.model.SyntheticBackbone.pack;
import static org.snaptune.model.SyntheticBackbone.unpack;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import org.junit.Test;
import org.tensorflow.lite.schema.BuiltinOperator;
import org.tensorflow.lite.schema.OperatorCodeT;
import org.tensorflow.lite.schema.OperatorT;
import org.tensorflow.lite.schema.SubGraphT;
import org.tensorflow.lite.schema.ModelT;
import org.tensorflow.lite.schema.SignatureDefT;
import org.tensorflow.lite.schema.TensorMapT;

public class ModelVerifierTest {

  private static byte[] valid() {
    return new SyntheticBackbone().build();
  }

  private static String rejection(byte[] bytes) {
    try {
      ModelVerifier.verify(bytes);
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
    return null;
  }

  private static String mustReject(byte[] bytes) {
    String why = rejection(bytes);
    if (why == null) {
      fail("accepted an invalid model");
    }
    return why;
  }

  @Test
  public void acceptsEverySyntheticVariant() {
    for (boolean q : new boolean[] {false, true}) {
      for (SyntheticBackbone.Classifier c : SyntheticBackbone.Classifier.values()) {
        for (SyntheticBackbone.Pooling p : SyntheticBackbone.Pooling.values()) {
          ModelVerifier.verify(new SyntheticBackbone().quantized(q).classifier(c).pooling(p)
              .build());
        }
      }
    }
  }

  @Test
  public void acceptsTheSharedBackbones() throws Exception {
    ModelVerifier.verify(SharedModels.read(SharedModels.MOBILENET_V1_FLOAT));
    ModelVerifier.verify(SharedModels.read(SharedModels.MOBILENET_V2_QUANT));
  }

  @Test
  public void rejectsNullShortAndForeignBytes() {
    assertTrue(mustReject(null).contains("null"));
    assertTrue(mustReject(new byte[0]).contains("at least 8"));
    assertTrue(mustReject(new byte[7]).contains("at least 8"));
    byte[] b = valid();
    b[4] = 'X';
    assertTrue(mustReject(b), mustReject(b).contains("TFL3"));
  }

  @Test
  public void rejectsEveryTruncation() {
    byte[] b = valid();
    for (int n = 0; n < b.length; n++) {
      mustReject(Arrays.copyOf(b, n));
    }
  }

  @Test
  public void randomBytesAreRejectedNotCrashing() {
    Random rnd = new Random(42);
    for (int i = 0; i < 2000; i++) {
      byte[] b = new byte[8 + rnd.nextInt(600)];
      rnd.nextBytes(b);
      b[4] = 'T';
      b[5] = 'F';
      b[6] = 'L';
      b[7] = '3';
      // A small root offset makes the walk go deeper than the first check.
      if (i % 2 == 0) {
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 8 + rnd.nextInt(16) * 4);
      }
      mustReject(b);
    }
  }

  /** Flipped files are either rejected or fully readable by the inspector (no Java exceptions). */
  @Test
  public void bitFlipsAreRejectedOrSafeToRead() {
    byte[] good = valid();
    Random rnd = new Random(7);
    int rejected = 0;
    for (int i = 0; i < 1500; i++) {
      byte[] b = good.clone();
      for (int k = 1 + rnd.nextInt(3); k > 0; k--) {
        int at = rnd.nextInt(b.length);
        b[at] ^= (byte) (1 << rnd.nextInt(8));
      }
      if (rejection(b) != null) {
        rejected++;
        continue;
      }
      try {
        ModelInspector.inspect(b).format();
      } catch (IllegalArgumentException e) {
        fail("verified bytes made the inspector fail: " + e);
      }
    }
    assertTrue("some flips must be caught, got " + rejected, rejected > 100);
  }

  @Test
  public void rejectsOutOfRangeIndicesWithTheirName() {
    ModelT m = unpack(valid());
    m.getSubgraphs()[0].getOperators()[0].setInputs(new int[] {0, 1, 999});
    assertTrue(mustReject(pack(m)), mustReject(pack(m)).contains("operator 0 inputs[2] is 999"));

    m = unpack(valid());
    m.getSubgraphs()[0].getOperators()[1].setOpcodeIndex(50);
    assertTrue(mustReject(pack(m)).contains("opcode_index is 50"));

    m = unpack(valid());
    m.getSubgraphs()[0].getTensors()[0].setBuffer(77);
    assertTrue(mustReject(pack(m)).contains("tensor 0 buffer is 77"));

    m = unpack(valid());
    m.getSubgraphs()[0].setOutputs(new int[] {-1});
    assertTrue(mustReject(pack(m)).contains("outputs[0] is -1"));

    m = unpack(valid());
    m.getSubgraphs()[0].getTensors()[2].setShape(new int[] {1, -3});
    assertTrue(mustReject(pack(m)).contains("dimension -3"));

    m = unpack(valid());
    m.getSubgraphs()[0].getTensors()[2].setType((byte) 40);
    assertTrue(mustReject(pack(m)).contains("type 40"));
  }

  /** Index corruptions that pass bounds checks but crash or corrupt the native heap. */
  @Test
  public void rejectsBrokenDataflowAndMismatchedOptions() {
    byte[] good = valid();
    ModelT m = unpack(good);
    SubGraphT g = m.getSubgraphs()[0];
    int convOut = g.getOperators()[0].getOutputs()[0];
    g.getOperators()[2].setOutputs(new int[] {convOut});
    assertTrue(mustReject(pack(m)), mustReject(pack(m)).contains("operator 2 (CONV_2D) writes"
        + " tensor " + convOut + " of subgraph 0, which is already the output of subgraph 0"
        + " operator 0"));

    m = unpack(good);
    g = m.getSubgraphs()[0];
    int weights = g.getOperators()[0].getInputs()[1];
    g.getOperators()[1].setOutputs(new int[] {weights});
    assertTrue(mustReject(pack(m)), mustReject(pack(m)).contains("which is already a constant"));

    m = unpack(good);
    g = m.getSubgraphs()[0];
    OperatorT first = g.getOperators()[0];
    g.getOperators()[0] = g.getOperators()[1];
    g.getOperators()[1] = first;
    assertTrue(mustReject(pack(m)), mustReject(pack(m)).contains("before anything produces it"));

    m = unpack(good);
    m.getSubgraphs()[0].setOperators(new OperatorT[0]);
    assertTrue(mustReject(pack(m)), mustReject(pack(m)).contains("is never produced"));

    m = unpack(good);
    OperatorCodeT code = m.getOperatorCodes()[(int) m.getSubgraphs()[0].getOperators()[3]
        .getOpcodeIndex()];
    code.setBuiltinCode(BuiltinOperator.RESIZE_BILINEAR);
    code.setDeprecatedBuiltinCode((byte) BuiltinOperator.RESIZE_BILINEAR);
    assertTrue(mustReject(pack(m)), mustReject(pack(m)).contains(
        "(RESIZE_BILINEAR) carries ReshapeOptions; that operator takes ResizeBilinearOptions"));
  }

  @Test
  public void rejectsSignaturesPointingNowhere() {
    ModelT m = unpack(valid());
    SignatureDefT sig = new SignatureDefT();
    sig.setSignatureKey("serving_default");
    sig.setSubgraphIndex(3);
    sig.setInputs(new TensorMapT[0]);
    sig.setOutputs(new TensorMapT[0]);
    m.setSignatureDefs(new SignatureDefT[] {sig});
    assertTrue(mustReject(pack(m)).contains("subgraph_index is 3"));

    sig.setSubgraphIndex(0);
    TensorMapT tm = new TensorMapT();
    tm.setName("x");
    tm.setTensorIndex(1000);
    sig.setInputs(new TensorMapT[] {tm});
    assertTrue(mustReject(pack(m)).contains("'x' tensor_index is 1000"));

    tm.setTensorIndex(0);
    assertTrue(mustReject(pack(m)), mustReject(pack(m)).contains("outputs map tensors []"));
    SubGraphT g = m.getSubgraphs()[0];
    tm.setTensorIndex(g.getInputs()[0]);
    TensorMapT out = new TensorMapT();
    out.setName("y");
    out.setTensorIndex(g.getOutputs()[0]);
    sig.setOutputs(new TensorMapT[] {out});
    ModelVerifier.verify(pack(m));
  }

  @Test
  public void rejectsHandCraftedOffsetTricks() {
    byte[] b = valid();
    ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    int root = bb.getInt(0);

    byte[] c = b.clone();
    ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN).putInt(0, c.length + 100);
    assertTrue(mustReject(c).contains("past the end"));

    c = b.clone();
    ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN).putInt(root, Integer.MIN_VALUE);
    assertTrue(mustReject(c).contains("vtable"));

    c = b.clone();
    ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN).putInt(0, root + 1);
    assertTrue(mustReject(c).contains("aligned"));
  }

  @Test
  public void messageNamesTheByteOffset() {
    byte[] b = valid();
    String why = mustReject(Arrays.copyOf(b, b.length / 2));
    assertTrue(why, why.startsWith("invalid .tflite"));
    assertTrue(why, why.matches(".*at byte \\d+.*|.*valid range.*"));
    assertEquals(-1, why.indexOf("Exception"));
  }
}
