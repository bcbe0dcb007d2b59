package dev.fleetc.compiler.values;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetc.compiler.diagnostics.ErrorCode;
import dev.fleetc.model.GitOpsEngine;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What each value validator accepts and refuses, case by case. */
class ValueValidatorsTest {

  private static Optional<ErrorCode> git(String url, GitOpsEngine engine) {
    GitUrl.Result result = GitUrl.check(url, engine);
    return Optional.ofNullable(result.problem()).map(Problem::code);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://github.com/acme/fleet.git",
        "https://git.example.com:8443/platform/gitops",
        "ssh://git@github.com/acme/fleet-gitops.git",
        "ssh://git@[2001:db8::1]:2222/fleet.git",
        "ssh://203.0.113.5/srv/git/fleet.git",
        "ssh://git@git.example.com/~alice/fleet.git",
        "http://git.lab.internal/fleet.git"
      })
  void acceptsGitUrlsBothEnginesFetch(String url) {
    assertThat(git(url, GitOpsEngine.FLUX)).isEmpty();
    assertThat(git(url, GitOpsEngine.ARGOCD)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"git@github.com:acme/fleet.git", "github.com:acme/fleet.git"})
  void scpFormIsArgoCdOnly(String url) {
    assertThat(git(url, GitOpsEngine.ARGOCD)).isEmpty();
    assertThat(git(url, GitOpsEngine.FLUX)).contains(ErrorCode.GIT_URL);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://user:hunter2@github.com/acme/fleet.git",
        "https://ghp_token@github.com/acme/fleet.git",
        "http://user@git.lab/fleet.git",
        "ssh://git:hunter2@github.com/acme/fleet.git",
        "ssh://git:p@ss@github.com/acme/fleet.git",
        "git:hunter2@github.com:acme/fleet.git"
      })
  void refusesCredentials(String url) {
    assertThat(git(url, GitOpsEngine.ARGOCD)).contains(ErrorCode.GIT_CREDENTIALS);
    GitUrl.Result result = GitUrl.check(url, GitOpsEngine.ARGOCD);
    assertThat(result.problem().message() + result.problem().hint())
        .doesNotContain("hunter2")
        .doesNotContain("ghp_token");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ssh://git@example.com/$(reboot).git",
        "ssh://git@example.com/x.git\nreboot",
        "ssh://git@example.com/x.git; reboot",
        "ssh://git@example.com/`id`.git",
        "ssh://git@example.com/x.git|sh",
        "ssh://git@example.com/x'.git",
        "git://example.com/x.git",
        "file:///srv/git/x.git",
        "/srv/git/x.git",
        "./x.git",
        "https://example.com",
        "https://example.com/",
        "https:///x.git",
        "https://exa_mple.com/x.git",
        "https://example.com:99999/x.git",
        "ssh://git@example.com/../x.git",
        "ssh://-oProxyCommand=x/x.git",
        ""
      })
  void refusesWhatIsNoRemoteGitUrl(String url) {
    assertThat(git(url, GitOpsEngine.ARGOCD)).contains(ErrorCode.GIT_URL);
  }

  @ParameterizedTest
  @ValueSource(strings = {"main", "release/2026-11", "feature/x_y.z", "v1.2.3", "a+b", "@x"})
  void acceptsBranches(String branch) {
    assertThat(GitBranch.check(branch)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "main; reboot",
        "$(id)",
        "`id`",
        "a b",
        "a\nb",
        "-f",
        "a..b",
        "a@{1}",
        "@",
        "/main",
        "main/",
        "a//b",
        "main.",
        ".hidden",
        "x/.y",
        "topic.lock",
        "a~1",
        "a^",
        "a:b",
        "a?",
        "a*",
        "a[",
        "a\\b",
        ""
      })
  void refusesBranchesGitOrShellsRefuse(String branch) {
    assertThat(GitBranch.check(branch)).map(Problem::code).contains(ErrorCode.GIT_BRANCH);
  }

  @ParameterizedTest
  @CsvSource({
    "app,true",
    "example.com/app,true",
    "topology.kubernetes.io/zone,true",
    "a.b_c-d,true",
    "Example.com/app,false",
    "-app,false",
    "app-,false",
    "/app,false",
    "example.com/,false",
    "a/b/c,false",
    "'disk type',false",
  })
  void labelKeys(String key, boolean valid) {
    assertThat(KubernetesLabels.checkKey(key, "node label").isEmpty()).isEqualTo(valid);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "ssd",
        "eu-1a",
        "A_b.c",
        "0123456789012345678901234567890123456789012345678901234567890ab"
      })
  void acceptsLabelValues(String value) {
    assertThat(KubernetesLabels.checkValue(value, "node label")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "-x",
        "x-",
        "a b",
        "r1;reboot",
        "$(id)",
        "0123456789012345678901234567890123456789012345678901234567890abc"
      })
  void refusesLabelValues(String value) {
    assertThat(KubernetesLabels.checkValue(value, "node label"))
        .map(Problem::code)
        .contains(ErrorCode.KUBERNETES_LABEL);
  }

  @ParameterizedTest
  @CsvSource({
    "dedicated=db:NoSchedule,true",
    "dedicated:NoExecute,true",
    "dedicated=:PreferNoSchedule,true",
    "node-role.kubernetes.io/control-plane:NoSchedule,true",
    "dedicated=db:NoSchedul,false",
    "dedicated,false",
    "dedicated=db,false",
    "'bad key=x:NoSchedule',false",
    "dedicated=$(id):NoExecute,false",
    "a=b=c:NoSchedule,false",
    ":NoSchedule,false",
  })
  void taints(String taint, boolean valid) {
    assertThat(KubernetesLabels.checkTaint(taint).isEmpty()).isEqualTo(valid);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0 3 * * *",
        "*/15 * * * *",
        "0 2-4 * * mon-fri",
        "0 0 1 JAN,JUL *",
        "5/10 * ? * *",
        "0 0 1-31/2 * 0-6",
        "@daily",
        "@midnight",
        "@every 6h",
        "@every 1h30m",
        "@every 1.5h"
      })
  void acceptsWhatVeleroParses(String schedule) {
    assertThat(Cron.check(schedule)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0 3 * *",
        "0 3 * * * *",
        "60 * * * *",
        "* 24 * * *",
        "* * 0 * *",
        "* * * 13 *",
        "* * * * 7",
        "5-1 * * * *",
        "*/0 * * * *",
        "a * * * *",
        "1,,2 * * * *",
        "@every banana",
        "@every 0s",
        "@often",
        "CRON_TZ=Europe/Berlin 0 3 * * *",
        "0 3 * * *\nreboot",
        ""
      })
  void refusesWhatVeleroRejects(String schedule) {
    assertThat(Cron.check(schedule)).map(Problem::code).contains(ErrorCode.CRON_SCHEDULE);
  }

  @ParameterizedTest
  @CsvSource({
    "2001:db8::1,2001:db8::1",
    "2001:DB8:0:0::1,2001:db8::1",
    "2001:0db8:0000:0000:0000:0000:0000:0001,2001:db8::1",
    "::ffff:10.0.0.12,10.0.0.12",
    "::FFFF:a00:c,10.0.0.12",
    "10.0.0.12,10.0.0.12",
    "::,::",
    "::1,::1",
    "1::,1::",
    "2001:db8:0:0:1:0:0:1,2001:db8::1:0:0:1",
    "2001:db8:0:1:1:1:1:1,2001:db8:0:1:1:1:1:1",
    "Node-1.Example.com,node-1.example.com"
  })
  void canonicalAddresses(String written, String canonical) {
    assertThat(NetworkAddress.canonical(written)).contains(canonical);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1.2.3",
        "256.1.1.1",
        "01.2.3.4",
        "1:2:3:4:5:6:7:8:9",
        "1::2::3",
        ":::",
        "12345::1",
        "fe80::1%eth0",
        "::ffff:1.2.3.256",
        "not an address",
        "1.2.3.4.5"
      })
  void refusesWhatIsNoAddress(String text) {
    assertThat(NetworkAddress.canonical(text)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"bastion.example.com", "203.0.113.9", "2001:db8::9"})
  void acceptsBastionHosts(String address) {
    assertThat(NetworkAddress.checkBastion(address)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"bastion.example.com:22", "jump host", "$(id)", "user@bastion", ""})
  void refusesBastionAddresses(String address) {
    assertThat(NetworkAddress.checkBastion(address))
        .map(Problem::code)
        .contains(ErrorCode.INVALID_ADDRESS);
  }

  @ParameterizedTest
  @ValueSource(strings = {"/etc/fleet/token", "/run/secrets/k3s token", "/x"})
  void acceptsAbsoluteSecretPaths(String path) {
    assertThat(SecretPaths.check(path)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "~/x",
        "~root/x",
        "x",
        "./x",
        "../x",
        "/etc/../x",
        "/etc/./x",
        "/etc//x",
        "/etc/",
        "/",
        "/etc/x\u0000y",
        "/etc/x\ny"
      })
  void refusesOtherSecretPaths(String path) {
    assertThat(SecretPaths.check(path)).map(Problem::code).contains(ErrorCode.SECRET_PATH);
  }
}
