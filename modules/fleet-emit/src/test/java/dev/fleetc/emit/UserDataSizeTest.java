package dev.fleetc.emit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.compiler.CompileResult;
import dev.fleetc.emit.fleet.FleetEmitter;
import dev.fleetc.emit.runbook.UnattendedInstall;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every node's cloud-init user-data, for every example fleet and every golden fleet, stays under
 * the EC2 user-data limit of 16,384 bytes, and carries the first boot (not a bare runcmd).
 */
class UserDataSizeTest {

  @Test
  void everyUserDataIsUnderTheEc2Limit() throws Exception {
    List<String> checked = new ArrayList<>();
    for (Path fleet : RunbookShellBlocksTest.fleets()) {
      CompileResult result = ExampleFleets.compile(fleet);
      assertThat(result.fleet()).as(fleet.toString()).isPresent();
      CompiledFleet compiled = FleetEmitter.standard().emit(result.fleet().get(), c -> true, "t");
      for (Artifact artifact : compiled.files()) {
        if (artifact.path().endsWith("/user-data.yaml")) {
          int bytes = artifact.content().getBytes(StandardCharsets.UTF_8).length;
          assertThat(bytes)
              .as(fleet + ": " + artifact.path())
              .isLessThan(UnattendedInstall.USER_DATA_LIMIT);
          assertThat(artifact.content()).contains(UnattendedInstall.UNIT);
          checked.add(artifact.path());
        }
      }
    }
    assertThat(checked).hasSizeGreaterThan(20);
  }
}
