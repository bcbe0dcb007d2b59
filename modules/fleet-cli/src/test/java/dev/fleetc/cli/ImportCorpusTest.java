package dev.fleetc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code fleet import} on configuration files written by other people ({@code import-corpus/}, see
 * its SOURCES.md): each file is imported as the CLI would (a k0sctl file; {@code --k3s ADDR=FILE};
 * {@code --microk8s NAME@ADDR=FILE}), validated and compiled, and the regenerated distribution file
 * compared with the original key by key for meaning. A key lost, changed or invented is a
 * difference unless it is a default spelled out (tables below) or a warning of the import names
 * exactly that key. The outcome of every file is in {@code import-corpus/expected.tsv}: the test
 * fails when one changes, better or worse ({@code -Dfleetc.updateGolden=true} rewrites it; read the
 * diff), and prints the score reported in docs/import.md.
 */
class ImportCorpusTest {

  private static final String ADDRESS = "10.0.0.11";
  private static final YAMLMapper YAML = new YAMLMapper();

  @TempDir Path temp;

  private static Path corpus() {
    return Cli.projectRoot().resolve("modules/fleet-cli/src/test/resources/import-corpus");
  }

  @Test
  void everyCorpusFileHasItsRecordedOutcome() throws IOException {
    Map<String, String> actual = new TreeMap<>();
    List<Path> files;
    try (Stream<Path> list = Files.list(corpus())) {
      files = list.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(40);
    for (Path file : files) {
      actual.put(file.getFileName().toString(), outcome(file));
    }
    StringBuilder table = new StringBuilder("file\toutcome\tdetail\n");
    actual.forEach((file, outcome) -> table.append(file).append('\t').append(outcome).append('\n'));
    System.out.println("ImportCorpusTest score:\n" + score(actual));
    Path expected = corpus().resolve("expected.tsv");
    if (Boolean.getBoolean("fleetc.updateGolden")) {
      Files.writeString(expected, table.toString(), StandardCharsets.UTF_8);
    }
    assertThat(table.toString())
        .as(
            "import corpus outcomes changed; rerun with -Dfleetc.updateGolden=true and read the diff")
        .isEqualTo(Files.readString(expected, StandardCharsets.UTF_8));
  }

  /** Per distribution: files, imported, same meaning. */
  static String score(Map<String, String> outcomes) {
    Map<String, int[]> by = new TreeMap<>();
    outcomes.forEach(
        (file, outcome) -> {
          int[] counts = by.computeIfAbsent(file.substring(0, file.indexOf('-')), k -> new int[4]);
          counts[0]++;
          if (!outcome.startsWith("refused")) {
            counts[1]++;
          }
          if (outcome.startsWith("same meaning")) {
            counts[2]++;
          }
          if (outcome.equals("same meaning\t")) {
            counts[3]++;
          }
        });
    int[] all = new int[4];
    StringBuilder text = new StringBuilder();
    by.forEach(
        (distribution, c) -> {
          text.append(
              String.format(
                  Locale.ROOT,
                  "%s: %d files, %d imported, %d same meaning (%d with no warning needed)%n",
                  distribution,
                  c[0],
                  c[1],
                  c[2],
                  c[3]));
          for (int i = 0; i < 4; i++) {
            all[i] += c[i];
          }
        });
    return text.append(
            String.format(
                Locale.ROOT,
                "all: %d files, %d imported, %d same meaning (%d with no warning needed)%n",
                all[0],
                all[1],
                all[2],
                all[3]))
        .toString();
  }

  @Test
  void theComparisonFailsOnWhatIsLostChangedOrInventedAndNotOnDefaultsOrWarnedKeys() {
    Map<String, String> defaults = Map.of("mode", "600");
    assertThat(differences(Map.of("a", "1"), Map.of(), defaults, List.of())).containsExactly("-a");
    assertThat(differences(Map.of("a", "1"), Map.of("a", "2"), defaults, List.of()))
        .containsExactly("~a");
    assertThat(differences(Map.of(), Map.of("node-name", "x"), defaults, List.of()))
        .containsExactly("+node-name");
    assertThat(differences(Map.of(), Map.of("mode", "600"), defaults, List.of())).isEmpty();
    assertThat(
            differences(
                Map.of("k0s.config.spec.podSecurityPolicy.defaultPolicy", "x"),
                Map.of(),
                defaults,
                List.of("f.yaml: warning[FLEET-W013]: podSecurityPolicy is not imported")))
        .isEmpty();
    // A generic segment ("enabled") is not enough: the warning must name the key it is under.
    assertThat(
            differences(
                Map.of("spec.telemetry.enabled", "true"),
                Map.of("spec.telemetry.enabled", "false"),
                defaults,
                List.of("f.yaml: warning[FLEET-W013]: something else is enabled")))
        .containsExactly("~spec.telemetry.enabled");
  }

  /** {@code refused\t<codes>}, {@code differs\t<keys>} or {@code same meaning\t}. */
  private String outcome(Path file) throws IOException {
    String name = file.getFileName().toString();
    String base = name.replace(".yaml", "");
    Cli.Run imported;
    if (name.startsWith("k0sctl-")) {
      imported = Cli.run("import", file.toString());
    } else if (name.startsWith("k3s-")) {
      imported = Cli.run("import", "--k3s", k3sAddress(file) + "=" + file);
    } else {
      imported =
          Cli.run(
              "import",
              "--microk8s-channel",
              "1.31/stable",
              "--microk8s",
              "m1@" + ADDRESS + "=" + file);
    }
    if (imported.exitCode() != ExitCode.OK) {
      return "refused\t" + errors(imported.err());
    }
    Path fleet = temp.resolve(base + ".fleet.yaml");
    Files.writeString(fleet, imported.out(), StandardCharsets.UTF_8);
    Cli.Run valid = Cli.run("validate", fleet.toString());
    if (valid.exitCode() != ExitCode.OK) {
      return "invalid import\t" + errors(valid.err());
    }
    Path out = temp.resolve(base);
    Cli.Run compiled = Cli.run("compile", fleet.toString(), "-o", out.toString());
    if (compiled.exitCode() != ExitCode.OK) {
      return "compile failed\t" + errors(compiled.err());
    }
    String original = Files.readString(file, StandardCharsets.UTF_8);
    Map<String, String> before;
    Map<String, String> after;
    Map<String, String> defaults;
    if (name.startsWith("k0sctl-")) {
      Path again = only(out.resolve("bootstrap"), "k0sctl.yaml");
      before = k0sctl(k0sctlDocument(original));
      after = k0sctl(k0sctlDocument(Files.readString(again, StandardCharsets.UTF_8)));
      defaults = K0S_DEFAULTS;
    } else if (name.startsWith("k3s-")) {
      before = k3s(merged(original));
      after = k3s(merged(Files.readString(only(out.resolve("bootstrap"), "config.yaml"))));
      defaults = new TreeMap<>(K3S_DEFAULTS);
      defaults.put("node-ip", k3sAddress(file));
    } else {
      before = microk8s(merged(original));
      after =
          microk8s(merged(Files.readString(only(out.resolve("bootstrap"), "launch-config.yaml"))));
      defaults = MICROK8S_DEFAULTS;
    }
    List<String> differences = differences(before, after, defaults, warnings(imported.err()));
    // What a warning excused is recorded too: a loss the import reports is still a loss.
    List<String> warned = new ArrayList<>(differences(before, after, defaults, List.of()));
    warned.removeAll(differences);
    String excused = warned.isEmpty() ? "" : "warned: " + String.join(" ", warned);
    return differences.isEmpty()
        ? "same meaning\t" + excused
        : "differs\t" + String.join(" ", differences) + (excused.isEmpty() ? "" : "; " + excused);
  }

  /**
   * The address a user would give for a K3s node: the config's first external or internal address
   * (as folder mode takes it), else a stand-in.
   */
  private static String k3sAddress(Path file) throws IOException {
    JsonNode config = merged(Files.readString(file, StandardCharsets.UTF_8));
    for (String key : List.of("node-external-ip", "node-ip")) {
      JsonNode value = config.path(key);
      String first = value.isArray() ? value.path(0).asString("") : value.asString("");
      first = first.split(",")[0].strip();
      if (!first.isEmpty()) {
        return first;
      }
    }
    return ADDRESS;
  }

  /** The distinct diagnostic codes of the errors, sorted. */
  private static String errors(String err) {
    Set<String> codes = new TreeSet<>();
    Matcher m = Pattern.compile("error\\[(FLEET-E\\d+)]").matcher(err);
    while (m.find()) {
      codes.add(m.group(1));
    }
    return codes.isEmpty() ? "(no error code)" : String.join(" ", codes);
  }

  private static List<String> warnings(String err) {
    return err.lines().filter(l -> l.contains("warning[")).toList();
  }

  private static Path only(Path folder, String fileName) throws IOException {
    try (Stream<Path> all = Files.walk(folder)) {
      List<Path> found =
          all.filter(p -> p.getFileName().toString().equals(fileName)).sorted().toList();
      assertThat(found).as("one %s in %s", fileName, folder).hasSize(1);
      return found.get(0);
    }
  }

  // --- comparing -----------------------------------------------------------------------------

  /**
   * Keys lost ({@code -key}), changed ({@code ~key}) or invented ({@code +key}) that no warning
   * names. A missing key whose value is the tool's default, and a default spelled out, are the same
   * meaning.
   */
  static List<String> differences(
      Map<String, String> before,
      Map<String, String> after,
      Map<String, String> defaults,
      List<String> warnings) {
    List<String> found = new ArrayList<>();
    Set<String> keys = new TreeSet<>(before.keySet());
    keys.addAll(after.keySet());
    for (String key : keys) {
      String was = before.containsKey(key) ? before.get(key) : defaults.get(key);
      String now = after.containsKey(key) ? after.get(key) : defaults.get(key);
      if (was != null && was.equals(now)) {
        continue;
      }
      if (warned(key, warnings)) {
        continue;
      }
      found.add((was == null ? "+" : now == null ? "-" : "~") + key);
    }
    return found;
  }

  private static final Set<String> GENERIC =
      Set.of(
          "enabled",
          "name",
          "value",
          "type",
          "mode",
          "address",
          "version",
          "spec",
          "config",
          "k0s",
          "hosts",
          "metadata");

  /**
   * A warning names the key: its last segment that says what it is, or the one above it (a warning
   * about {@code podSecurityPolicy} covers {@code podSecurityPolicy.defaultPolicy}).
   */
  private static boolean warned(String hostKey, List<String> warnings) {
    // A host's address says which host, not which key.
    String key = hostKey.replaceFirst("^hosts\\[[^]]*]\\.", "");
    String plain = key.replaceAll("\\[[^]]*]", "");
    int dot = plain.lastIndexOf('.', plain.lastIndexOf('.') - 1);
    String lastTwo = plain.substring(dot + 1);
    if (lastTwo.contains(".") && warnings.stream().anyMatch(w -> w.contains(lastTwo))) {
      return true;
    }
    String[] segments = key.replace("]", "").split("[.\\[]");
    int named = 0;
    for (int i = segments.length - 1; i >= 0 && named < 2; i--) {
      String segment = segments[i];
      if (segment.isEmpty() || GENERIC.contains(segment)) {
        continue;
      }
      named++;
      if (warnings.stream().anyMatch(w -> w.contains(segment))) {
        return true;
      }
    }
    return false;
  }

  /** Documents merged (maps merge, lists add up), as K3s and the MicroK8s agent read parts. */
  private static JsonNode merged(String text) throws IOException {
    JsonNode result = null;
    for (JsonNode doc : documents(text)) {
      if (doc == null || doc.isNull() || doc.isMissingNode()) {
        continue;
      }
      result = result == null ? doc.deepCopy() : merge(result, doc);
    }
    return result == null ? YAML.createObjectNode() : result;
  }

  private static JsonNode merge(JsonNode into, JsonNode from) {
    if (!into.isObject() || !from.isObject()) {
      if (into.isArray() && from.isArray()) {
        tools.jackson.databind.node.ArrayNode sum =
            (tools.jackson.databind.node.ArrayNode) into.deepCopy();
        from.forEach(sum::add);
        return sum;
      }
      return from;
    }
    tools.jackson.databind.node.ObjectNode sum =
        (tools.jackson.databind.node.ObjectNode) into.deepCopy();
    for (Map.Entry<String, JsonNode> e : from.properties()) {
      JsonNode old = sum.get(e.getKey());
      sum.set(e.getKey(), old == null ? e.getValue() : merge(old, e.getValue()));
    }
    return sum;
  }

  /**
   * The documents of a file with their aliases resolved, as go-yaml resolves them (a host's {@code
   * installFlags: *flags} is the anchored list, not nothing).
   */
  private static List<JsonNode> documents(String text) {
    List<JsonNode> docs = new ArrayList<>();
    for (Object doc :
        new org.snakeyaml.engine.v2.api.Load(
                org.snakeyaml.engine.v2.api.LoadSettings.builder().build())
            .loadAllFromString(text)) {
      docs.add(doc == null ? YAML.createObjectNode() : YAML.valueToTree(mergeKeys(doc)));
    }
    return docs;
  }

  /** YAML 1.1 merge keys ({@code <<: *anchor}), resolved as go-yaml resolves them. */
  private static Object mergeKeys(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new java.util.LinkedHashMap<>();
      map.forEach(
          (k, v) -> {
            if (!"<<".equals(k)) {
              out.put(String.valueOf(k), mergeKeys(v));
            }
          });
      Object merged = map.get("<<");
      for (Object one : merged instanceof List<?> list ? list : Collections.singletonList(merged)) {
        if (mergeKeys(one) instanceof Map<?, ?> from) {
          from.forEach((k, v) -> out.putIfAbsent(String.valueOf(k), v));
        }
      }
      return out;
    }
    if (value instanceof List<?> list) {
      return list.stream().map(ImportCorpusTest::mergeKeys).toList();
    }
    return value;
  }

