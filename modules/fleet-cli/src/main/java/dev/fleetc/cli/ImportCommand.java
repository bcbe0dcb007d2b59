package dev.fleetc.cli;

import dev.fleetc.compiler.CompileResult;
import dev.fleetc.compiler.FleetCompiler;
import dev.fleetc.compiler.catalog.ReleaseCatalog;
import dev.fleetc.compiler.diagnostics.DiagnosticRenderer;
import dev.fleetc.compiler.diagnostics.Diagnostics;
import dev.fleetc.compiler.importer.FleetImporter;
import dev.fleetc.compiler.importer.ImportOrigins;
import dev.fleetc.compiler.sets.InventoryFiles;
import dev.fleetc.compiler.yaml.InputLimits;
import dev.fleetc.compiler.yaml.YMap;
import dev.fleetc.compiler.yaml.YNode;
import dev.fleetc.compiler.yaml.YScalar;
import dev.fleetc.compiler.yaml.YSeq;
import dev.fleetc.compiler.yaml.YamlReader;
import dev.fleetc.emit.support.YamlWriter;
import dev.fleetc.model.Diagnostic;
import dev.fleetc.model.Severity;
import dev.fleetc.model.SourcePosition;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code fleet import}: a fleet from the configuration files of clusters that already run. */
@Command(
    name = "import",
    mixinStandardHelpOptions = true,
    description = {
      "Print a fleet made from the configuration of running clusters:",
      "k0sctl.yaml files (FILE), K3s node configs (--k3s), MicroK8s launch",
      "configurations (--microk8s). Inline secrets become references (a warning",
      "names the variable to set); what the language cannot express goes into",
      "the escape hatches or is reported on stderr. See docs/import.md."
    })
