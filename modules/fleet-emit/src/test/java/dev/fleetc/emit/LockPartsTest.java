package dev.fleetc.emit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * A lock in parts ({@link LockFiles}) reads back as the lock that was written, and a part is
 * untrusted input like the root: links, other paths, edits and oversized parts are refused with the
 * part named.
 */
class LockPartsTest {

  /** Parts of a few KB: small fleets are parted, as the 10,000-cluster ones are in use. */
  private static final LockFiles.Limits SMALL = new LockFiles.Limits(2_000, 16_384);

  private static final String SHA = "ab".repeat(32);

  private static Lock.LockCluster cluster(String name, int nodes) {
    List<Lock.LockArtifact> files = new ArrayList<>();
    files.add(
        new Lock.LockArtifact("bootstrap/" + name + "/RUNBOOK.md", "runbook", null, null, SHA));
    for (int n = 0; n < nodes; n++) {
      String folder = "bootstrap/" + name + "/nodes/n" + n + "/";
      String role = n == 0 ? "control-plane" : "worker";
      files.add(new Lock.LockArtifact(folder + "config.yaml", "k3s-config", "n" + n, role, SHA));
      files.add(new Lock.LockArtifact(folder + "install.sh", "k3s-install", "n" + n, role, SHA));
    }
    files.add(
        new Lock.LockArtifact("clusters/" + name + "/kustomization.yaml", "flux", null, null, SHA));
    return new Lock.LockCluster(
        name, "k3s", "v1.31.14+k3s1", "etcd", "flux", "clusters/" + name, files);
  }

  private static Lock lock(int clusters) {
    List<Lock.LockCluster> list = new ArrayList<>();
    for (int c = 0; c < clusters; c++) {
      list.add(cluster(String.format("c%04d", c), 5));
    }
    return new Lock(
        "f",
        "fleetc test",
        List.of(new Lock.LockArtifact("FLEET.md", "other", null, null, SHA)),
        list);
  }

  /** The files of a lock as a folder would hold them. */
  private static Map<String, byte[]> written(Lock lock, LockFiles.Limits limits) {
    Map<String, byte[]> files = new TreeMap<>();
    LockFiles.lazily(lock, limits).forEach(f -> files.put(f.path(), f.bytes()));
    return files;
  }

  private static LockReader.PartSource from(Map<String, byte[]> files) {
    return (path, max) -> {
      byte[] bytes = files.get(path);
      if (bytes == null) {
        throw new LockReader.InvalidLockException(path, "is missing");
      }
      return new ByteArrayInputStream(bytes);
    };
  }

  private static Lock read(Map<String, byte[]> files) {
    return LockReader.read(
        new String(files.get(OutputLayout.LOCK_FILE), StandardCharsets.UTF_8), from(files));
  }

  @Test
  void aSmallLockStaysOneFileAsEarlierFleetcWroteIt() {
    Lock lock = lock(3);
    Map<String, byte[]> files = written(lock, LockFiles.Limits.DEFAULT);
    assertThat(files).containsOnlyKeys(OutputLayout.LOCK_FILE);
    assertThat(new String(files.get(OutputLayout.LOCK_FILE), StandardCharsets.UTF_8))
        .isEqualTo(lock.toJson());
  }

  @Test
  void aLargeLockIsPartedAndReadsBack() {
    Lock lock = lock(40);
    Map<String, byte[]> files = written(lock, SMALL);
    assertThat(files).containsKey("fleet.lock.d/0.json").containsKey(OutputLayout.LOCK_FILE);
    assertThat(files.keySet().stream().filter(LockFiles::isPartPath)).hasSize(16);
    assertThat(read(files)).isEqualTo(lock);
    // Smaller than the single file: no repeated folder, node and role, no indentation.
    long parted = files.values().stream().mapToLong(b -> b.length).sum();
    assertThat(parted).isLessThan(lock.toJson().length() * 6L / 10);
  }

  @Test
  void partsGrowTo256WhenSixteenWouldPassTheTarget() {
    Map<String, byte[]> files = written(lock(300), SMALL);
    assertThat(files).containsKey("fleet.lock.d/00.json").containsKey("fleet.lock.d/ff.json");
    assertThat(read(files)).isEqualTo(lock(300));
  }

  @Test
  void aClusterIsOneLineOfItsPart() {
    Map<String, byte[]> files = written(lock(40), SMALL);
    String part = new String(files.get("fleet.lock.d/0.json"), StandardCharsets.UTF_8);
    List<String> lines = part.lines().toList();
    assertThat(lines.get(0)).isEqualTo("{\"format\":2,\"part\":\"0\",\"clusters\":[");
    assertThat(lines.get(lines.size() - 1)).isEqualTo("]}");
    assertThat(lines.subList(1, lines.size() - 1)).allMatch(l -> l.startsWith("{\"name\":\"c"));
  }

