package org.snaptune;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.BeforeClass;
import org.junit.Test;
import org.snaptune.personalise.BundleTransfer;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The merged manifest (what the APK ships, library manifests included) against what the app's
 * code does: every capability the code uses is declared, nothing is exported except the launcher
 * and components only the system can reach, and traffic is HTTPS only. The capabilities are found
 * in the app's sources, so a new use without its declaration fails here, not on a phone.
 */
public class ManifestContractTest {

  private static final String ANDROID = "http://schemas.android.com/apk/res/android";

  /** Code that needs a declaration → the permissions it needs. */
  private static final Map<Pattern, String[]> NEEDS = new LinkedHashMap<>();

  static {
    NEEDS.put(Pattern.compile("BackboneDownload\\.run\\(|HttpURLConnection|openConnection\\("),
        new String[] {"android.permission.INTERNET"});
    NEEDS.put(Pattern.compile("\\.openCamera\\("), new String[] {"android.permission.CAMERA"});
    NEEDS.put(Pattern.compile("new Notification\\.Builder\\("),
        new String[] {"android.permission.POST_NOTIFICATIONS"});
    NEEDS.put(Pattern.compile("FOREGROUND_SERVICE_TYPE_DATA_SYNC"), new String[] {
        "android.permission.FOREGROUND_SERVICE", "android.permission.FOREGROUND_SERVICE_DATA_SYNC"});
  }

  private static Document manifest;
  private static String sources;
  private static final List<String> FILES = new ArrayList<>();

  @BeforeClass
  public static void read() throws Exception {
    Properties config = new Properties();
    try (InputStream in = ManifestContractTest.class.getResourceAsStream(
        "/com/android/tools/test_config.properties")) {
      assertNotNull("test_config.properties (written by the apk plugin's prepare goal)", in);
      config.load(in);
    }
    File merged = new File(config.getProperty("android_merged_manifest"));
    assertTrue("merged manifest " + merged, merged.isFile());
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    manifest = f.newDocumentBuilder().parse(merged);
    try (Stream<Path> files = Files.walk(Paths.get("src/main/java"))) {
      StringBuilder all = new StringBuilder();
      for (Path p : files.filter(p -> p.toString().endsWith(".java")).collect(Collectors.toList())) {
        String text = new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
        FILES.add(text);
        all.append(text).append('\n');
      }
      sources = all.toString();
    }
  }

  @Test
  public void everyCapabilityTheCodeUsesIsDeclared() {
    TreeSet<String> declared = new TreeSet<>();
    for (Element e : elements("uses-permission")) {
      declared.add(e.getAttributeNS(ANDROID, "name"));
    }
    int used = 0;
    for (Map.Entry<Pattern, String[]> need : NEEDS.entrySet()) {
      if (!need.getKey().matcher(sources).find()) {
        continue;
      }
      used++;
      for (String permission : need.getValue()) {
        assertTrue("the code matches " + need.getKey() + " but " + permission
            + " is not declared; declared: " + declared, declared.contains(permission));
      }
    }
    assertEquals("the app downloads, films, notifies and runs a foreground worker", 4, used);
  }

  @Test
  public void theForegroundWorkerDeclaresItsServiceType() {
    Element service = component("service", "androidx.work.impl.foreground.SystemForegroundService");
    assertTrue(service.getAttributeNS(ANDROID, "foregroundServiceType").contains("dataSync"));
  }

  @Test
  public void theExportProviderMatchesTheAuthorityTheCodeUses() {
    Element provider = component("provider", "androidx.core.content.FileProvider");
    assertEquals("org.snaptune" + BundleTransfer.AUTHORITY_SUFFIX,
        provider.getAttributeNS(ANDROID, "authorities"));
    assertEquals("false", provider.getAttributeNS(ANDROID, "exported"));
    assertEquals("true", provider.getAttributeNS(ANDROID, "grantUriPermissions"));
    NodeList meta = provider.getElementsByTagName("meta-data");
    assertEquals(1, meta.getLength());
    assertEquals("android.support.FILE_PROVIDER_PATHS",
        ((Element) meta.item(0)).getAttributeNS(ANDROID, "name"));
    assertTrue(new File("src/main/res/xml/export_paths.xml").isFile());
  }