final class ImportCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(arity = "0..*", paramLabel = "FILE", description = "k0sctl.yaml files.")
  List<Path> files = new ArrayList<>();

  @Option(
      names = "--name",
      paramLabel = "FLEET",
      description = "metadata.name of the fleet (default: imported).")
  String name = "imported";

  @Option(
      names = "--k3s",
      paramLabel = "[NAME@]ADDRESS=FILE|DIR",
      description =
          "A K3s node's config.yaml and the address fleetc reaches it at (repeatable), or a folder"
              + " of them (*.yaml, */config.yaml; addresses from node-external-ip or node-ip).")
  List<String> k3s = new ArrayList<>();

  @Option(
      names = "--k3s-cluster",
      paramLabel = "NAME",
      description = "Name of the K3s cluster (default: k3s).")
  String k3sCluster = "k3s";

  @Option(
      names = "--k3s-version",
      paramLabel = "VERSION",
      description = "The K3s build the nodes run, e.g. v1.31.4+k3s1 (config files do not say).")
  String k3sVersion;

  @Option(
      names = "--microk8s",
      paramLabel = "[NAME@]ADDRESS=FILE",
      description = "A MicroK8s control-plane node's launch configuration (repeatable).")
  List<String> microk8s = new ArrayList<>();

  @Option(
      names = "--microk8s-worker",
      paramLabel = "[NAME@]ADDRESS=FILE",
      description = "A MicroK8s worker's launch configuration (repeatable).")
  List<String> microk8sWorkers = new ArrayList<>();

  @Option(
      names = "--microk8s-cluster",
      paramLabel = "NAME",
      description = "Name of the MicroK8s cluster (default: microk8s).")
  String microk8sCluster = "microk8s";

  @Option(
      names = "--microk8s-channel",
      paramLabel = "CHANNEL",
      description = "The snap channel the nodes follow, e.g. 1.31/stable.")
  String microk8sChannel;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (files.isEmpty() && k3s.isEmpty() && microk8s.isEmpty() && microk8sWorkers.isEmpty()) {
      err.println("fleet: nothing to import; give k0sctl.yaml files, --k3s or --microk8s");
      return ExitCode.USAGE;
    }
    FleetImporter.Request request;
    InputLimits limits;
    try {
      limits = FileInventories.limits();
      bytesLeft = limits.maxImportBytes();
      List<FleetImporter.Source> k0sctl = new ArrayList<>();
      for (Path file : files) {
        k0sctl.add(source(file));
      }
      List<FleetImporter.NodeSource> k3sNodes = new ArrayList<>();
      for (String arg : k3s) {
        Path dir = Path.of(arg);
        if (!arg.contains("=") && Files.isDirectory(dir)) {
          for (Path file : folder(dir, err)) {
            k3sNodes.add(
                new FleetImporter.NodeSource(nodeLabel(file), null, false, source(file, true)));
          }
        } else {
          k3sNodes.add(node(arg, false, "--k3s"));
        }
      }
      List<FleetImporter.NodeSource> microk8sNodes = new ArrayList<>();
      for (String arg : microk8s) {
        microk8sNodes.add(node(arg, false, "--microk8s"));
      }
      for (String arg : microk8sWorkers) {
        microk8sNodes.add(node(arg, true, "--microk8s-worker"));
      }
      request =
          new FleetImporter.Request(
              name,
              k0sctl,
              k3sCluster,
              k3sVersion,
              k3sNodes,
              microk8sCluster,
              microk8sChannel,
              microk8sNodes);
    } catch (FleetInput.InputException e) {
      err.println("fleet: " + e.getMessage());
      return e.exitCode;
    } catch (IllegalArgumentException e) {
      err.println("fleet: " + e.getMessage());
      return ExitCode.USAGE;
    }
    ReleaseCatalog catalog = ReleaseCatalog.builtIn();
    FleetImporter.Result result = new FleetImporter(catalog, limits).run(request);
    result.report().entries().forEach(err::println);
    if (result.fleet().isEmpty()) {
      err.println("fleet: nothing imported");
      return ExitCode.INVALID;
    }
    Map<String, Object> fleet = new LinkedHashMap<>(result.fleet().get());
    List<Map<String, Object>> clusters = clusters(fleet);
    // The promise of this command: what it prints passes 'fleet validate'. Each cluster is checked
    // alone, its errors named after the input it came from; the clusters that pass are printed.
    FleetCompiler compiler = new FleetCompiler(catalog);
    Map<String, String> inputs = new LinkedHashMap<>();
    request.k0sctl().forEach(src -> inputs.putIfAbsent(src.file(), src.text()));
    for (List<FleetImporter.NodeSource> nodes : List.of(request.k3s(), request.microk8s())) {
      nodes.forEach(n -> inputs.putIfAbsent(n.source().file(), n.source().text()));
    }
    List<Map<String, Object>> valid = new ArrayList<>();
    List<String> refused = new ArrayList<>();
    for (Map<String, Object> cluster : clusters) {
      String name = String.valueOf(cluster.get("name"));
      Map<String, Object> alone = new LinkedHashMap<>(fleet);
      alone.put("clusters", List.of(cluster));
      String text = YamlWriter.write(alone);
      String origin =
          result.origins().getOrDefault(name, "imported") + ", cluster '" + name + "' as imported";
      CompileResult check = compiler.compile(origin, text);
      if (check.hasErrors()) {
        err.print(
            new DiagnosticRenderer(text, inputs)
                .renderAll(inInputs(check.diagnostics(), text, name, result)));
        err.println(
            "fleet: cluster '"
                + name
                + "' ("
                + result.origins().getOrDefault(name, "imported")
                + ") cannot be written as a valid fleet: its configuration uses what the fleet"
                + " language does not allow (see the errors above, each at its place in the input)");
        refused.add(name);
      } else {
        valid.add(cluster);
      }
    }
    if (valid.isEmpty()) {
      err.println("fleet: no cluster could be imported; nothing printed");
      return ExitCode.INVALID;
    }
    fleet.put("clusters", valid);
    String yaml = header(fleet) + YamlWriter.write(fleet);
    CompileResult check = compiler.compile("imported fleet", yaml);
    if (check.hasErrors()) {
      err.print(new DiagnosticRenderer(yaml).renderAll(check.diagnostics()));
      err.println(
          "fleet: the imported clusters do not form a valid fleet together; nothing printed");
      return ExitCode.INVALID;
    }
    out.print(yaml);
    out.flush();
    if (!refused.isEmpty() || result.report().hasErrors()) {
      List<String> missing = new ArrayList<>();
      refused.forEach(r -> missing.add("cluster '" + r + "'"));
      if (result.report().hasErrors()) {
        missing.add("the inputs with errors above");
      }
      err.println(
          "fleet: printed the "
              + valid.size()
              + " cluster(s) that imported; not imported: "
              + String.join(", ", missing));
      return ExitCode.INVALID;
    }
    return ExitCode.OK;
  }

  /**
   * The language's diagnostics on an imported cluster, pointed back into the input: each
   * diagnostic's place in the imported text is read as a path of the cluster ({@code
   * network.serviceCIDR}, {@code nodes[1].address}), and the import's record of where that path
   * came from ({@link FleetImporter.Result#inputOf}) gives the input file, line and column. A node
   * is named as imported; a cluster-wide setting by its key in the fleet and in the input. Nothing
   * points at the imported text, which is never printed.
   */
  private static List<Diagnostic> inInputs(
      List<Diagnostic> diagnostics, String text, String cluster, FleetImporter.Result result) {
    List<Located> paths = new ArrayList<>();
    Map<String, String> nodeNames = new LinkedHashMap<>();
    YamlReader.read("imported", text, new Diagnostics())
        .ifPresent(root -> index(root, "", paths, nodeNames));
    List<Diagnostic> out = new ArrayList<>();
    for (Diagnostic d : diagnostics) {
      String path = d.position().isKnown() ? pathAt(paths, d.position()) : "";
      String prefix = "clusters[0]";
      String inCluster = path.startsWith(prefix + ".") ? path.substring(prefix.length() + 1) : "";
      Optional<ImportOrigins.Located> input = result.inputOf(cluster, inCluster);
      if (input.isEmpty()) {
        out.add(d);
        continue;
      }
      Matcher node = NODE_PATH.matcher(inCluster);
      String message = d.message();
      String hint = d.hint();
      if (node.lookingAt() && nodeNames.containsKey(prefix + "." + node.group())) {
        message += " (imported as node '" + nodeNames.get(prefix + "." + node.group()) + "')";
      } else if (!inCluster.isEmpty()) {
        String inputKey = input.get().inputKey();
        message +=
            " (imported as "
                + inCluster
                + " of cluster '"
                + cluster
                + "'"
                + (inputKey.isEmpty() ? "" : ", from " + inputKey)
                + ")";
        if (!inputKey.isEmpty() && d.severity() == Severity.ERROR) {
          hint =
              (hint == null || hint.isEmpty() ? "" : hint + "; ")
                  + "change "
                  + inputKey
                  + " in "
                  + input.get().at().file()
                  + ", then import again";
        }
      }
      out.add(
          new Diagnostic(
              d.severity(),
              d.code(),
              message,
              input.get().at(),
              linesInInputs(hint, paths, cluster, input.get().at().file(), result)));
    }
    return out;
  }

  /**
   * A hint's "line N" (of the imported text: where the first of two duplicates is, say) as the line
   * of the input it came from: "line L" in the same file, "FILE:L:C" in another.
   */
  private static String linesInInputs(
      String hint, List<Located> paths, String cluster, String file, FleetImporter.Result result) {
    if (hint == null) {
      return null;
    }
    Matcher m = LINE.matcher(hint);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String path = pathAt(paths, new SourcePosition("", Integer.parseInt(m.group(1)), 10_000));
      String inCluster = path.startsWith("clusters[0].") ? path.substring(12) : "";
      String replacement =
          result
              .inputOf(cluster, inCluster)
              .map(ImportOrigins.Located::at)
              .map(at -> at.file().equals(file) ? "line " + at.line() : at.toString())
              .orElse(m.group());
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  private static final Pattern LINE = Pattern.compile("\\bline (\\d+)");

  /** A node of the imported text and its path ({@code clusters[0].network.podCIDR}). */
  private record Located(int line, int column, String path) {}

  /** Every key, value and list item of the imported text with its path; node names by path. */
  private static void index(
      YNode node, String path, List<Located> out, Map<String, String> nodeNames) {
    out.add(new Located(node.position().line(), node.position().column(), path));
    if (node instanceof YMap map) {
      for (YMap.Entry entry : map.entries()) {
        String child = path.isEmpty() ? entry.key() : path + "." + entry.key();
        out.add(new Located(entry.keyPosition().line(), entry.keyPosition().column(), child));
        index(entry.value(), child, out, nodeNames);
        if (entry.key().equals("name")
            && entry.value() instanceof YScalar name
            && path.matches(".*\\.nodes\\[\\d+\\]")) {
          nodeNames.put(path, name.text());
        }
      }
    } else if (node instanceof YSeq seq) {
      for (int i = 0; i < seq.items().size(); i++) {
        index(seq.items().get(i), path + "[" + i + "]", out, nodeNames);
      }
    }
  }

  /**
   * The path at a diagnostic's place: the deepest node that starts there, else the last one that
   * starts before it.
   */
  private static String pathAt(List<Located> paths, SourcePosition at) {
    String best = "";
    int bestLine = 0;
    int bestColumn = 0;
    for (Located p : paths) {
      boolean before = p.line() < at.line() || (p.line() == at.line() && p.column() <= at.column());
      boolean later = p.line() > bestLine || (p.line() == bestLine && p.column() > bestColumn);
      boolean same = p.line() == bestLine && p.column() == bestColumn;
      if (before && (later || (same && p.path().length() > best.length()))) {
        best = p.path();
        bestLine = p.line();
        bestColumn = p.column();
      }
    }
    return best;
  }

  private static final Pattern NODE_PATH = Pattern.compile("nodes\\[\\d+\\]");

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> clusters(Map<String, Object> fleet) {
    return (List<Map<String, Object>>) fleet.get("clusters");
  }

  private static String header(Map<String, Object> fleet) {
    return "# Written by 'fleet import'. Review it, then: fleet validate FILE && fleet compile FILE"
        + " -o DIR\n";
  }

  /** The fleet's name for a node of a folder: {@code shop-1.yaml} or {@code shop-1/config.yaml}. */
  private static String nodeLabel(Path file) {
    String name = file.getFileName().toString();
    if (name.equals("config.yaml") && file.getParent() != null) {
      return file.getParent().getFileName().toString();
    }
    return name.replaceFirst("\\.ya?ml$", "");
  }

  /** {@code [NAME@]ADDRESS=FILE}. */
  private FleetImporter.NodeSource node(String arg, boolean worker, String option)
      throws FleetInput.InputException {
    int eq = arg.indexOf('=');
    if (eq <= 0 || eq == arg.length() - 1) {
      throw new IllegalArgumentException(
          option
              + " takes [NAME@]ADDRESS=FILE"
              + (option.equals("--k3s") ? " or a folder" : "")
              + ", not '"
              + arg
              + "'");
    }
    String who = arg.substring(0, eq);
    int at = who.indexOf('@');
    String nodeName = at < 0 ? null : who.substring(0, at);
    String address = at < 0 ? who : who.substring(at + 1);
    return new FleetImporter.NodeSource(
        nodeName, address, worker, source(Path.of(arg.substring(eq + 1))));
  }

  private FleetImporter.Source source(Path file) throws FleetInput.InputException {
    return source(file, false);
  }

  /**
   * @param noFollow true for a file found in a folder: opened without following a link (one put
   *     there after the folder was listed is refused)
   */
  private FleetImporter.Source source(Path file, boolean noFollow)
      throws FleetInput.InputException {
    String text = readText(file, noFollow);
    bytesLeft -= text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    if (bytesLeft < 0) {
      throw new FleetInput.InputException(
          ExitCode.INVALID,
          file
              + ": the files to import hold more than the limit of "
              + InputLimits.describeBytes(FileInventories.limits().maxImportBytes())
              + " together (FLEETC_MAX_IMPORT_BYTES); raise FLEETC_MAX_IMPORT_BYTES if they are"
              + " really that large");
    }
    return new FleetImporter.Source(file.toString(), text);
  }

  /** What the files read so far leave of FLEETC_MAX_IMPORT_BYTES. */
  private long bytesLeft;

  /** Configuration files are small: more than this is not one. */
  private static final int MAX_CONFIG_BYTES = 4 * 1024 * 1024;

  private static String readText(Path file, boolean noFollow) throws FleetInput.InputException {
    LinkOption[] links =
        noFollow ? new LinkOption[] {LinkOption.NOFOLLOW_LINKS} : new LinkOption[0];
    if (!Files.isRegularFile(file, links)) {
      throw new FleetInput.InputException(ExitCode.IO_ERROR, file + ": no such file");
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file, links)) {
      bytes = in.readNBytes(MAX_CONFIG_BYTES + 1);
    } catch (IOException e) {
      throw new FleetInput.InputException(
          ExitCode.IO_ERROR, file + ": cannot read: " + e.getMessage());
    }
    if (bytes.length > MAX_CONFIG_BYTES) {
      throw new FleetInput.InputException(
          ExitCode.INVALID, file + ": larger than 4 MiB: not a configuration file to import");
    }
    try {
      return FileInventories.utf8(bytes);
    } catch (InventoryFiles.Unreadable e) {
      throw new FleetInput.InputException(ExitCode.INVALID, file + ": not UTF-8 text");
    }
  }

  /**
   * The config files of a folder: {@code *.yaml}, {@code *.yml}, {@code *\/config.yaml}. Regular
   * files only: a link is never followed (400 links to one large file would be read 400 times), and
   * is named on stderr.
   */
  private static List<Path> folder(Path dir, PrintWriter err) throws FleetInput.InputException {
    List<Path> found = new ArrayList<>();
    try (Stream<Path> entries = Files.list(dir)) {
      for (Path entry : entries.sorted().toList()) {
        String file = entry.getFileName().toString();
        Path nested = entry.resolve("config.yaml");
        if (Files.isSymbolicLink(entry)
            || (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)
                && Files.isSymbolicLink(nested))) {
          err.println(
              "fleet: " + (Files.isSymbolicLink(entry) ? entry : nested) + ": a link; not read");
        } else if (Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)
            && (file.endsWith(".yaml") || file.endsWith(".yml"))) {
          found.add(entry);
        } else if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)
            && Files.isRegularFile(nested, LinkOption.NOFOLLOW_LINKS)) {
          found.add(nested);
        }
      }
    } catch (IOException e) {
      throw new FleetInput.InputException(
          ExitCode.IO_ERROR, dir + ": cannot read: " + e.getMessage());
    }
    if (found.isEmpty()) {
      throw new FleetInput.InputException(
          ExitCode.IO_ERROR, dir + ": no *.yaml or */config.yaml in it");
    }
    return found;
  }
}