  @Test
  void streamedReadGivesEveryClusterOnceAndThePartPaths() throws Exception {
    Lock lock = lock(40);
    Map<String, byte[]> files = written(lock, SMALL);
    List<String> names = new ArrayList<>();
    LockReader.Header header =
        LockReader.read(
            new StringReader(new String(files.get(OutputLayout.LOCK_FILE), StandardCharsets.UTF_8)),
            from(files),
            c -> names.add(c.name()));
    assertThat(names).hasSize(40).doesNotHaveDuplicates();
    assertThat(header.parted()).isTrue();
    assertThat(header.partPaths()).hasSize(16).allMatch(LockFiles::isPartPath);
    assertThat(header.lock().files()).isEqualTo(lock.files());
  }

  @Test
  void aPartedLockCannotBeReadWhereNoPartsAre() {
    Map<String, byte[]> files = written(lock(40), SMALL);
    assertThatThrownBy(
            () -> Lock.parse(new String(files.get(OutputLayout.LOCK_FILE), StandardCharsets.UTF_8)))
        .isInstanceOf(LockReader.InvalidLockException.class)
        .hasMessageContaining("fleet.lock.d/");
  }

  // Hostile parts: each refused, naming the part.

  private static Map<String, byte[]> edited(String path, String from, String to) {
    Map<String, byte[]> files = new HashMap<>(written(lock(40), SMALL));
    String text = new String(files.get(path), StandardCharsets.UTF_8);
    assertThat(text).contains(from);
    files.put(path, text.replace(from, to).getBytes(StandardCharsets.UTF_8));
    return files;
  }

  /** An edited part whose digest the root was updated to match, as a hostile pull request would. */
  private static Map<String, byte[]> forged(String path, String from, String to) {
    Map<String, byte[]> files = edited(path, from, to);
    Map<String, byte[]> original = written(lock(40), SMALL);
    String oldDigest = LockFiles.hex(LockFiles.sha256(original.get(path)));
    String newDigest = LockFiles.hex(LockFiles.sha256(files.get(path)));
    String root = new String(files.get(OutputLayout.LOCK_FILE), StandardCharsets.UTF_8);
    files.put(
        OutputLayout.LOCK_FILE,
        root.replace(oldDigest, newDigest).getBytes(StandardCharsets.UTF_8));
    return files;
  }

  @Test
  void anEditedPartIsRefusedByItsDigest() {
    Map<String, byte[]> files = edited("fleet.lock.d/0.json", "\"k3s-config\"", "\"k0sctl\"");
    assertThatThrownBy(() -> read(files))
        .isInstanceOf(LockReader.InvalidLockException.class)
        .hasMessageStartingWith("fleet.lock.d/0.json: its sha256 is ")
        .hasMessageContaining("parts[0]")
        .extracting(e -> ((LockReader.InvalidLockException) e).file())
        .isEqualTo("fleet.lock.d/0.json");
  }

  @Test
  void aForgedPartIsCheckedLikeTheRoot() {
    assertThatThrownBy(() -> read(forged("fleet.lock.d/0.json", "\"bootstrap/", "\"/etc/")))
        .hasMessageStartingWith("fleet.lock.d/0.json: clusters[0].folders[0].files[0].path: '/etc/")
        .hasMessageContaining("is absolute");
    assertThatThrownBy(() -> read(forged("fleet.lock.d/0.json", "RUNBOOK.md\"", "../../x\"")))
        .hasMessageStartingWith("fleet.lock.d/0.json: clusters[0].folders[0].files[0]: the name");
    assertThatThrownBy(
            () -> read(forged("fleet.lock.d/0.json", "\"part\":\"0\"", "\"part\":\"1\"")))
        .hasMessageStartingWith("fleet.lock.d/0.json: part: must be '0'");
    assertThatThrownBy(() -> read(forged("fleet.lock.d/0.json", "\"format\":2", "\"format\":3")))
        .hasMessageStartingWith("fleet.lock.d/0.json: format: '3' is not a lock format");
  }

  @Test
  void aClusterInTheWrongPartOrInTwoIsRefused() {
    Map<String, byte[]> files = written(lock(40), SMALL);
    String part0 = new String(files.get("fleet.lock.d/0.json"), StandardCharsets.UTF_8);
    String firstCluster = part0.lines().toList().get(1).replaceAll(",$", "");
    String name = firstCluster.replaceAll("^\\{\"name\":\"([^\"]+)\".*", "$1");
    // the same cluster again, in part 1
    Map<String, byte[]> twice = new HashMap<>(files);
    String part1 = new String(files.get("fleet.lock.d/1.json"), StandardCharsets.UTF_8);
    twice.put(
        "fleet.lock.d/1.json",
        part1
            .replace("\"clusters\":[\n", "\"clusters\":[\n" + firstCluster + ",\n")
            .getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> read(twice))
        .hasMessageStartingWith("fleet.lock.d/1.json: clusters[0].name: cluster '" + name + "'")
        .hasMessageContaining("is listed twice");
  }

