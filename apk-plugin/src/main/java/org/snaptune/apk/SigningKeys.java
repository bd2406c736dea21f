package org.snaptune.apk;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;

/**
 * Loads the key that signs the APK, and creates the debug key on first use. The debug keystore
 * lives outside the repository (by default {@code ~/.snaptune/debug.keystore}) so no key is ever
 * committed; it is created with an atomic rename so concurrent builds never see half a file.
 * Stateless and thread-safe.
 */
final class SigningKeys {

  static final String DEBUG_ALIAS = "androiddebugkey";
  static final String DEBUG_PASSWORD = "android";

  private SigningKeys() {}

  /** A private key and its certificate chain. */
  record Key(PrivateKey privateKey, List<X509Certificate> chain) {}

  /** Loads the debug key, generating a 2048-bit RSA key valid for 30 years if the file is absent. */
  static Key debugKey(Path keystore) throws BuildException {
    if (!Files.exists(keystore)) {
      createDebugKeystore(keystore);
    }
    return load(keystore, DEBUG_PASSWORD, DEBUG_ALIAS, DEBUG_PASSWORD);
  }

  /**
   * Loads {@code alias} from a PKCS12 or JKS keystore.
   *
   * @throws BuildException naming the keystore and what was wrong (missing, bad password, no such alias)
   */
  static Key load(Path keystore, String storePassword, String alias, String keyPassword) throws BuildException {
    if (!Files.isRegularFile(keystore)) {
      throw new BuildException("signing keystore " + keystore + " does not exist; set snaptune.keystore "
          + "(or SNAPTUNE_KEYSTORE) to an existing PKCS12/JKS file");
    }
    if (storePassword == null || alias == null) {
      throw new BuildException("signing with " + keystore + " needs the store password and key alias: set "
          + "snaptune.storePassword / snaptune.keyAlias (or SNAPTUNE_STORE_PASSWORD / SNAPTUNE_KEY_ALIAS)");
    }
    char[] keyPass = (keyPassword != null ? keyPassword : storePassword).toCharArray();
    try (InputStream in = Files.newInputStream(keystore)) {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(in, storePassword.toCharArray());
      if (!store.isKeyEntry(alias)) {
        throw new BuildException("keystore " + keystore + " has no key named '" + alias + "'; its aliases are "
            + java.util.Collections.list(store.aliases()));
      }
      PrivateKey key = (PrivateKey) store.getKey(alias, keyPass);
      List<X509Certificate> chain = new ArrayList<>();
      for (Certificate c : store.getCertificateChain(alias)) {
        chain.add((X509Certificate) c);
      }
      return new Key(key, chain);
    } catch (IOException | GeneralSecurityException e) {
      throw new BuildException("cannot read key '" + alias + "' from " + keystore + ": " + e.getMessage()
          + " (wrong password, or not a PKCS12/JKS keystore?)", e);
    }
  }

  private static void createDebugKeystore(Path keystore) throws BuildException {
    try {
      Path dir = keystore.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048, new SecureRandom());
      KeyPair pair = generator.generateKeyPair();
      X509Certificate cert = selfSigned(pair, "CN=Android Debug,O=Android,C=US", 30L * 365);
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry(DEBUG_ALIAS, pair.getPrivate(), DEBUG_PASSWORD.toCharArray(), new Certificate[] {cert});
      Path temp = Files.createTempFile(dir, "debug", ".keystore.tmp");
      try {
        try (OutputStream out = Files.newOutputStream(temp)) {
          store.store(out, DEBUG_PASSWORD.toCharArray());
        }
        moveIntoPlace(temp, keystore);
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException | GeneralSecurityException e) {
      throw new BuildException("cannot create the debug keystore " + keystore + ": " + e.getMessage()
          + "; make its directory writable or set snaptune.debugKeystore to another path", e);
    }
  }

