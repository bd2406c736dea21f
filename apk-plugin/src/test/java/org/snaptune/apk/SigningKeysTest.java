package org.snaptune.apk;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class SigningKeysTest {

  @Rule public TemporaryFolder tmp = new TemporaryFolder();

  @Test
  public void debugKeyIsCreatedOnceAndReused() throws Exception {
    Path store = tmp.getRoot().toPath().resolve("home/.snaptune/debug.keystore");
    SigningKeys.Key first = SigningKeys.debugKey(store);
    assertTrue(Files.isRegularFile(store));
    X509Certificate cert = first.chain().get(0);
    cert.checkValidity();
    cert.verify(cert.getPublicKey());
    assertEquals("CN=Android Debug, O=Android, C=US", cert.getSubjectX500Principal().getName().replace(",", ", "));
    assertEquals("RSA", first.privateKey().getAlgorithm());
    SigningKeys.Key second = SigningKeys.debugKey(store);
    assertEquals(cert, second.chain().get(0));
    try (var files = Files.list(store.getParent())) {
      assertEquals("no temp files left", 1, files.count());
    }
  }

  @Test
  public void wrongPasswordAndAliasAreExplained() throws Exception {
    Path store = tmp.getRoot().toPath().resolve("k.p12");
    SigningKeys.debugKey(store);
    try {
      SigningKeys.load(store, "nope", SigningKeys.DEBUG_ALIAS, null);
      fail("wrong password");
    } catch (BuildException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("wrong password"));
    }
    try {
      SigningKeys.load(store, SigningKeys.DEBUG_PASSWORD, "release", null);
      fail("wrong alias");
    } catch (BuildException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("no key named 'release'"));
      assertTrue(e.getMessage(), e.getMessage().contains(SigningKeys.DEBUG_ALIAS));
    }
    try {
      SigningKeys.load(tmp.getRoot().toPath().resolve("missing.p12"), "x", "y", null);
      fail("missing");
    } catch (BuildException e) {
      assertTrue(e.getMessage(), e.getMessage().contains("does not exist"));
      assertTrue(e.getMessage(), e.getMessage().contains("SNAPTUNE_KEYSTORE"));
    }
  }

  @Test
  public void certificatesPast2049UseGeneralizedTime() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    X509Certificate cert = SigningKeys.selfSigned(g.generateKeyPair(), "CN=Far,C=US", 40L * 365);
    assertTrue(cert.getNotAfter().getTime() > 2_524_608_000_000L);
    cert.verify(cert.getPublicKey());
  }
}
