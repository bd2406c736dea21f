package org.snaptune.apk;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.apache.maven.model.Dependency;
import org.apache.maven.model.DependencyManagement;
import org.apache.maven.model.Exclusion;
import org.junit.Test;

public class AarTypeFixerTest {

  private static Dependency dep(String g, String a, String type) {
    Dependency d = new Dependency();
    d.setGroupId(g);
    d.setArtifactId(a);
    d.setVersion("1.0");
    d.setType(type);
    return d;
  }

  @Test
  public void untypedAarIsExcludedEverywhereAndAddedWithItsType() {
    List<Dependency> deps = new ArrayList<>(List.of(dep("androidx.activity", "activity", "aar"),
        dep("org.tensorflow", "tensorflow-lite", "aar")));
    List<String> log = AarTypeFixer.apply(deps, List.of(
        new AarTypeFixer.Fix("org.tensorflow", "tensorflow-lite-api", "2.14.0", "compile")));
    assertEquals(3, deps.size());
    Dependency added = deps.get(2);
    assertEquals("tensorflow-lite-api", added.getArtifactId());
    assertEquals("aar", added.getType());
    assertEquals("2.14.0", added.getVersion());
    for (Dependency d : deps.subList(0, 2)) {
      Exclusion e = d.getExclusions().get(0);
      assertEquals("org.tensorflow:tensorflow-lite-api", e.getGroupId() + ":" + e.getArtifactId());
    }
    assertTrue(added.getExclusions().isEmpty());
    assertTrue(log.get(0), log.get(0).contains("without <type>aar</type>"));
    String xml = AarTypeFixer.toXml(deps);
    assertTrue(xml, xml.contains("<artifactId>tensorflow-lite-api</artifactId><version>2.14.0</version><type>aar</type>"));
  }

  @Test
  public void directDependencyDeclaredAsJarGetsTheAarType() {
    List<Dependency> deps = new ArrayList<>(List.of(dep("androidx.savedstate", "savedstate", null)));
    AarTypeFixer.apply(deps, List.of(new AarTypeFixer.Fix("androidx.savedstate", "savedstate", "1.2.1", "compile")));
    assertEquals(1, deps.size());
    assertEquals("aar", deps.get(0).getType());
  }

  @Test
  public void managedVersionsAreMirroredAcrossJarAndAar() {
    DependencyManagement m = new DependencyManagement();
    m.addDependency(dep("androidx.core", "core", "aar"));
    m.addDependency(dep("junit", "junit", null));
    m.addDependency(dep("x", "bom", "pom"));
    assertEquals(2, AarTypeFixer.twinManagedTypes(m));
    assertEquals(5, m.getDependencies().size());
    assertEquals(0, AarTypeFixer.twinManagedTypes(m));
  }
}