  private static void moveIntoPlace(Path temp, Path target) throws IOException {
    try {
      // No REPLACE_EXISTING: if a parallel build won the race, keep its key so both APKs match.
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException e) {
      Files.deleteIfExists(temp);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target);
    }
  }

  /**
   * A self-signed X.509 v3 certificate (SHA256withRSA). Written by hand in DER because the JDK only
   * exposes certificate generation through keytool or internal classes.
   */
  static X509Certificate selfSigned(KeyPair pair, String dn, long validDays) throws GeneralSecurityException {
    byte[] algorithm = seq(oid(new int[] {1, 2, 840, 113549, 1, 1, 11}), new byte[] {0x05, 0x00});
    byte[] name = name(dn);
    long now = System.currentTimeMillis();
    byte[] validity = seq(time(new Date(now - 86_400_000L)), time(new Date(now + validDays * 86_400_000L)));
    byte[] version = tlv(0xA0, tlv(0x02, new byte[] {2}));
    byte[] serial = tlv(0x02, new BigInteger(63, new SecureRandom()).add(BigInteger.ONE).toByteArray());
    byte[] tbs = seq(version, serial, algorithm, name, validity, name, pair.getPublic().getEncoded());
    Signature signer = Signature.getInstance("SHA256withRSA");
    signer.initSign(pair.getPrivate());
    signer.update(tbs);
    byte[] signature = signer.sign();
    byte[] bitString = new byte[signature.length + 1];
    System.arraycopy(signature, 0, bitString, 1, signature.length);
    byte[] der = seq(tbs, algorithm, tlv(0x03, bitString));
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    return (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der));
  }

  /** Encodes "CN=a,O=b,C=US" as an X.501 Name (one attribute per RDN). */
  private static byte[] name(String dn) {
    List<byte[]> rdns = new ArrayList<>();
    String[] parts = dn.split(",");
    // DER lists RDNs most-significant first (C before CN): the reverse of the string form.
    for (int i = parts.length - 1; i >= 0; i--) {
      String part = parts[i];
      String[] kv = part.trim().split("=", 2);
      int[] oid;
      switch (kv[0]) {
        case "CN":
          oid = new int[] {2, 5, 4, 3};
          break;
        case "O":
          oid = new int[] {2, 5, 4, 10};
          break;
        case "C":
          oid = new int[] {2, 5, 4, 6};
          break;
        default:
          throw new IllegalArgumentException("unsupported DN attribute '" + kv[0] + "' (use CN, O, C)");
      }
      int stringTag = "C".equals(kv[0]) ? 0x13 : 0x0C;
      rdns.add(tlv(0x31, seq(oid(oid), tlv(stringTag, kv[1].getBytes(StandardCharsets.UTF_8)))));
    }
    return seq(rdns.toArray(new byte[0][]));
  }

  private static byte[] time(Date date) {
    SimpleDateFormat utc = new SimpleDateFormat("yyMMddHHmmss'Z'");
    SimpleDateFormat general = new SimpleDateFormat("yyyyMMddHHmmss'Z'");
    utc.setTimeZone(TimeZone.getTimeZone("UTC"));
    general.setTimeZone(TimeZone.getTimeZone("UTC"));
    // RFC 5280: UTCTime up to 2049, GeneralizedTime from 2050.
    boolean before2050 = date.getTime() < 2_524_608_000_000L;
    return before2050
        ? tlv(0x17, utc.format(date).getBytes(StandardCharsets.US_ASCII))
        : tlv(0x18, general.format(date).getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] oid(int[] arcs) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(arcs[0] * 40 + arcs[1]);
    for (int i = 2; i < arcs.length; i++) {
      int v = arcs[i];
      byte[] tmp = new byte[5];
      int n = 0;
      do {
        tmp[n++] = (byte) (v & 0x7F);
        v >>>= 7;
      } while (v != 0);
      for (int j = n - 1; j >= 0; j--) {
        out.write(tmp[j] | (j > 0 ? 0x80 : 0));
      }
    }
    return tlv(0x06, out.toByteArray());
  }

  private static byte[] seq(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return tlv(0x30, out.toByteArray());
  }

  private static byte[] tlv(int tag, byte[] value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int len = value.length;
    if (len < 0x80) {
      out.write(len);
    } else if (len < 0x100) {
      out.write(0x81);
      out.write(len);
    } else if (len < 0x10000) {
      out.write(0x82);
      out.write(len >>> 8);
      out.write(len & 0xFF);
    } else {
      out.write(0x83);
      out.write(len >>> 16);
      out.write((len >>> 8) & 0xFF);
      out.write(len & 0xFF);
    }
    out.writeBytes(value);
    return out.toByteArray();
  }
}
