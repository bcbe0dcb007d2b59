package dev.fleetc.compiler.yaml;

import java.util.Locale;
import java.util.Map;

/**
 * How much input fleetc reads before it calls the input hostile. The limits bound work and memory
 * against crafted YAML (alias bombs, deep nesting, huge scalars) while honest fleets of tens of
 * thousands of clusters pass untouched: the defaults accept a 10,000-cluster fleet file (~5 MB)
 * more than ten times over, and inventories of a million rows (as long as the clusters they expand
 * to stay within the node budget).
 *
 * <p>Each limit can be raised (or lowered) with an environment variable, read by the command line
 * through {@link #fromEnvironment}; docs/diagnostics.md lists them.
 *
 * @param maxBytes largest fleet file, in bytes ({@code FLEETC_MAX_FLEET_BYTES})
 * @param maxDepth deepest nesting of the YAML ({@code FLEETC_MAX_YAML_DEPTH})
 * @param maxNodes most YAML nodes a fleet may hold, aliases and cluster sets expanded ({@code
 *     FLEETC_MAX_YAML_NODES})
 * @param maxAliasNodes most nodes that aliases may add by repeating what an anchor names ({@code
 *     FLEETC_MAX_ALIAS_NODES}): an alias bomb is stopped here whatever the other limits
 * @param maxScalarChars longest single string, and longest line ({@code FLEETC_MAX_STRING_CHARS}):
 *     the YAML parser slows down more than linearly on long lines
 * @param maxInventoryBytes largest inventory file of a cluster set ({@code
 *     FLEETC_MAX_INVENTORY_BYTES})
 * @param maxInventoryRows most rows in one inventory ({@code FLEETC_MAX_INVENTORY_ROWS})
 * @param maxExpandedChars most characters that cluster sets may stamp, all members together ({@code
 *     FLEETC_MAX_EXPANDED_CHARS}): the node budget does not see a placeholder that repeats a long
 *     cell thousands of times in one string
 * @param maxImportBytes most bytes {@code fleet import} reads, all its files together ({@code
 *     FLEETC_MAX_IMPORT_BYTES})
 */
public record InputLimits(
    long maxBytes,
    int maxDepth,
    long maxNodes,
    long maxAliasNodes,
    int maxScalarChars,
    long maxInventoryBytes,
    long maxInventoryRows,
    long maxExpandedChars,
    long maxImportBytes) {

  public static final InputLimits DEFAULTS =
      new InputLimits(
          64L * 1024 * 1024,
          64,
          10_000_000,
          1_000_000,
          64 * 1024,
          64L * 1024 * 1024,
          1_000_000,
          256L * 1024 * 1024,
          16L * 1024 * 1024);

  /** The limits of a fleet compile, with the defaults for the byte budgets added since. */
  public InputLimits(
      long maxBytes,
      int maxDepth,
      long maxNodes,
      long maxAliasNodes,
      int maxScalarChars,
      long maxInventoryBytes,
      long maxInventoryRows) {
    this(
        maxBytes,
        maxDepth,
        maxNodes,
        maxAliasNodes,
        maxScalarChars,
        maxInventoryBytes,
        maxInventoryRows,
        256L * 1024 * 1024,
        16L * 1024 * 1024);
  }

  /** These limits with another budget of stamped characters. */
  public InputLimits withMaxExpandedChars(long chars) {
    return new InputLimits(
        maxBytes,
        maxDepth,
        maxNodes,
        maxAliasNodes,
        maxScalarChars,
        maxInventoryBytes,
        maxInventoryRows,
        chars,
        maxImportBytes);
  }

  /** The environment variable of each limit, in the order of the record's components. */
  public static final String[] VARIABLES = {
    "FLEETC_MAX_FLEET_BYTES",
    "FLEETC_MAX_YAML_DEPTH",
    "FLEETC_MAX_YAML_NODES",
    "FLEETC_MAX_ALIAS_NODES",
    "FLEETC_MAX_STRING_CHARS",
    "FLEETC_MAX_INVENTORY_BYTES",
    "FLEETC_MAX_INVENTORY_ROWS",
    "FLEETC_MAX_EXPANDED_CHARS",
    "FLEETC_MAX_IMPORT_BYTES"
  };

  /**
   * The defaults with any limit the environment sets. A value is a positive whole number,
   * optionally with a binary suffix {@code K}, {@code M} or {@code G} ({@code 512M}).
   *
   * @throws IllegalArgumentException naming the variable whose value is not such a number
   */
  public static InputLimits fromEnvironment(Map<String, String> environment) {
    long[] values = {
      DEFAULTS.maxBytes,
      DEFAULTS.maxDepth,
      DEFAULTS.maxNodes,
      DEFAULTS.maxAliasNodes,
      DEFAULTS.maxScalarChars,
      DEFAULTS.maxInventoryBytes,
      DEFAULTS.maxInventoryRows,
      DEFAULTS.maxExpandedChars,
      DEFAULTS.maxImportBytes
    };
    for (int i = 0; i < VARIABLES.length; i++) {
      String text = environment.get(VARIABLES[i]);
      if (text != null && !text.isBlank()) {
        values[i] = parse(VARIABLES[i], text.strip());
      }
    }
    return new InputLimits(
        values[0],
        (int) Math.min(Integer.MAX_VALUE, values[1]),
        values[2],
        values[3],
        (int) Math.min(Integer.MAX_VALUE, values[4]),
        values[5],
        values[6],
        values[7],
        values[8]);
  }

  private static long parse(String variable, String text) {
    String upper = text.toUpperCase(Locale.ROOT);
    long unit = 1;
    char last = upper.charAt(upper.length() - 1);
    if (last == 'K' || last == 'M' || last == 'G') {
      unit = last == 'K' ? 1L << 10 : last == 'M' ? 1L << 20 : 1L << 30;
      upper = upper.substring(0, upper.length() - 1);
    }
    try {
      long value = Long.parseLong(upper);
      if (value <= 0 || value > Long.MAX_VALUE / unit) {
        throw new NumberFormatException();
      }
      return value * unit;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          variable + "='" + text + "' is not a positive whole number (suffixes K, M, G allowed)");
    }
  }

  /** A size for messages: {@code 256 MiB}, {@code 4,000 bytes}. */
  public static String describeBytes(long bytes) {
    if (bytes % (1024 * 1024) == 0) {
      return bytes / (1024 * 1024) + " MiB";
    }
    return String.format(Locale.ROOT, "%,d bytes", bytes);
  }
}
