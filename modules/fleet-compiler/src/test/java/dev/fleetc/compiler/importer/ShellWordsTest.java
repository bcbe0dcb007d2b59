package dev.fleetc.compiler.importer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ShellWordsTest {

  @Test
  void quotesAreRemovedAndSeparateWordsSplit() {
    assertThat(ShellWords.split("--labels=\"a/b=c,d=e\"")).containsExactly("--labels=a/b=c,d=e");
    assertThat(ShellWords.split("--labels 'x=y'")).containsExactly("--labels", "x=y");
    assertThat(ShellWords.split("--disable-components konnectivity-server"))
        .containsExactly("--disable-components", "konnectivity-server");
    assertThat(ShellWords.split("--kubelet-extra-args=\"--node-ip=1.2.3.4 --v=2\""))
        .containsExactly("--kubelet-extra-args=--node-ip=1.2.3.4 --v=2");
    assertThat(ShellWords.split("a\\ b \"c\\\"d\" 'e\\f'")).containsExactly("a b", "c\"d", "e\\f");
  }
}
