package org.snaptune.camera;

import android.annotation.SuppressLint;
import android.content.Context;
import android.content.pm.PackageManager;
import android.graphics.ImageFormat;
import android.graphics.Matrix;
import android.graphics.SurfaceTexture;
import android.hardware.camera2.CameraAccessException;
import android.hardware.camera2.CameraCaptureSession;
import android.hardware.camera2.CameraCharacteristics;
import android.hardware.camera2.CameraDevice;
import android.hardware.camera2.CameraManager;
import android.hardware.camera2.CaptureRequest;
import android.hardware.camera2.params.StreamConfigurationMap;
import android.hardware.display.DisplayManager;
import android.media.Image;
import android.media.ImageReader;
import android.os.Handler;
import android.os.HandlerThread;
import android.util.Size;
import android.view.Display;
import android.view.Surface;
import android.view.TextureView;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.snaptune.image.Yuv420Frame;

/**
 * The back camera through Camera2: a preview on a {@link TextureView} and a YUV_420_888
 * {@link ImageReader} of about 640x480 read on a background {@link HandlerThread}, latest image only.
 * Plane bytes are copied into arrays reused from frame to frame, so steady state allocates nothing.
 *
 * <p>Threading as {@link CameraSource} says; all camera callbacks run on the background thread.
 */
public final class Camera2Source implements CameraSource {

  /** The analysis size asked for: a bit over the backbone's 224x224 after the centre crop. */
  static final Size TARGET = new Size(640, 480);

  /** The factory of the device's camera sources; thread-safe. */
  public static final CameraSourceFactory FACTORY = new CameraSourceFactory() {
    @Override
    public boolean hasCamera(Context context) {
      return context.getPackageManager().hasSystemFeature(PackageManager.FEATURE_CAMERA_ANY)
          && backCameraId((CameraManager) context.getSystemService(Context.CAMERA_SERVICE)) != null;
    }

    @Override
    public CameraSource create(Context context, TextureView preview) {
      return new Camera2Source(context, preview);
    }
  };

  private final Context context;
  private final TextureView preview;
  private final Yuv420Frame frame = new Yuv420Frame();
  private byte[] y = new byte[0];
  private byte[] u = new byte[0];
  private byte[] v = new byte[0];
  private HandlerThread thread;
  private Handler handler;
  private CameraDevice device;
  private CameraCaptureSession session;
  private ImageReader reader;
  private volatile Listener listener;
  private int sensorOrientation;
  private String description = "back camera";

  public Camera2Source(Context context, TextureView preview) {
    this.context = context.getApplicationContext();
    this.preview = preview;
  }

  static String backCameraId(CameraManager manager) {
    try {
      String any = null;
      for (String id : manager.getCameraIdList()) {
        Integer facing = manager.getCameraCharacteristics(id).get(CameraCharacteristics.LENS_FACING);
        if (facing != null && facing == CameraCharacteristics.LENS_FACING_BACK) {
          return id;
        }
        any = any == null ? id : any;
      }
      return any;
    } catch (CameraAccessException | RuntimeException e) {
      return null; // no usable camera: the screen shows the unsupported state
    }
  }

  @Override
  public void open(Listener frames) {
    if (thread != null) {
      throw new IllegalStateException("camera source is already open");
    }
    listener = frames;
    thread = new HandlerThread("snaptune-camera");
    thread.start();
    handler = new Handler(thread.getLooper());
    if (preview != null && !preview.isAvailable()) {
      // The preview's surface appears after layout; open the camera once it exists.
      preview.setSurfaceTextureListener(new TextureView.SurfaceTextureListener() {
        @Override
        public void onSurfaceTextureAvailable(SurfaceTexture texture, int width, int height) {
          Handler h = handler;
          if (h != null && listener != null) {
            h.post(Camera2Source.this::start);
          }
        }

        @Override
        public void onSurfaceTextureSizeChanged(SurfaceTexture texture, int width, int height) {
          // the transform is recomputed when the session starts
        }

        @Override
        public boolean onSurfaceTextureDestroyed(SurfaceTexture texture) {
          return true;
        }

        @Override
        public void onSurfaceTextureUpdated(SurfaceTexture texture) {
          // frames for analysis come from the ImageReader, not from here
        }
      });
      return;
    }
    handler.post(this::start);
  }

  /** Opens the camera; runs on the camera thread. */
  @SuppressLint("MissingPermission") // the screen opens the source only once CAMERA is granted
  private void start() {
    Listener frames = listener;
    if (frames == null) {
      return; // closed before the preview became available
    }
    CameraManager manager = (CameraManager) context.getSystemService(Context.CAMERA_SERVICE);
    try {
      String id = backCameraId(manager);
      if (id == null) {
        frames.onError("this device has no camera");
        return;
      }
      CameraCharacteristics c = manager.getCameraCharacteristics(id);
      Integer orientation = c.get(CameraCharacteristics.SENSOR_ORIENTATION);
      sensorOrientation = orientation == null ? 0 : orientation;
      StreamConfigurationMap map = c.get(CameraCharacteristics.SCALER_STREAM_CONFIGURATION_MAP);
      Size size = closest(map == null ? null : map.getOutputSizes(ImageFormat.YUV_420_888));
      description = "back camera " + size.getWidth() + "x" + size.getHeight();
      reader = ImageReader.newInstance(size.getWidth(), size.getHeight(),
          ImageFormat.YUV_420_888, 2);
      reader.setOnImageAvailableListener(this::onImage, handler);
      manager.openCamera(id, new CameraDevice.StateCallback() {
        @Override
        public void onOpened(CameraDevice camera) {
          if (listener == null) { // closed while the camera was opening
            camera.close();
            return;
          }
          device = camera;
          startSession(size);
        }

        @Override
        public void onDisconnected(CameraDevice camera) {
          camera.close();
          device = null;
          report("the camera was taken by another app");
        }

        @Override
        public void onError(CameraDevice camera, int error) {
          camera.close();
          device = null;
          report("the camera failed (error " + error + ")");
        }
      }, handler);
    } catch (CameraAccessException | SecurityException e) {
      report("cannot open the camera: " + e.getMessage());
    }
  }

