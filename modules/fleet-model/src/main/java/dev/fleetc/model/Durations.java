package dev.fleetc.model;

import java.time.Duration;

/** Durations as the fleet language and Kubernetes tools write them: {@code 1h30m}, {@code 45s}. */
public final class Durations {

  private Durations() {}

  /**
   * The shortest Go-style text of a whole number of seconds: {@code 0s}, {@code 2h}, {@code 1h5m}.
   */
  public static String format(Duration duration) {
    long seconds = duration.getSeconds();
    if (seconds == 0) {
      return "0s";
    }
    StringBuilder out = new StringBuilder();
    long hours = seconds / 3600;
    long minutes = seconds % 3600 / 60;
    long rest = seconds % 60;
    if (hours > 0) {
      out.append(hours).append('h');
    }
    if (minutes > 0) {
      out.append(minutes).append('m');
    }
    if (rest > 0) {
      out.append(rest).append('s');
    }
    return out.toString();
  }
}