  @Test
  public void everyActivityInTheCodeIsDeclared() {
    Pattern activity = Pattern.compile("package ([\\w.]+);[\\s\\S]*?public (?:final )?class"
        + " (\\w+) extends (?:AppCompatActivity|ComponentActivity|Activity)\\b");
    List<String> missing = new ArrayList<>();
    int found = 0;
    for (String file : FILES) {
      Matcher m = activity.matcher(file);
      if (!m.find()) {
        continue;
      }
      found++;
      String name = m.group(1) + "." + m.group(2);
      if (elements("activity").stream().noneMatch(
          e -> e.getAttributeNS(ANDROID, "name").equals(name))) {
        missing.add(name);
      }
    }
    assertTrue("found the app's activities", found >= 5);
    assertTrue("activities not in the manifest: " + missing, missing.isEmpty());
  }

  @Test
  public void nothingIsExportedButTheLauncherAndSystemGuardedComponents() {
    List<String> open = new ArrayList<>();
    String launcher = null;
    for (String kind : new String[] {"activity", "activity-alias", "service", "receiver",
        "provider"}) {
      for (Element e : elements(kind)) {
        String name = e.getAttributeNS(ANDROID, "name");
        boolean exported = "true".equals(e.getAttributeNS(ANDROID, "exported"))
            || (e.getAttributeNS(ANDROID, "exported").isEmpty()
                && e.getElementsByTagName("intent-filter").getLength() > 0);
        if (!exported) {
          continue;
        }
        if (kind.equals("activity") && isLauncher(e)) {
          assertTrue("one launcher only", launcher == null);
          launcher = name;
          continue;
        }
        // Guarded by a platform permission only the system holds (BIND_JOB_SERVICE, DUMP).
        String permission = e.getAttributeNS(ANDROID, "permission");
        if (!permission.startsWith("android.permission.")) {
          open.add(kind + " " + name + (permission.isEmpty() ? "" : " (" + permission + ")"));
        }
      }
    }
    assertEquals("org.snaptune.classify.CameraActivity", launcher);
    assertTrue("exported without a system permission: " + open, open.isEmpty());
  }

  @Test
  public void trafficIsHttpsOnly() throws IOException {
    Element application = elements("application").get(0);
    assertEquals("false", application.getAttributeNS(ANDROID, "usesCleartextTraffic"));
    assertEquals("@xml/network_security_config",
        application.getAttributeNS(ANDROID, "networkSecurityConfig"));
    String config = new String(Files.readAllBytes(
        Paths.get("src/main/res/xml/network_security_config.xml")), StandardCharsets.UTF_8);
    assertTrue(config, config.contains("<base-config cleartextTrafficPermitted=\"false\">"));
    assertTrue("no domain may re-allow cleartext", !config.contains("cleartextTrafficPermitted=\"true\""));
    assertTrue("the pinned downloads are https://",
        org.snaptune.vision.ModelDownloader.MOBILENET_V2_QUANT.url().startsWith("https://")
            && org.snaptune.vision.ModelDownloader.IMAGENET_LABELS.url().startsWith("https://"));
  }

  private static boolean isLauncher(Element activity) {
    NodeList filters = activity.getElementsByTagName("intent-filter");
    for (int i = 0; i < filters.getLength(); i++) {
      Element filter = (Element) filters.item(i);
      boolean main = false;
      boolean launcher = false;
      NodeList children = filter.getChildNodes();
      for (int j = 0; j < children.getLength(); j++) {
        if (!(children.item(j) instanceof Element)) {
          continue;
        }
        String value = ((Element) children.item(j)).getAttributeNS(ANDROID, "name");
        main |= value.equals("android.intent.action.MAIN");
        launcher |= value.equals("android.intent.category.LAUNCHER");
      }
      if (main && launcher) {
        return true;
      }
    }
    return false;
  }

  private static Element component(String kind, String name) {
    for (Element e : elements(kind)) {
      if (e.getAttributeNS(ANDROID, "name").equals(name)) {
        return e;
      }
    }
    throw new AssertionError("no " + kind + " " + name + " in the merged manifest");
  }

  private static List<Element> elements(String tag) {
    NodeList nodes = manifest.getElementsByTagName(tag);
    List<Element> out = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      out.add((Element) nodes.item(i));
    }
    return out;
  }
}