  @SuppressWarnings("deprecation") // createCaptureSession(List, ...) is the API 26 way
  private void startSession(Size size) {
    try {
      List<Surface> targets = new ArrayList<>();
      Surface previewSurface = null;
      SurfaceTexture texture = preview == null ? null : preview.getSurfaceTexture();
      if (texture != null) {
        texture.setDefaultBufferSize(size.getWidth(), size.getHeight());
        previewSurface = new Surface(texture);
        targets.add(previewSurface);
        preview.post(() -> fitPreview(size));
      }
      targets.add(reader.getSurface());
      CaptureRequest.Builder request = device.createCaptureRequest(CameraDevice.TEMPLATE_PREVIEW);
      for (Surface s : targets) {
        request.addTarget(s);
      }
      device.createCaptureSession(targets, new CameraCaptureSession.StateCallback() {
        @Override
        public void onConfigured(CameraCaptureSession s) {
          if (device == null) {
            s.close();
            return;
          }
          session = s;
          try {
            s.setRepeatingRequest(request.build(), null, handler);
          } catch (CameraAccessException | IllegalStateException e) {
            report("cannot start the camera: " + e.getMessage());
          }
        }

        @Override
        public void onConfigureFailed(CameraCaptureSession s) {
          report("the camera rejected the preview and analysis streams");
        }
      }, handler);
    } catch (CameraAccessException | IllegalStateException e) {
      report("cannot start the camera: " + e.getMessage());
    }
  }

  private void onImage(ImageReader source) {
    Image image = source.acquireLatestImage();
    if (image == null) {
      return;
    }
    try {
      Image.Plane[] planes = image.getPlanes();
      y = copy(planes[0].getBuffer(), y);
      u = copy(planes[1].getBuffer(), u);
      v = copy(planes[2].getBuffer(), v);
      frame.set(y, planes[0].getRowStride(), u, v, planes[1].getRowStride(),
          planes[1].getPixelStride(), image.getWidth(), image.getHeight());
      Listener l = listener;
      if (l != null) {
        l.onFrame(frame, rotation(), image.getTimestamp());
      }
    } catch (IllegalArgumentException | IllegalStateException e) {
      report("unusable camera frame: " + e.getMessage());
    } finally {
      image.close();
    }
  }

  /** Copies a plane into {@code reuse}, growing it only when the plane got bigger. */
  private static byte[] copy(ByteBuffer plane, byte[] reuse) {
    plane.rewind();
    int n = plane.remaining();
    byte[] out = reuse.length == n ? reuse : new byte[n];
    plane.get(out, 0, n);
    return out;
  }

  private int rotation() {
    DisplayManager displays = (DisplayManager) context.getSystemService(Context.DISPLAY_SERVICE);
    Display screen = displays.getDisplay(Display.DEFAULT_DISPLAY);
    int display;
    switch (screen == null ? Surface.ROTATION_0 : screen.getRotation()) {
      case Surface.ROTATION_90: display = 90; break;
      case Surface.ROTATION_180: display = 180; break;
      case Surface.ROTATION_270: display = 270; break;
      default: display = 0; break;
    }
    return (sensorOrientation - display + 360) % 360;
  }

  /** Centre-crops the preview so it is not stretched (the buffer is landscape, sensor-oriented). */
  private void fitPreview(Size size) {
    int w = preview.getWidth();
    int h = preview.getHeight();
    if (w == 0 || h == 0) {
      return;
    }
    boolean swap = rotation() % 180 != 0;
    float bufferW = swap ? size.getHeight() : size.getWidth();
    float bufferH = swap ? size.getWidth() : size.getHeight();
    float scale = Math.max(w / bufferW, h / bufferH);
    Matrix m = new Matrix();
    m.setScale(bufferW * scale / w, bufferH * scale / h, w / 2f, h / 2f);
    preview.setTransform(m);
  }

  private static Size closest(Size[] sizes) {
    if (sizes == null || sizes.length == 0) {
      return TARGET;
    }
    Size best = sizes[0];
    long target = (long) TARGET.getWidth() * TARGET.getHeight();
    for (Size s : sizes) {
      long area = (long) s.getWidth() * s.getHeight();
      long bestArea = (long) best.getWidth() * best.getHeight();
      if (Math.abs(area - target) < Math.abs(bestArea - target)) {
        best = s;
      }
    }
    return best;
  }

  private void report(String message) {
    Listener l = listener;
    if (l != null) {
      l.onError(message);
    }
  }

  @Override
  public void close() {
    if (thread == null) {
      return;
    }
    listener = null;
    if (preview != null) {
      preview.setSurfaceTextureListener(null);
    }
    Handler h = handler;
    // Camera objects are touched only on the camera thread; close them there and wait.
    h.post(() -> {
      if (session != null) {
        session.close();
        session = null;
      }
      if (device != null) {
        device.close();
        device = null;
      }
      if (reader != null) {
        reader.close();
        reader = null;
      }
    });
    thread.quitSafely();
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    thread = null;
    handler = null;
  }

  @Override
  public String describe() {
    return description;
  }
}
