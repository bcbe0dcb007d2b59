package dev.fleetc.cli.output;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A test hook called before every operation that changes the output folder, so that tests can fail
 * or stop a compile after any of them (crash injection). It does nothing in production.
 */
final class Faults {

  /** Called with the operation's name and the path it changes. */
  interface Hook {
    void before(String operation, Path path) throws IOException;
  }

  private static final Hook NONE = (operation, path) -> {};

  private static volatile Hook hook = NONE;

  private Faults() {}

  static void install(Hook newHook) {
    hook = newHook == null ? NONE : newHook;
  }

  static void before(String operation, Path path) throws IOException {
    hook.before(operation, path);
  }
}
