package org.snaptune.apk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.maven.RepositoryUtils;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Component;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;
import org.apache.maven.project.MavenProject;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.ArtifactTypeRegistry;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.collection.DependencyCollectionException;
import org.eclipse.aether.graph.DependencyNode;
import org.eclipse.aether.resolution.ArtifactRequest;
import org.eclipse.aether.resolution.ArtifactResolutionException;

/**
 * Finds dependencies whose POM forgot {@code <type>aar</type>} (common in Gradle-made AndroidX and
 * TFLite POMs: Maven then fails looking for a .jar that does not exist) and prints the
 * {@code <dependencies>} block that fixes them: each such AAR declared directly with its type and
 * excluded from every other direct dependency.
 *
 * <p>Run it on its own, {@code mvn -pl app org.snaptune:snaptune-apk-maven-plugin:0.1.0:aar-types} (after installing the plugin): Maven resolves a project's
 * dependencies before the first mojo of a lifecycle build runs (for the union of all mojos' scopes),
 * so no plugin goal bound in the lifecycle can repair the list in time; a lone goal needing no
 * resolution can still read the graph. With {@code -Dsnaptune.apk.aarFixFile=FILE} it also writes
 * the block to FILE.
 */
@Mojo(name = "aar-types", requiresDependencyResolution = ResolutionScope.NONE, threadSafe = true)
public final class FixAarTypesMojo extends AbstractMojo {

  /** The project whose dependency list is repaired (read-only, injected by Maven). */
  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  private MavenProject project;

  /** The resolver session (read-only, injected by Maven). */
  @Parameter(defaultValue = "${repositorySystemSession}", readonly = true, required = true)
  private RepositorySystemSession repoSession;

  /** Optional file that receives the suggested {@code <dependencies>} block. */
  @Parameter(property = "snaptune.apk.aarFixFile")
  private java.io.File aarFixFile;

  @Component
  private RepositorySystem repoSystem;

  @Override
  public void execute() throws MojoFailureException {
    int twins = AarTypeFixer.twinManagedTypes(project.getModel().getDependencyManagement());
    getLog().debug("mirrored " + twins + " managed versions across jar/aar types");
    ArtifactTypeRegistry types = repoSession.getArtifactTypeRegistry();
    CollectRequest request = new CollectRequest();
    request.setRootArtifact(RepositoryUtils.toArtifact(project.getArtifact()));
    request.setRepositories(project.getRemoteProjectRepositories());
    project.getDependencies().forEach(d -> request.addDependency(RepositoryUtils.toDependency(d, types)));
    if (project.getDependencyManagement() != null) {
      project.getDependencyManagement().getDependencies()
          .forEach(d -> request.addManagedDependency(RepositoryUtils.toDependency(d, types)));
    }
    DependencyNode root;
    try {
      root = repoSystem.collectDependencies(repoSession, request).getRoot();
    } catch (DependencyCollectionException e) {
      // Maven's own resolution reports the same problem with its usual detail; do not mask it.
      getLog().warn("cannot inspect the dependency graph for untyped AARs: " + e.getMessage());
      return;
    }
    Map<String, DependencyNode> nodes = new LinkedHashMap<>();
    collect(root, nodes);
    List<AarTypeFixer.Fix> fixes = new ArrayList<>();
    for (DependencyNode node : nodes.values()) {
      Artifact a = node.getArtifact();
      if (!"jar".equals(a.getExtension()) || !a.getClassifier().isEmpty() || resolves(a)) {
        continue;
      }
      Artifact aar = new DefaultArtifact(a.getGroupId(), a.getArtifactId(), "", "aar", a.getVersion());
      if (resolves(aar)) {
        fixes.add(new AarTypeFixer.Fix(a.getGroupId(), a.getArtifactId(), a.getVersion(),
            node.getDependency().getScope()));
      }
    }
    if (fixes.isEmpty()) {
      getLog().info("no untyped AARs: every AAR in the graph is declared with <type>aar</type>");
      return;
    }
    List<org.apache.maven.model.Dependency> fixed = new ArrayList<>();
    project.getOriginalModel().getDependencies().forEach(d -> fixed.add(d.clone()));
    for (String line : AarTypeFixer.apply(fixed, fixes)) {
      getLog().warn("untyped AAR: " + line);
    }
    String xml = AarTypeFixer.toXml(fixed);
    getLog().warn("replace the project's <dependencies> with:\n" + xml);
    if (aarFixFile != null) {
      try {
        java.nio.file.Files.writeString(aarFixFile.toPath(), xml);
      } catch (java.io.IOException e) {
        throw new MojoFailureException("cannot write " + aarFixFile + ": " + e.getMessage(), e);
      }
    }
  }

  private boolean resolves(Artifact artifact) {
    try {
      repoSystem.resolveArtifact(repoSession,
          new ArtifactRequest(artifact, project.getRemoteProjectRepositories(), null));
      return true;
    } catch (ArtifactResolutionException e) {
      getLog().debug("not found: " + artifact + " (" + e.getMessage() + ")");
      return false;
    }
  }

  private static void collect(DependencyNode node, Map<String, DependencyNode> out) {
    for (DependencyNode child : node.getChildren()) {
      Artifact a = child.getArtifact();
      String key = a.getGroupId() + ":" + a.getArtifactId() + ":" + a.getExtension() + ":" + a.getClassifier();
      if (out.putIfAbsent(key, child) == null) {
        collect(child, out);
      }
    }
  }
}
