package dev.fleetc.cli;

import picocli.CommandLine;

/**
 * A number of seconds on the command line, bounded where picocli parses it: a value out of range or
 * not a whole number is a usage error (exit 64) naming the option and the range, never an overflow
 * later (a {@code --wait} of 2^63-1 seconds used to end as an internal error).
 */
final class Seconds {

  /** Longest {@code --wait}: a day; a pipeline that waits longer for a folder is stuck. */
  static final long MAX_WAIT = 86_400;

  /** Longest {@code preflight --timeout}. */
  static final long MAX_TIMEOUT = 600;

  private Seconds() {}

  /** {@code --wait}: from 0 to {@value #MAX_WAIT}. */
  static final class Wait implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      return parse(value, 0, MAX_WAIT);
    }
  }

  /** {@code --timeout}: from 1 to {@value #MAX_TIMEOUT}. */
  static final class Timeout implements CommandLine.ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      return (int) parse(value, 1, MAX_TIMEOUT);
    }
  }

  static long parse(String value, long min, long max) {
    if (value.isEmpty() || value.length() > 12 || !value.chars().allMatch(Character::isDigit)) {
      throw new CommandLine.TypeConversionException(
          "'" + shown(value) + "' is not a whole number of seconds from " + min + " to " + max);
    }
    long seconds = Long.parseLong(value);
    if (seconds < min || seconds > max) {
      throw new CommandLine.TypeConversionException(
          value + " is out of range: from " + min + " to " + max + " seconds");
    }
    return seconds;
  }

  private static String shown(String value) {
    String oneLine = value.replaceAll("\\p{Cntrl}", "?");
    return oneLine.length() <= 40 ? oneLine : oneLine.substring(0, 37) + "...";
  }
}
