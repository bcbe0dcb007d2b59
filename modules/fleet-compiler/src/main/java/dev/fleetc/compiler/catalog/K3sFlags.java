package dev.fleetc.compiler.catalog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The keys a K3s server or agent accepts in its config file, with their types, read from the flag
 * lists extracted from K3s's sources. An agent exits on a key it does not know, so escape-hatch
 * keys are checked against the list of their role.
 */
public final class K3sFlags {

  /** Value types of K3s flags. */
  public enum Type {
    STRING,
    BOOL,
    INT,
    DURATION,
    STRING_SLICE;

    static Type parse(String text) {
      return switch (text) {
        case "bool" -> BOOL;
        case "int" -> INT;
        case "duration" -> DURATION;
        case "stringSlice" -> STRING_SLICE;
        default -> STRING;
      };
    }
  }

  /**
   * One key.
   *
   * @param status {@code -}, or a list of hidden, deprecated, experimental
   * @param canonical the long name when this entry is an alias
   */
  public record Flag(String key, Type type, String status, String canonical) {}

  private static volatile K3sFlags server;
  private static volatile K3sFlags agent;

  private final Map<String, Flag> flags;

  private K3sFlags(Map<String, Flag> flags) {
    this.flags = Collections.unmodifiableMap(flags);
  }

  public static K3sFlags server() {
    if (server == null) {
      server = load("/dev/fleetc/catalog/k3s-server-flags.tsv");
    }
    return server;
  }

  public static K3sFlags agent() {
    if (agent == null) {
      agent = load("/dev/fleetc/catalog/k3s-agent-flags.tsv");
    }
    return agent;
  }

  public Optional<Flag> flag(String key) {
    return Optional.ofNullable(flags.get(key));
  }

  public Map<String, Flag> all() {
    return flags;
  }

  private static K3sFlags load(String resource) {
    Map<String, Flag> flags = new TreeMap<>();
    try (InputStream in = K3sFlags.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " missing from the class path");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.startsWith("#") || line.startsWith("key\t") || line.isBlank()) {
          continue;
        }
        String[] cols = line.split("\t", -1);
        Flag flag = new Flag(cols[0], Type.parse(cols[1]), cols[2], cols[0]);
        flags.put(flag.key(), flag);
        if (!cols[3].equals("-")) {
          for (String alias : cols[3].split(",")) {
            flags.putIfAbsent(
                alias.strip(), new Flag(alias.strip(), flag.type(), cols[2], cols[0]));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new K3sFlags(flags);
  }
}
