package dev.fleetc.cli.status;

import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.api.model.NamedAuthInfo;
import io.fabric8.kubernetes.api.model.NamedCluster;
import io.fabric8.kubernetes.api.model.NamedContext;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.File;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The kubeconfig files, parsed once: with 1,000 contexts, letting the client parse the whole file
 * for each context would cost a million context entries. Files are merged as kubectl merges {@code
 * KUBECONFIG}: the first file that names a context, cluster or user wins. Nothing is written.
 */
public final class Kubeconfig {

  private final Map<String, NamedContext> contexts = new LinkedHashMap<>();
  private final Map<String, NamedCluster> clusters = new LinkedHashMap<>();
  private final Map<String, NamedAuthInfo> users = new LinkedHashMap<>();
  private final Map<String, Path> origin = new LinkedHashMap<>();

  private Kubeconfig() {}

  /**
   * Reads the files; a file that cannot be read or parsed is an {@link IllegalArgumentException}.
   */
  public static Kubeconfig read(List<Path> files) {
    Kubeconfig merged = new Kubeconfig();
    for (Path file : files) {
      Config config;
      String text;
      try {
        text = java.nio.file.Files.readString(file);
      } catch (java.io.IOException | RuntimeException e) {
        throw new IllegalArgumentException(file + ": cannot be read (" + e + ")", e);
      }
      if (text.isBlank()) {
        continue; // kubectl reads an empty file as an empty kubeconfig
      }
      try {
        config = KubeConfigUtils.parseConfigFromString(text);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(file + ": not a kubeconfig: " + e.getMessage(), e);
      }
      if (config == null) {
        continue;
      }
      if (config.getContexts() != null) {
        for (NamedContext c : config.getContexts()) {
          if (c.getName() != null && merged.contexts.putIfAbsent(c.getName(), c) == null) {
            merged.origin.put(c.getName(), file);
          }
        }
      }
      if (config.getClusters() != null) {
        config.getClusters().forEach(c -> merged.clusters.putIfAbsent(c.getName(), c));
      }
      if (config.getUsers() != null) {
        config.getUsers().forEach(u -> merged.users.putIfAbsent(u.getName(), u));
      }
    }
    return merged;
  }

  /**
   * The files kubectl would read: {@code --kubeconfig}, else each entry of {@code KUBECONFIG}, else
   * {@code ~/.kube/config}.
   */
  public static List<Path> files(Path explicit, String kubeconfigVariable, String home) {
    if (explicit != null) {
      return List.of(explicit);
    }
    if (kubeconfigVariable != null && !kubeconfigVariable.isBlank()) {
      return java.util.Arrays.stream(kubeconfigVariable.split(File.pathSeparator))
          .filter(s -> !s.isBlank())
          .map(Path::of)
          .filter(p -> p.toFile().isFile())
          .toList();
    }
    return List.of(Path.of(home, ".kube", "config"));
  }

  public boolean hasContext(String name) {
    return contexts.containsKey(name);
  }

  /**
   * The client configuration of one context, built by fabric8 from a kubeconfig that holds that
   * context alone (so exec plugins, token files and relative certificate paths work as in kubectl).
   */
  public Optional<io.fabric8.kubernetes.client.Config> clientConfig(String contextName) {
    NamedContext context = contexts.get(contextName);
    if (context == null || context.getContext() == null) {
      return Optional.empty();
    }
    Config single = new Config();
    single.setApiVersion("v1");
    single.setKind("Config");
    single.setCurrentContext(contextName);
    single.setContexts(List.of(context));
    Path folder = origin.get(contextName).toAbsolutePath().getParent();
    NamedCluster cluster = clusters.get(context.getContext().getCluster());
    if (cluster != null && cluster.getCluster() != null) {
      io.fabric8.kubernetes.api.model.Cluster c = cluster.getCluster().toBuilder().build();
      c.setCertificateAuthority(absolute(folder, c.getCertificateAuthority()));
      cluster = new NamedCluster(c, cluster.getName());
    }
    single.setClusters(cluster == null ? List.of() : List.of(cluster));
    NamedAuthInfo user = users.get(context.getContext().getUser());
    if (user != null && user.getUser() != null) {
      io.fabric8.kubernetes.api.model.AuthInfo u = user.getUser().toBuilder().build();
      u.setClientCertificate(absolute(folder, u.getClientCertificate()));
      u.setClientKey(absolute(folder, u.getClientKey()));
      u.setTokenFile(absolute(folder, u.getTokenFile()));
      user = new NamedAuthInfo(user.getName(), u);
    }
    single.setUsers(user == null ? List.of() : List.of(user));
    // The YAML alone, no path: given a path, fabric8 8.0 parses that whole file again, which is
    // what this class avoids. Relative file names are made absolute against the file instead.
    return Optional.of(
        io.fabric8.kubernetes.client.Config.fromKubeconfig(
            contextName, Serialization.asYaml(single), null));
  }

  private static String absolute(Path folder, String file) {
    if (file == null || file.isEmpty() || folder == null) {
      return file;
    }
    return folder.resolve(file).toString();
  }
}
