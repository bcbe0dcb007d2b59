package dev.fleetc.emit.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetc.compiler.CompileResult;
import dev.fleetc.compiler.FleetCompiler;
import dev.fleetc.emit.Artifact;
import dev.fleetc.emit.ClusterOutput;
import dev.fleetc.emit.CompiledFleet;
import dev.fleetc.emit.Lock;
import dev.fleetc.emit.LockReader;
import dev.fleetc.model.Cluster;
import dev.fleetc.model.Fleet;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The streaming emit: clusters reach the sink one at a time in name order, whatever the window's
 * threads finish first; the emitter keeps no file of a cluster once the sink has it; the lock it
 * keeps, and writes as a stream, is the one a whole in-memory emit builds.
 */
class StreamingEmitTest {

  /** Clusters declared out of name order (c9 after c10, c1 last). */
  private static Fleet fleet(int clusters) {
    StringBuilder yaml =
        new StringBuilder(
            """
            apiVersion: fleetc.dev/v1alpha1
            kind: Fleet
            metadata: {name: stream}
            defaults: {distribution: k3s, kubernetes: "1.31"}
            clusters:
            """);
    for (int i = clusters - 1; i >= 0; i--) {
      yaml.append("  - name: c")
          .append(i)
          .append(
              "\n    token: {secretRef: env:TOKEN}\n    nodes:\n      - {name: s1, address: 10.0.")
          .append(i)
          .append(".1, role: control-plane}\n      - {name: w1, address: 10.0.")
          .append(i)
          .append(".2, role: worker}\n");
    }
    CompileResult result = new FleetCompiler().compile("fleet.yaml", yaml.toString());
    assertThat(result.hasErrors()).as(() -> result.diagnostics().get(0).toString()).isFalse();
    return result.fleet().orElseThrow();
  }

  @Test
  void clustersReachTheSinkInNameOrderAndTheLockIsTheWholeEmitsLock() {
    Fleet fleet = fleet(3 * OrderedWindow.WINDOW + 5);
    List<String> seen = new ArrayList<>();
    StreamedFleet streamed =
        FleetEmitter.standard()
            .emit(fleet, c -> true, "fleetc test", output -> seen.add(output.cluster().name()));
    List<String> sorted = fleet.clusters().stream().map(Cluster::name).sorted().toList();
    assertThat(seen).isEqualTo(sorted);
    assertThat(streamed.clusters()).isEqualTo(sorted.size());

    CompiledFleet whole = FleetEmitter.standard().emit(fleet, c -> true, "fleetc test");
    assertThat(streamed.lock()).isEqualTo(whole.lockModel());
    assertThat(streamed.lock().toJson()).isEqualTo(whole.lock());
    assertThat(whole.clusters()).extracting(o -> o.cluster().name()).isEqualTo(sorted);
    assertThat(streamed.fleetFiles()).isEqualTo(whole.fleetFiles());
  }

  @Test
  void aClusterTheSinkHasTakenIsNotRetained() {
    Fleet fleet = fleet(2 * OrderedWindow.WINDOW + 3);
    List<WeakReference<ClusterOutput>> taken = new ArrayList<>();
    List<WeakReference<Artifact>> files = new ArrayList<>();
    StreamedFleet streamed =
        FleetEmitter.standard()
            .emit(
                fleet,
                c -> true,
                "fleetc test",
                output -> {
                  taken.add(new WeakReference<>(output));
                  output.artifacts().forEach(a -> files.add(new WeakReference<>(a)));
                });
    // The result is kept reachable: what it holds must not keep any output alive.
    assertThat(streamed.lock().clusters()).hasSize(taken.size());
    for (int attempt = 0; attempt < 50 && !allCleared(taken, files); attempt++) {
      System.gc();
      sleep();
    }
    assertThat(taken.stream().filter(r -> r.get() != null).count())
        .as("cluster outputs still reachable after the sink took them")
        .isZero();
    assertThat(files.stream().filter(r -> r.get() != null).count())
        .as("files still reachable after the sink took them")
        .isZero();
    assertThat(streamed.lock().clusters()).hasSize(fleet.clusters().size());
  }

  private static boolean allCleared(
      List<WeakReference<ClusterOutput>> taken, List<WeakReference<Artifact>> files) {
    return taken.stream().allMatch(r -> r.get() == null)
        && files.stream().allMatch(r -> r.get() == null);
  }

  private static void sleep() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void aFailingSinkStopsTheEmit() {
    Fleet fleet = fleet(2 * OrderedWindow.WINDOW);
    List<String> seen = new ArrayList<>();
    assertThatThrownBy(
            () ->
                FleetEmitter.standard()
                    .emit(
                        fleet,
                        c -> true,
                        "t",
                        output -> {
                          seen.add(output.cluster().name());
                          if (seen.size() == 3) {
                            throw new IOException("disk full");
                          }
                        }))
        .isInstanceOf(IOException.class)
        .hasMessage("disk full");
    assertThat(seen).hasSize(3);
  }

  @Test
  void theLockWrittenAsAStreamHasTheBytesOfItsText() throws IOException {
    Fleet fleet = fleet(5);
    Lock lock =
        FleetEmitter.standard().emit(fleet, c -> true, "fleetc 1.0 — ünïcode 🚀").lockModel();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    lock.writeJson(out);
    assertThat(out.toByteArray()).isEqualTo(lock.toJson().getBytes(StandardCharsets.UTF_8));

    List<Lock.LockCluster> streamed = new ArrayList<>();
    Lock header = LockReader.read(new StringReader(lock.toJson()), streamed::add);
    assertThat(new Lock(header.fleet(), header.generator(), header.files(), streamed))
        .isEqualTo(lock)
        .isEqualTo(Lock.parse(lock.toJson()));
  }
}