  @Test
  void aClusterInAnotherPartThanItsNameGivesIsRefused() {
    Map<String, byte[]> files = written(lock(40), SMALL);
    String part0 = new String(files.get("fleet.lock.d/0.json"), StandardCharsets.UTF_8);
    String name = part0.lines().toList().get(1).replaceAll("^\\{\"name\":\"([^\"]+)\".*", "$1");
    String stranger = "x";
    while (LockFiles.partOf(stranger, 1) == 0) {
      stranger += "x";
    }
    String renamed = stranger;
    assertThatThrownBy(
            () ->
                read(
                    forged(
                        "fleet.lock.d/0.json",
                        "{\"name\":\"" + name + "\"",
                        "{\"name\":\"" + renamed + "\"")))
        .hasMessage(
            "fleet.lock.d/0.json: clusters[0].name: cluster '"
                + renamed
                + "' belongs in part '"
                + Integer.toHexString(LockFiles.partOf(renamed, 1))
                + "', not in this one");
  }

  @Test
  void aPartThatIsNotWhereItsPlaceSaysIsRefused() {
    Map<String, byte[]> files = new HashMap<>(written(lock(40), SMALL));
    String root = new String(files.get(OutputLayout.LOCK_FILE), StandardCharsets.UTF_8);
    for (String elsewhere :
        List.of("../outside.json", "/etc/passwd", "fleet.lock.d/../../x.json", "bootstrap/x")) {
      files.put(
          OutputLayout.LOCK_FILE,
          root.replace("\"fleet.lock.d/3.json\"", "\"" + elsewhere + "\"")
              .getBytes(StandardCharsets.UTF_8));
      assertThatThrownBy(() -> read(files))
          .as(elsewhere)
          .hasMessageStartingWith("parts[3].path: '" + elsewhere + "' is not where this part is");
    }
  }

  @Test
  void rootAndPartsAreBoundedAndConsistent() {
    Map<String, byte[]> files = new HashMap<>(written(lock(40), SMALL));
    String root = new String(files.get(OutputLayout.LOCK_FILE), StandardCharsets.UTF_8);
    // a part larger than the bound: refused while reading, before it is whole in memory
    LockReader.PartSource endless =
        (path, max) ->
            new java.io.InputStream() {
              @Override
              public int read() {
                return ' ';
              }
            };
    assertThatThrownBy(() -> LockReader.read(root, endless))
        .hasMessage("fleet.lock.d/0.json: is larger than 64 MiB");
    assertThatThrownBy(
            () -> LockReader.read(root.replace("\"format\": 2", "\"format\": 9"), from(files)))
        .hasMessageStartingWith("format: '9' is not a lock format this fleetc reads");
    assertThatThrownBy(
            () ->
                LockReader.read(
                    root.replace("\"parts\"", "\"clusters\": [], \"parts\""), from(files)))
        .hasMessageStartingWith("clusters: a lock in parts (format 2) has none");
    files.remove("fleet.lock.d/7.json");
    assertThatThrownBy(() -> read(files)).hasMessage("fleet.lock.d/7.json: is missing");
  }

  /** Any lock, written with any limits, reads back as itself, and writes the same bytes again. */
  @Property(tries = 60)
  void partedLockRoundTrips(@ForAll("locks") Lock lock, @ForAll("limits") LockFiles.Limits limits) {
    Map<String, byte[]> files = written(lock, limits);
    Lock read = read(files);
    // A parted lock is read in name order (its parts are by hash); a single one as written.
    assertThat(read).isEqualTo(files.size() == 1 ? lock : sorted(lock));
    Map<String, byte[]> again = written(read, limits);
    assertThat(again.keySet()).isEqualTo(files.keySet());
    files.forEach((path, bytes) -> assertThat(again.get(path)).as(path).isEqualTo(bytes));
  }

  /** The paths named without serializing are the files written, in their order. */
  @Property(tries = 60)
  void thePathsAreThoseOfTheWrittenFiles(
      @ForAll("locks") Lock lock, @ForAll("limits") LockFiles.Limits limits) {
    List<String> written = new java.util.ArrayList<>();
    LockFiles.lazily(lock, limits).forEach(file -> written.add(file.path()));
    assertThat(LockFiles.paths(lock, limits)).containsExactlyElementsOf(written);
  }