  private static JsonNode k0sctlDocument(String text) throws IOException {
    JsonNode cluster = null;
    JsonNode config = null;
    for (JsonNode doc : documents(text)) {
      String api = doc.path("apiVersion").asString("");
      if (api.startsWith("k0sctl.k0sproject.io/")) {
        cluster = doc.deepCopy();
      } else if (api.startsWith("k0s.k0sproject.io/")) {
        config = doc;
      }
    }
    assertThat(cluster).as("a k0sctl Cluster document").isNotNull();
    if (config != null) {
      ((tools.jackson.databind.node.ObjectNode) cluster.path("spec").path("k0s"))
          .set("config", config);
    }
    return cluster;
  }

  // --- k0sctl ---------------------------------------------------------------------------------

  /** k0s and k0sctl defaults (k0s's {@code k0s config create}, k0sctl's host defaults). */
  static final Map<String, String> K0S_DEFAULTS =
      Map.ofEntries(
          Map.entry("k0s.config.spec.api.port", "6443"),
          Map.entry("k0s.config.spec.api.k0sApiPort", "9443"),
          Map.entry("k0s.config.spec.network.provider", "kuberouter"),
          Map.entry("k0s.config.spec.network.podCIDR", "10.244.0.0/16"),
          Map.entry("k0s.config.spec.network.serviceCIDR", "10.96.0.0/12"),
          Map.entry("k0s.config.spec.network.clusterDomain", "cluster.local"),
          Map.entry("k0s.config.spec.network.kubeProxy.disabled", "false"),
          Map.entry("k0s.config.spec.network.kubeProxy.mode", "iptables"),
          Map.entry("k0s.config.spec.network.calico.mode", "vxlan"),
          Map.entry("k0s.config.spec.network.calico.overlay", "Always"),
          Map.entry("k0s.config.spec.network.calico.mtu", "0"),
          Map.entry("k0s.config.spec.network.calico.wireguard", "false"),
          Map.entry("k0s.config.spec.network.kuberouter.autoMTU", "true"),
          Map.entry("k0s.config.spec.network.kuberouter.mtu", "0"),
          Map.entry("k0s.config.spec.network.kuberouter.peerRouterASNs", ""),
          Map.entry("k0s.config.spec.network.kuberouter.peerRouterIPs", ""),
          Map.entry("k0s.config.spec.storage.type", "etcd"),
          Map.entry("k0s.config.spec.telemetry.enabled", "true"),
          Map.entry("k0s.config.spec.konnectivity.adminPort", "8133"),
          Map.entry("k0s.config.spec.konnectivity.agentPort", "8132"),
          Map.entry("k0s.config.spec.installConfig.users.etcdUser", "etcd"),
          Map.entry("k0s.config.spec.installConfig.users.kineUser", "kube-apiserver"),
          Map.entry("k0s.config.spec.installConfig.users.konnectivityUser", "konnectivity-server"),
          Map.entry("k0s.config.spec.installConfig.users.kubeAPIserverUser", "kube-apiserver"),
          Map.entry("k0s.config.spec.installConfig.users.kubeSchedulerUser", "kube-scheduler"),
          Map.entry("k0s.dynamicConfig", "false"),
          // k0sctl's spec.options defaults (cluster/options.go), as 'k0sctl init' writes them.
          Map.entry("options.wait.enabled", "true"),
          Map.entry("options.drain.enabled", "true"),
          Map.entry("options.drain.gracePeriod", "2m0s"),
          Map.entry("options.drain.timeout", "5m0s"),
          Map.entry("options.drain.force", "true"),
          Map.entry("options.drain.ignoreDaemonSets", "true"),
          Map.entry("options.drain.deleteEmptyDirData", "true"),
          Map.entry("options.drain.podSelector", ""),
          Map.entry("options.drain.skipWaitForDeleteTimeout", "0s"),
          Map.entry("options.concurrency.limit", "30"),
          Map.entry("options.concurrency.workerDisruptionPercent", "10"),
          Map.entry("options.concurrency.uploads", "5"),
          Map.entry("options.evictTaint.enabled", "false"),
          Map.entry("options.evictTaint.taint", "k0sctl.k0sproject.io/evict=true"),
          Map.entry("options.evictTaint.effect", "NoExecute"),
          Map.entry("options.evictTaint.controllerWorkers", "false"),
          Map.entry("metadata.user", "admin"));

