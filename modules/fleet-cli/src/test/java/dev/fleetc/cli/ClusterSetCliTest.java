package dev.fleetc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cluster sets through the command line: compile, diff, explain, validate, schema. */
class ClusterSetCliTest {

  @TempDir Path dir;

  private static final String HEAD =
      """
      apiVersion: fleetc.dev/v1alpha1
      kind: Fleet
      metadata: {name: shops}
      defaults:
        kubernetes: "1.31"
        gitops: {engine: flux, repository: ssh://git@example.com/shops.git, branch: main}
        addons: {ingress: traefik, storage: local-path}
      profiles:
        edge: {distribution: k3s, datastore: {type: sqlite}}
        lab: {distribution: microk8s}
      """;

  private static final String SET =
      HEAD
          + """
          clusterSets:
            - name: stores
              profile: edge
              inventory: inv/stores.csv
              cluster:
                name: "store-{{id}}"
                region: "{{region}}"
                labels: {store: "{{id}}", city: "{{city}}"}
                token: {secretRef: "env:STORE_{{id}}_TOKEN"}
                nodes:
                  - {name: "store-{{id}}-a", address: "{{subnet}}.11", role: control-plane}
                  - {name: "store-{{id}}-till", address: "{{subnet}}.21", role: worker}
          """;

  // Quoted fields, a CRLF line end and a byte-order mark: what spreadsheets export.
  private static final List<String[]> ROWS =
      List.of(
          new String[] {"0001", "eu-west", "lyon", "10.1.1"},
          new String[] {"0002", "eu-west", "paris", "10.1.2"},
          new String[] {"0003", "us-east", "boston", "10.1.3"});

  private static String csv(List<String[]> rows) {
    StringBuilder csv = new StringBuilder("\uFEFFid,region,city,\"subnet\"\r\n");
    for (String[] row : rows) {
      csv.append(row[0]).append(",\"").append(row[1]).append("\",").append(row[2]);
      csv.append(',').append(row[3]).append("\r\n");
    }
    return csv.toString();
  }

  private static String byHand(List<String[]> rows) {
    StringBuilder fleet = new StringBuilder(HEAD).append("clusters:\n");
    for (String[] r : rows) {
      fleet.append(
          String.format(
              """
                - name: store-%1$s
                  profile: edge
                  region: %2$s
                  labels: {store: "%1$s", city: %3$s}
                  token: {secretRef: env:STORE_%1$s_TOKEN}
                  nodes:
                    - {name: store-%1$s-a, address: %4$s.11, role: control-plane}
                    - {name: store-%1$s-till, address: %4$s.21, role: worker}
              """,
              r[0], r[1], r[2], r[3]));
    }
    return fleet.toString();
  }

  private Path fleet(String folder, String fleetText, String csvText) throws IOException {
    Path root = dir.resolve(folder);
    Files.createDirectories(root.resolve("inv"));
    Files.writeString(root.resolve("fleet.yaml"), fleetText);
    if (csvText != null) {
      Files.writeString(root.resolve("inv/stores.csv"), csvText);
    }
    return root.resolve("fleet.yaml");
  }

