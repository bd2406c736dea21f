package org.snaptune.host;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.tensorflowlite.TfLiteContext;
import org.bytedeco.tensorflowlite.TfLiteDelegate;
import org.bytedeco.tensorflowlite.TfLiteRegistration;

/**
 * TFLite's XNNPACK delegate with its quantized paths on, created the way the stock runtimes do it.
 *
 * <p>Why this class exists: the org.bytedeco TFLite 2.19 build compiles XNNPACK in, but without
 * {@code XNNPACK_DELEGATE_ENABLE_QS8/QU8}, so {@code TfLiteXNNPackDelegateOptionsDefault()} has
 * {@code flags == 0} and the default delegate that {@code BuiltinOpResolver} applies refuses every
 * int8/uint8 operator. A uint8 MobileNetV2 then runs entirely on the build's portable builtin
 * kernels (~80-180 ms per image instead of ~7-20 ms). The JavaCPP preset does not map
 * {@code TfLiteXNNPackDelegateCreate}, so it is called through its exported symbol with an options
 * struct whose fields are all zero (as the default is in this build) except the thread count and
 * the QS8|QU8 flags: the QU8 flag lets uint8 tensors in, and the QS8 flag is what lets the int32
 * bias of a quantized convolution pass the delegate's checks.
 *
 * <p>Linux x86-64 only (the host module's only native classifier); {@link #create} returns a clear
 * error elsewhere. Ownership: the caller keeps this object open for as long as any interpreter it
 * was applied to lives, then closes it (idempotent). Not thread-safe.
 */
final class XnnpackDelegate implements AutoCloseable {

  /** TFLITE_XNNPACK_DELEGATE_FLAG_QS8 | TFLITE_XNNPACK_DELEGATE_FLAG_QU8 (xnnpack_delegate.h). */
  static final int FLAGS_QS8_QU8 = 0x1 | 0x2;
  /** Generous room for TfLiteXNNPackDelegateOptions (about 48 bytes in 2.19), zero-filled. */
  private static final int OPTIONS_BYTES = 256;

  private Pointer delegate;

  private XnnpackDelegate(Pointer delegate) {
    this.delegate = delegate;
  }

  /**
   * A delegate with {@code threads} XNNPACK threads and its quantized paths on.
   *
   * @throws UnsupportedOperationException if this platform's runtime does not export the
   *     XNNPACK delegate (the caller falls back to the builtin kernels and says so)
   */
  static XnnpackDelegate create(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    String arch = System.getProperty("os.arch", "");
    if (!"amd64".equals(arch) && !"x86_64".equals(arch)) {
      throw new UnsupportedOperationException("XNNPACK with quantized paths is wired for"
          + " x86-64 only, not " + arch);
    }
    Pointer create = symbol("TfLiteXNNPackDelegateCreate");
    try (BytePointer options = new BytePointer(OPTIONS_BYTES)) {
      options.zero();
      options.putInt(0, threads); // int32_t num_threads
      options.putInt(4, FLAGS_QS8_QU8); // uint32_t flags
      // Any exported preset callback of shape (pointer, long) -> pointer calls a
      // TfLiteDelegate* (const Options*) function correctly on x86-64 (the long is ignored).
      // JavaCPP keeps the function address in the first field of the native object behind a
      // FunctionPointer, hence the one-slot PointerPointer.
      try (PointerPointer<Pointer> slot = new PointerPointer<>(1)) {
        slot.put(0, create);
        TfLiteContext.AllocatePersistentBuffer_TfLiteContext_long fn =
            new TfLiteContext.AllocatePersistentBuffer_TfLiteContext_long(slot);
        Pointer d = fn.call(new TfLiteContext(options), 0);
        if (d == null || d.isNull()) {
          throw new UnsupportedOperationException("TfLiteXNNPackDelegateCreate returned null");
        }
        return new XnnpackDelegate(d);
      }
    }
  }

  private static Pointer symbol(String name) {
    // Loading the preset's class loads libjnitensorflowlite, which exports the XNNPACK C API.
    Loader.load(org.bytedeco.tensorflowlite.global.tensorflowlite.class);
    Pointer p = Loader.addressof(name);
    if (p == null || p.isNull()) {
      throw new UnsupportedOperationException("the TFLite runtime does not export " + name);
    }
    return p;
  }

  /** The delegate to hand to ModifyGraphWithDelegate; valid until {@link #close()}. */
  TfLiteDelegate delegate() {
    if (delegate == null) {
      throw new IllegalStateException("the XNNPACK delegate is closed");
    }
    return new TfLiteDelegate(delegate);
  }

  @Override
  public void close() {
    if (delegate == null) {
      return;
    }
    Pointer d = delegate;
    delegate = null;
    Pointer delete = symbol("TfLiteXNNPackDelegateDelete");
    try (PointerPointer<Pointer> slot = new PointerPointer<>(1)) {
      slot.put(0, delete);
      // void (TfLiteDelegate*): same trick with a (pointer, pointer) -> void callback.
      new TfLiteRegistration.Free_TfLiteContext_Pointer(slot).call(new TfLiteContext(d), null);
    }
  }
}