  private static final Map<String, String> HOST_DEFAULTS =
      Map.of("ssh.port", "22", "ssh.user", "root", "noTaints", "false", "uploadBinary", "false");

  /** Go's {@code time.Duration.String()} of whole h/m/s text ({@code 5m} → {@code 5m0s}). */
  static String goDurationString(String text) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?").matcher(text);
    if (text.isEmpty() || !m.matches()) {
      return text;
    }
    long seconds = 0;
    for (int i = 1; i <= 3; i++) {
      long unit = i == 1 ? 3600 : i == 2 ? 60 : 1;
      seconds += m.group(i) == null ? 0 : Long.parseLong(m.group(i)) * unit;
    }
    long h = seconds / 3600;
    long min = seconds % 3600 / 60;
    long sec = seconds % 60;
    return h > 0 ? h + "h" + min + "m" + sec + "s" : min > 0 ? min + "m" + sec + "s" : sec + "s";
  }

  /**
   * A k0sctl Cluster as {@code key → value}; hosts keyed by their address (address:port where hosts
   * share an address on different SSH ports, k0sctl's own host identity), k0s version with v.
   */
  static Map<String, String> k0sctl(JsonNode doc) {
    Map<String, String> flat = new TreeMap<>();
    JsonNode spec = doc.path("spec");
    flat.put("metadata.name", doc.path("metadata").path("name").asString("k0s-cluster"));
    leaves(doc.path("metadata"), "metadata", flat);
    flat.remove("metadata.name");
    JsonNode k0s = spec.path("k0s");
    if (k0s.isObject()) {
      for (Map.Entry<String, JsonNode> e : k0s.properties()) {
        if (e.getKey().equals("config")) {
          // 'config: {}' is k0s's defaults, as no config at all.
          if (e.getValue().path("spec").isObject()) {
            leaves(e.getValue().path("spec"), "k0s.config.spec", flat);
          }
        } else {
          leaves(e.getValue(), "k0s." + e.getKey(), flat);
        }
      }
    }
    if (flat.containsKey("k0s.version")) {
      String v = flat.get("k0s.version").trim();
      flat.put("k0s.version", v.startsWith("v") ? v : "v" + v);
    }
    for (Map.Entry<String, JsonNode> e : spec.properties()) {
      if (!e.getKey().equals("hosts") && !e.getKey().equals("k0s")) {
        leaves(e.getValue(), e.getKey(), flat);
      }
    }
    // k0sctl decodes these into time.Duration: 5m, 300s and 5m0s are one value.
    for (String key :
        List.of(
            "options.drain.gracePeriod",
            "options.drain.timeout",
            "options.drain.skipWaitForDeleteTimeout")) {
      flat.computeIfPresent(key, (k, v) -> goDurationString(v));
    }
    Map<String, Integer> hostsAt = new TreeMap<>();
    for (JsonNode host : spec.path("hosts")) {
      hostsAt.merge(hostAddress(host), 1, Integer::sum);
    }
    for (JsonNode host : spec.path("hosts")) {
      String connection = host.has("openSSH") ? "openSSH" : host.has("ssh") ? "ssh" : "localhost";
      String address = hostAddress(host);
      String prefix =
          "hosts["
              + (hostsAt.get(address) > 1
                  ? address + ":" + host.path(connection).path("port").asString("22")
                  : address)
              + "].";
      Map<String, String> fields = new TreeMap<>();
      for (Map.Entry<String, JsonNode> e : host.properties()) {
        if (e.getKey().equals("installFlags")) {
          installFlags(e.getValue(), fields);
        } else {
          leaves(e.getValue(), e.getKey(), fields);
        }
      }
      fields.remove(connection + ".address");
      // k0sctl (since v0.12.0, Host.SetDefaults) reads these install flags as the role and field.
      String enableWorker = fields.remove("installFlags.--enable-worker");
      if (enableWorker != null && !enableWorker.equals("false")) {
        fields.put("role", "controller+worker");
      }
      String noTaints = fields.remove("installFlags.--no-taints");
      if (noTaints != null && !noTaints.equals("false")) {
        fields.put("noTaints", "true");
      }
      HOST_DEFAULTS.forEach(fields::putIfAbsent);
      fields.forEach((k, v) -> flat.put(prefix + k, v));
    }
    return flat;
  }

  /** Install flags by shell words: {@code --labels} and {@code --taints} as sorted sets. */
  private static void installFlags(JsonNode flags, Map<String, String> into) {
    for (JsonNode flag : flags) {
      for (String word : ShellWords.split(flag.asString(""))) {
        String key = word;
        String value = "true";
        int eq = word.indexOf('=');
        if (eq > 0 && word.startsWith("-")) {
          key = word.substring(0, eq);
          value = word.substring(eq + 1);
        }
        key = "installFlags." + key.replaceFirst("^-+", "--");
        if (key.endsWith("--labels") || key.endsWith("--taints")) {
          Set<String> items = new TreeSet<>(List.of(value.split(",")));
          if (into.containsKey(key)) {
            items.addAll(List.of(into.get(key).split(",")));
          }
          value = String.join(",", items);
        }
        into.put(key, value);
      }
    }
  }

  /** Shell words, as k0sctl's host install flags are split before k0s reads them. */
  static final class ShellWords {
    static List<String> split(String text) {
      List<String> words = new ArrayList<>();
      StringBuilder word = new StringBuilder();
      boolean inWord = false;
      char quote = 0;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (quote != 0) {
          if (c == quote) {
            quote = 0;
          } else if (c == '\\' && quote == '"' && i + 1 < text.length()) {
            word.append(text.charAt(++i));
          } else {
            word.append(c);
          }
        } else if (c == '\'' || c == '"') {
          quote = c;
          inWord = true;
        } else if (c == '\\' && i + 1 < text.length()) {
          word.append(text.charAt(++i));
          inWord = true;
        } else if (Character.isWhitespace(c)) {
          if (inWord) {
            words.add(word.toString());
            word.setLength(0);
            inWord = false;
          }
        } else {
          word.append(c);
          inWord = true;
        }
      }
      if (inWord) {
        words.add(word.toString());
      }
      return words;
    }
  }

  // --- K3s ------------------------------------------------------------------------------------

  private static String hostAddress(JsonNode host) {
    String connection = host.has("openSSH") ? "openSSH" : host.has("ssh") ? "ssh" : "localhost";
    return host.path(connection).path("address").asString("localhost");
  }

  /** K3s defaults ({@code k3s server --help}); node-ip: the address the import is given. */
  static final Map<String, String> K3S_DEFAULTS =
      Map.of(
          "cluster-cidr", "10.42.0.0/16",
          "service-cidr", "10.43.0.0/16",
          "cluster-domain", "cluster.local",
          "flannel-backend", "vxlan",
          "write-kubeconfig-mode", "600",
          "node-ip", ADDRESS,
          "data-dir", "/var/lib/rancher/k3s",
          "disable", "");

  /** K3s string-slice flags: a string is split on commas, the items are a set. */
  private static final Set<String> K3S_SETS =
      Set.of(
          "disable",
          "tls-san",
          "cluster-cidr",
          "service-cidr",
          "node-ip",
          "node-external-ip",
          "node-label",
          "node-taint",
          "kube-apiserver-arg",
          "kube-controller-manager-arg",
          "kube-scheduler-arg",
          "kube-proxy-arg",
          "kubelet-arg",
          "etcd-arg");

  private static final Set<String> K3S_SPLIT_ON_COMMA =
      Set.of("disable", "tls-san", "cluster-cidr", "service-cidr", "node-ip", "node-external-ip");

  static Map<String, String> k3s(JsonNode config) {
    Map<String, String> flat = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : config.properties()) {
      String key = e.getKey();
      JsonNode value = e.getValue();
      if (K3S_SETS.contains(key)) {
        Set<String> items = new TreeSet<>();
        List<JsonNode> nodes = new ArrayList<>();
        if (value.isArray()) {
          value.forEach(nodes::add);
        } else if (!value.isNull()) {
          nodes.add(value);
        }
        for (JsonNode item : nodes) {
          String text = item.asString("").trim();
          if (K3S_SPLIT_ON_COMMA.contains(key)) {
            for (String part : text.split(",")) {
              if (!part.isBlank()) {
                items.add(part.trim());
              }
            }
          } else {
            items.add(text.replaceFirst("^--", ""));
          }
        }
        flat.put(key, String.join(",", items));
      } else if (key.equals("write-kubeconfig-mode")) {
        String mode = value.asString("");
        flat.put(key, Integer.toOctalString(Integer.parseInt(mode, 8)));
      } else {
        leaves(value, key, flat);
      }
    }
    return flat;
  }

  // --- MicroK8s -------------------------------------------------------------------------------

  /** MicroK8s defaults (snap's args files, the CNI's defaults). */
  static final Map<String, String> MICROK8S_DEFAULTS =
      Map.of(
          "extraKubeletArgs.--cluster-dns", "10.152.183.10",
          "extraKubeletArgs.--cluster-domain", "cluster.local",
          "extraKubeletArgs.--node-ip", ADDRESS,
          "extraCNIEnv.IPv4_CLUSTER_CIDR", "10.1.0.0/16",
          "extraCNIEnv.IPv4_SERVICE_CIDR", "10.152.183.0/24",
          "extraKubeProxyArgs.--cluster-cidr", "10.1.0.0/16",
          "extraKubeAPIServerArgs.--service-cluster-ip-range", "10.152.183.0/24",
          "extraKubeControllerManagerArgs.--cluster-cidr", "10.1.0.0/16",
          "extraCNIEnv.IPv4_SUPPORT", "true",
          "extraSANs", "");

  static Map<String, String> microk8s(JsonNode config) {
    Map<String, String> flat = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : config.properties()) {
      String key = e.getKey();
      JsonNode value = e.getValue();
      switch (key) {
        case "version" -> {}
        case "addons" -> {
          for (JsonNode addon : value) {
            String name = addon.path("name").asString("");
            // MicroK8s's core add-on "storage" is an "Alias to hostpath-storage add-on,
            // deprecated" (canonical/microk8s-core-addons, addons.yaml).
            name = name.equals("storage") ? "hostpath-storage" : name;
            JsonNode args = addon.path("args");
            if (name.equals("dns")
                && args.toString().equals("[\"/etc/resolv.conf\",\"10.152.183.10\"]")) {
              args =
                  tools.jackson.databind.node.MissingNode
                      .getInstance(); // the dns add-on's defaults, spelled out
            }
            flat.put(
                "addons[" + name + "]",
                (addon.path("disable").asBoolean(false) ? "disabled" : "enabled")
                    + (args.isArray() ? " " + args : ""));
          }
        }
        case "addonRepositories" -> {
          for (JsonNode repo : value) {
            leaves(repo, "addonRepositories[" + repo.path("name").asString("") + "]", flat);
          }
        }
        case "extraSANs" -> {
          Set<String> sans = new TreeSet<>();
          value.forEach(s -> sans.add(s.asString("")));
          sans.remove(ADDRESS);
          // The API server certificate holds the first service address anyway, and MicroK8s's
          // certificate template 10.152.183.1 whatever the range.
          sans.remove("10.152.183.1");
          String services = config.path("extraCNIEnv").path("IPv4_SERVICE_CIDR").asString("");
          sans.remove(firstAddress(services.isEmpty() ? "10.152.183.0/24" : services));
          flat.put(key, String.join(",", sans));
        }
        default -> leaves(value, key, flat);
      }
    }
    // MicroK8s's generate-cni.sh writes the CNI ranges into kube-proxy, the controller manager
    // and the API server too: a range given once is given everywhere.
    // With IPv6_SUPPORT true it joins both families, IPv4 first ("v4,v6").
    boolean ipv6 = "true".equals(flat.get("extraCNIEnv.IPv6_SUPPORT"));
    String pods = flat.get("extraCNIEnv.IPv4_CLUSTER_CIDR");
    if (pods != null) {
      String v6 = flat.get("extraCNIEnv.IPv6_CLUSTER_CIDR");
      pods = ipv6 && v6 != null ? pods + "," + v6 : pods;
      flat.putIfAbsent("extraKubeProxyArgs.--cluster-cidr", pods);
      flat.putIfAbsent("extraKubeControllerManagerArgs.--cluster-cidr", pods);
    }
    String services = flat.get("extraCNIEnv.IPv4_SERVICE_CIDR");
    if (services != null) {
      String v6 = flat.get("extraCNIEnv.IPv6_SERVICE_CIDR");
      services = ipv6 && v6 != null ? services + "," + v6 : services;
      flat.putIfAbsent("extraKubeAPIServerArgs.--service-cluster-ip-range", services);
      if (ipv6) {
        flat.putIfAbsent("extraKubeControllerManagerArgs.--service-cluster-ip-range", services);
      }
    }
    return flat;
  }

  /** The first host address of an IPv4 range ({@code 10.152.183.0/24} → {@code 10.152.183.1}). */
  private static String firstAddress(String cidr) {
    String[] octets = cidr.replaceFirst("/.*", "").split("\\.");
    if (octets.length != 4) {
      return "";
    }
    return octets[0] + "." + octets[1] + "." + octets[2] + "." + (Integer.parseInt(octets[3]) + 1);
  }

  // --- leaves ---------------------------------------------------------------------------------

  /** Scalars by dotted path; arrays of scalars as one sorted set, arrays of maps by index. */
  static void leaves(JsonNode node, String path, Map<String, String> out) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        leaves(e.getValue(), path + "." + e.getKey(), out);
      }
    } else if (node.isArray()) {
      boolean scalars = true;
      for (JsonNode item : node) {
        scalars &= item.isValueNode();
      }
      if (scalars) {
        Set<String> items = new TreeSet<>();
        node.forEach(i -> items.add(i.asString("")));
        out.put(path, String.join(",", items));
      } else {
        for (int i = 0; i < node.size(); i++) {
          leaves(node.get(i), path + "[" + i + "]", out);
        }
      }
    } else if (!node.isNull()) {
      out.put(path, node.asString("").strip());
    }
  }
}