  private static Map<String, String> tree(Path root) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        files.put(root.relativize(p).toString(), Files.readString(p));
      }
    }
    return files;
  }

  @Test
  void aSetCompilesToTheSameTreeAsTheClustersWrittenByHand() throws IOException {
    Path set = fleet("set", SET, csv(ROWS));
    Path hand = fleet("hand", byHand(ROWS), null);
    Cli.Run a = Cli.run("compile", set.toString(), "-o", dir.resolve("out-set").toString());
    Cli.Run b = Cli.run("compile", hand.toString(), "-o", dir.resolve("out-hand").toString());
    assertThat(a.exitCode()).as(a.err()).isEqualTo(ExitCode.OK);
    assertThat(b.exitCode()).as(b.err()).isEqualTo(ExitCode.OK);
    Map<String, String> stamped = tree(dir.resolve("out-set"));
    assertThat(stamped).containsKey("bootstrap/store-0003/nodes/store-0003-till/user-data.yaml");
    assertThat(stamped).isEqualTo(tree(dir.resolve("out-hand")));
  }

  @Test
  void aNewInventoryRowIsACreateInTheDiff() throws IOException {
    Path before = fleet("before", SET, csv(ROWS));
    List<String[]> more = new java.util.ArrayList<>(ROWS);
    more.add(new String[] {"0004", "us-east", "denver", "10.1.4"});
    Path after = fleet("after", SET, csv(more));
    Cli.Run run = Cli.run("diff", before.toString(), after.toString());
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.CHANGES);
    assertThat(run.out())
        .contains("+ store-0004  create")
        .contains("file:  bootstrap/store-0004/nodes/store-0004-a/user-data.yaml")
        .contains("Plan: 1 cluster change (3 unchanged): 1 create.");
    assertThat(Cli.run("diff", before.toString(), before.toString()).exitCode())
        .isEqualTo(ExitCode.OK);
  }

  @Test
  void gitRevisionsReadTheInventoryOfTheSameRevision() throws IOException, GitAPIException {
    Path repo = dir.resolve("repo");
    Path fleet = fleet("repo", SET, csv(ROWS));
    PersonIdent me = new PersonIdent("fleetc test", "test@fleetc.dev");
    try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
      git.add().addFilepattern(".").call();
      git.commit().setMessage("three stores").setAuthor(me).setCommitter(me).setSign(false).call();
      Files.writeString(repo.resolve("inv/stores.csv"), csv(ROWS.subList(0, 2)));
    }
    Cli.Run run = Cli.run("diff", "--repo", repo.toString(), "HEAD:fleet.yaml", fleet.toString());
    assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.CHANGES);
    assertThat(run.out()).contains("- store-0003  destroy");
  }

  @Test
  void explainNamesTheSetTheInventoryAndTheRow() throws IOException {
    Path set = fleet("set", SET, csv(ROWS));
    Cli.Run text = Cli.run("explain", "store-0002", set.toString());
    assertThat(text.exitCode()).as(text.err()).isEqualTo(ExitCode.OK);
    String inventory = dir.resolve("set/inv/stores.csv").toString();
    assertThat(text.out())
        .contains("from set stores, " + inventory + " row 2")
        .contains("cluster store-0002 at " + inventory + ":3:6");
    Cli.Run json = Cli.run("explain", "store-0002", set.toString(), "--format", "json");
    assertThat(json.out())
        .contains("\"from\": \"set stores, " + inventory + " row 2\"")
        .contains("\"file\": \"" + inventory + "\"");
  }

  @Test
  void anInvalidCellIsShownFromTheInventoryWithTheTemplateAsANote() throws IOException {
    List<String[]> bad = new java.util.ArrayList<>(ROWS);
    bad.add(new String[] {"0004", "us-east", "denver", "10.1.400"});
    Path set = fleet("set", SET, csv(bad));
    Cli.Run run = Cli.run("validate", set.toString());
    assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID);
    String inventory = dir.resolve("set/inv/stores.csv").toString();
    assertThat(run.err())
        .contains(inventory + ":5:23: error[FLEET-E010]: '10.1.400.11' is not a valid IP address")
        .contains(" 5 | 0004,\"us-east\",denver,10.1.400\n")
        .contains("  = note: column 'subnet' is substituted into the template at ");
  }

  @Test
  void anInventoryLinkedFromOutsideTheFleetFolderIsRefused() throws IOException {
    Path set = fleet("set", SET, null);
    Path outside = Files.writeString(dir.resolve("secret.csv"), csv(ROWS));
    Files.createSymbolicLink(dir.resolve("set/inv/stores.csv"), outside);
    Cli.Run run = Cli.run("validate", set.toString());
    assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID);
    assertThat(run.err())
        .contains("error[FLEET-E061]: inventory 'inv/stores.csv': leads outside the fleet file's");
    // A link that stays inside the folder is fine.
    Files.delete(dir.resolve("set/inv/stores.csv"));
    Files.writeString(dir.resolve("set/real.csv"), csv(ROWS));
    Files.createSymbolicLink(dir.resolve("set/inv/stores.csv"), dir.resolve("set/real.csv"));
    assertThat(Cli.run("validate", set.toString()).exitCode()).isEqualTo(ExitCode.OK);
  }

  @Test
  void anInventoryIsACsvDataFileNeverADotFileNorTheFleetFile() throws IOException {
    Path set = fleet("set", SET, csv(ROWS));
    Files.createDirectories(dir.resolve("set/.git"));
    Files.writeString(dir.resolve("set/.git/config"), "[remote]\n url = https://u:hunter2@h/r\n");
    Files.writeString(dir.resolve("set/.env"), "AWS_SECRET_ACCESS_KEY=hunter2\n");
    Files.writeString(dir.resolve("set/notes.txt"), "id\nhunter2\n");
    for (String path : List.of(".git/config", ".env", "notes.txt", "inv/.hidden.csv")) {
      Files.writeString(set, SET.replace("inventory: inv/stores.csv", "inventory: " + path));
      Cli.Run run = Cli.run("validate", set.toString());
      assertThat(run.exitCode()).as(path).isEqualTo(ExitCode.INVALID);
      assertThat(run.err())
          .as(path)
          .contains("error[FLEET-E061]: inventory '" + path + "'")
          .doesNotContain("hunter2");
    }
    // A link inside the folder to a dot-file is refused for where it leads.
    Files.writeString(set, SET);
    Files.delete(dir.resolve("set/inv/stores.csv"));
    Files.createSymbolicLink(dir.resolve("set/inv/stores.csv"), dir.resolve("set/.env"));
    Cli.Run linked = Cli.run("validate", set.toString());
    assertThat(linked.exitCode()).isEqualTo(ExitCode.INVALID);
    assertThat(linked.err()).contains("leads through a link").doesNotContain("hunter2");
    // Nor the fleet file itself, when it happens to be named .csv.
    Path csvFleet =
        Files.writeString(dir.resolve("set/self.csv"), SET.replace("inv/stores.csv", "self.csv"));
    Cli.Run self = Cli.run("validate", csvFleet.toString());
    assertThat(self.exitCode()).isEqualTo(ExitCode.INVALID);
    assertThat(self.err()).contains("is the fleet file itself");
  }

  @Test
  void diffAndValidateNeverEchoACredentialCellOfAnInventory() throws IOException {
    String secret = "hunter2-s3cr3t-0001";
    Path set =
        fleet(
            "set",
            SET.replace("city: \"{{city}}\"", "city: \"{{city}}\", key: \"{{api_token}}\""),
            "id,region,city,subnet,api_token\n0001,eu-west,lyon,10.1.999," + secret + "\n");
    for (String command : List.of("validate", "diff")) {
      Cli.Run run =
          command.equals("diff")
              ? Cli.run("diff", set.toString(), set.toString())
              : Cli.run("validate", set.toString());
      assertThat(run.err()).as(command).contains("error[FLEET-E010]").doesNotContain(secret);
      assertThat(run.out()).as(command).doesNotContain(secret);
    }
  }

  @Test
  void theSchemaDescribesClusterSets() {
    Cli.Run run = Cli.run("schema");
    assertThat(run.out()).contains("\"clusterSets\"", "\"inventory\"", "\"members\"");
  }
}
