package org.snaptune.apk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.maven.model.Dependency;
import org.apache.maven.model.DependencyManagement;
import org.apache.maven.model.Exclusion;

/**
 * Repairs a project's dependency list for AARs that Gradle-made POMs list without
 * {@code <type>aar</type>} (Maven would then look for a .jar that does not exist): each such
 * artifact is excluded from every direct dependency and added back directly as type aar, at the
 * version the graph chose. Pure model manipulation, so it is unit-testable without a repository.
 * Not thread-safe; operates on the lists it is given.
 */
final class AarTypeFixer {

  private AarTypeFixer() {}

  /** An artifact found only as .aar although referenced as a jar. */
  record Fix(String groupId, String artifactId, String version, String scope) {
    Fix {
      Objects.requireNonNull(groupId, "groupId");
      Objects.requireNonNull(artifactId, "artifactId");
      Objects.requireNonNull(version, "version");
    }

    String key() {
      return groupId + ":" + artifactId;
    }
  }

  /**
   * Adds, for every managed jar/aar entry, the same pin with the other type, so a version pinned once
   * applies whether a POM says {@code <type>aar</type>} or forgets it (Maven keys management by type).
   *
   * @return how many entries were added
   */
  static int twinManagedTypes(DependencyManagement management) {
    if (management == null) {
      return 0;
    }
    Map<String, Dependency> byKey = new LinkedHashMap<>();
    for (Dependency d : management.getDependencies()) {
      byKey.put(managementKey(d.getGroupId(), d.getArtifactId(), d.getType(), d.getClassifier()), d);
    }
    List<Dependency> added = new ArrayList<>();
    for (Dependency d : management.getDependencies()) {
      String other;
      switch (d.getType() == null ? "jar" : d.getType()) {
        case "jar":
          other = "aar";
          break;
        case "aar":
          other = "jar";
          break;
        default:
          other = null;
          break;
      }
      if (other == null || (d.getClassifier() != null && !d.getClassifier().isEmpty())) {
        continue;
      }
      String key = managementKey(d.getGroupId(), d.getArtifactId(), other, null);
      if (!byKey.containsKey(key)) {
        Dependency twin = d.clone();
        twin.setType(other);
        byKey.put(key, twin);
        added.add(twin);
      }
    }
    added.forEach(management::addDependency);
    return added.size();
  }

  /**
   * Applies the fixes to the project's direct dependencies.
   *
   * @return one human-readable line per change, for the build log
   */
  static List<String> apply(List<Dependency> dependencies, List<Fix> fixes) {
    List<String> log = new ArrayList<>();
    Map<String, Fix> byKey = new LinkedHashMap<>();
    for (Fix f : fixes) {
      byKey.put(f.key(), f);
    }
    for (Fix f : byKey.values()) {
      Dependency direct = null;
      for (Dependency d : dependencies) {
        if ((d.getGroupId() + ":" + d.getArtifactId()).equals(f.key())
            && (d.getClassifier() == null || d.getClassifier().isEmpty())) {
          direct = d;
        }
      }
      if (direct != null) {
        if (!"aar".equals(direct.getType())) {
          direct.setType("aar");
          log.add(f.key() + ": declared without <type>aar</type>; using the .aar");
        }
      } else {
        Dependency d = new Dependency();
        d.setGroupId(f.groupId());
        d.setArtifactId(f.artifactId());
        d.setVersion(f.version());
        d.setType("aar");
        d.setScope(f.scope() == null || f.scope().isEmpty() ? "compile" : f.scope());
        dependencies.add(d);
        log.add(f.key() + ":" + f.version() + ": a POM lists it without <type>aar</type>; added as aar ("
            + d.getScope() + ")");
      }
    }
    for (Dependency d : dependencies) {
      String own = d.getGroupId() + ":" + d.getArtifactId();
      for (Fix f : byKey.values()) {
        if (!f.key().equals(own) && !excludes(d, f)) {
          Exclusion e = new Exclusion();
          e.setGroupId(f.groupId());
          e.setArtifactId(f.artifactId());
          d.addExclusion(e);
        }
      }
    }
    return log;
  }

  private static boolean excludes(Dependency d, Fix f) {
    for (Exclusion e : d.getExclusions()) {
      if (f.groupId().equals(e.getGroupId()) && f.artifactId().equals(e.getArtifactId())) {
        return true;
      }
    }
    return false;
  }

  private static String managementKey(String g, String a, String type, String classifier) {
    return g + ":" + a + ":" + (type == null ? "jar" : type) + ":" + (classifier == null ? "" : classifier);
  }

  /** The dependencies as a pom.xml {@code <dependencies>} block (versions left to dependencyManagement). */
  static String toXml(List<Dependency> dependencies) {
    StringBuilder sb = new StringBuilder("<dependencies>\n");
    for (Dependency d : dependencies) {
      sb.append("  <dependency><groupId>").append(d.getGroupId()).append("</groupId><artifactId>")
          .append(d.getArtifactId()).append("</artifactId>");
      if (d.getVersion() != null) {
        sb.append("<version>").append(d.getVersion()).append("</version>");
      }
      if (d.getType() != null && !"jar".equals(d.getType())) {
        sb.append("<type>").append(d.getType()).append("</type>");
      }
      if (d.getClassifier() != null && !d.getClassifier().isEmpty()) {
        sb.append("<classifier>").append(d.getClassifier()).append("</classifier>");
      }
      if (d.getScope() != null && !"compile".equals(d.getScope())) {
        sb.append("<scope>").append(d.getScope()).append("</scope>");
      }
      if (!d.getExclusions().isEmpty()) {
        sb.append("\n    <exclusions>");
        for (Exclusion e : d.getExclusions()) {
          sb.append("<exclusion><groupId>").append(e.getGroupId()).append("</groupId><artifactId>")
              .append(e.getArtifactId()).append("</artifactId></exclusion>");
        }
        sb.append("</exclusions>\n  ");
      }
      sb.append("</dependency>\n");
    }
    return sb.append("</dependencies>\n").toString();
  }
}