  /**
   * A lower bound decides "parted" without serializing the single file: it must never pass the
   * single file's real size, or a lock that fits would be parted.
   */
  @Property(tries = 100)
  void theLowerBoundNeverPassesTheSingleFile(@ForAll("locks") Lock lock) throws Exception {
    java.io.ByteArrayOutputStream single = new java.io.ByteArrayOutputStream();
    lock.writeJson(single);
    assertThat(LockFiles.singleFileLowerBound(lock)).isLessThanOrEqualTo(single.size());
  }

  @Test
  void aLockWhoseDigestsAloneAreOverTheLimitIsPartedAsBefore() {
    Lock lock = lock(40); // 40 clusters x 12 files x 64-character digests: 30,784 bytes
    assertThat(LockFiles.singleFileLowerBound(lock)).isGreaterThan(30_000);
    Map<String, byte[]> files = written(lock, new LockFiles.Limits(30_000, 16_384));
    assertThat(files).hasSizeGreaterThan(1);
    assertThat(read(files)).isEqualTo(sorted(lock));
  }

  /** The part count comes from an estimate of each cluster's line: never below the real size. */
  @Property(tries = 100)
  void theEstimateBoundsEachLine(@ForAll("locks") Lock lock) {
    for (Lock.LockCluster cluster : lock.clusters()) {
      int line = LockFiles.line(cluster).length + 2; // with its ",\n"
      assertThat(LockFiles.estimate(cluster)).as(cluster.name()).isGreaterThanOrEqualTo(line);
    }
  }

  private static Lock sorted(Lock lock) {
    List<Lock.LockCluster> clusters = new ArrayList<>(lock.clusters());
    clusters.sort(java.util.Comparator.comparing(Lock.LockCluster::name));
    return new Lock(lock.fleet(), lock.generator(), lock.files(), clusters);
  }

  @Provide
  Arbitrary<LockFiles.Limits> limits() {
    return Arbitraries.of(new LockFiles.Limits(1, 512), SMALL, new LockFiles.Limits(50_000, 8_192));
  }

  @Provide
  Arbitrary<Lock> locks() {
    Arbitrary<String> names =
        Arbitraries.strings().withChars("abcxyz019-").ofMinLength(1).ofMaxLength(8);
    Arbitrary<String> segment =
        Arbitraries.strings()
            .withChars("abn0.-_")
            .ofMinLength(1)
            .ofMaxLength(6)
            .filter(s -> !s.equals(".") && !s.equals(".."));
    Arbitrary<Lock.LockArtifact> file =
        Combinators.combine(
                segment.list().ofMinSize(1).ofMaxSize(4),
                Arbitraries.of("runbook", "k3s-config", "other"),
                Arbitraries.of("n1", "n2").injectNull(0.5),
                Arbitraries.strings().withChars("0123456789abcdef").ofLength(64))
            .as(
                (segments, kind, node, sha) ->
                    new Lock.LockArtifact(
                        String.join("/", segments),
                        kind,
                        node,
                        node == null ? null : "worker",
                        sha));
    Arbitrary<List<Lock.LockCluster>> clusters =
        names
            .set()
            .ofMaxSize(40)
            .flatMap(
                set -> {
                  List<Arbitrary<Lock.LockCluster>> each = new ArrayList<>();
                  for (String name : set) {
                    each.add(
                        file.list()
                            .ofMaxSize(6)
                            .map(
                                list -> {
                                  // Paths are unique across a lock: put each under its cluster.
                                  List<Lock.LockArtifact> unique = new ArrayList<>();
                                  java.util.Set<String> seen = new java.util.HashSet<>();
                                  for (Lock.LockArtifact a : list) {
                                    String path = "bootstrap/" + name + "/" + a.path();
                                    if (!seen.add(path)) {
                                      continue;
                                    }
                                    if (!noFileIsAFolder(seen)) {
                                      seen.remove(path);
                                      continue;
                                    }
                                    unique.add(
                                        new Lock.LockArtifact(
                                            path, a.kind(), a.node(), a.role(), a.sha256()));
                                  }
                                  return new Lock.LockCluster(
                                      name,
                                      "k3s",
                                      "v1",
                                      null,
                                      name.length() % 2 == 0 ? "flux" : null,
                                      null,
                                      name.length() == 3 ? "w1" : null,
                                      null,
                                      null,
                                      name.length() == 2
                                          ? List.of("shared/system-upgrade-controller/v1")
                                          : List.of(),
                                      unique);
                                }));
                  }
                  return Combinators.combine(each).as(l -> l);
                });
    return clusters.map(list -> new Lock("f", "g", List.of(), list));
  }

  private static boolean noFileIsAFolder(java.util.Set<String> paths) {
    for (String path : paths) {
      for (int slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
        if (paths.contains(path.substring(0, slash))) {
          return false;
        }
      }
    }
    return true;
  }
}
