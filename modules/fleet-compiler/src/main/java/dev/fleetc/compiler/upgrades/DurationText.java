package dev.fleetc.compiler.upgrades;

import dev.fleetc.compiler.diagnostics.Diagnostics;
import dev.fleetc.compiler.diagnostics.ErrorCode;
import dev.fleetc.compiler.rules.Settings;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as Kubernetes tools write them, in whole seconds: {@code 90s}, {@code 10m}, {@code
 * 1h30m}, {@code 0s}. Bounded to a year so that no arithmetic downstream can overflow.
 */
final class DurationText {

  private static final Pattern FORM =
      Pattern.compile("(?:(\\d{1,6})h)?(?:(\\d{1,6})m)?(?:(\\d{1,8})s)?");
  static final Duration MAX = Duration.ofDays(366);

  private DurationText() {}

  static Optional<Duration> parse(String text) {
    Matcher m = FORM.matcher(text);
    if (text.isEmpty() || !m.matches()) {
      return Optional.empty();
    }
    Duration d = Duration.ofHours(group(m, 1)).plusMinutes(group(m, 2)).plusSeconds(group(m, 3));
    return d.compareTo(MAX) > 0 ? Optional.empty() : Optional.of(d);
  }

  /** A duration as the language writes it: {@code 2h}, {@code 1h30m}, {@code 90s}, {@code 0s}. */
  static String format(Duration d) {
    long seconds = d.getSeconds();
    if (seconds == 0) {
      return "0s";
    }
    StringBuilder out = new StringBuilder();
    if (seconds >= 3600) {
      out.append(seconds / 3600).append('h');
    }
    if (seconds % 3600 >= 60) {
      out.append(seconds % 3600 / 60).append('m');
    }
    if (seconds % 60 > 0) {
      out.append(seconds % 60).append('s');
    }
    return out.toString();
  }

  private static long group(Matcher m, int group) {
    return m.group(group) == null ? 0 : Long.parseLong(m.group(group));
  }

  /** The duration at {@code path}, the fallback when absent; a bad one is reported. */
  static Duration read(Settings settings, String path, Duration fallback, Diagnostics diagnostics) {
    return read(settings, path, path, fallback, diagnostics);
  }

  /**
   * @param shown the path as the message names it (e.g. {@code rollout.waves[1].soak})
   */
  static Duration read(
      Settings settings, String path, String shown, Duration fallback, Diagnostics diagnostics) {
    Optional<String> text = settings.string(path);
    if (text.isEmpty()) {
      return fallback;
    }
    Optional<Duration> parsed = parse(text.get());
    if (parsed.isEmpty()) {
      diagnostics.error(
          ErrorCode.DURATION,
          settings.position(path),
          "'" + shown + "' is not a duration: '" + text.get() + "'",
          "write hours, minutes and seconds like 90s, 10m or 1h30m (at most a year)");
      return fallback;
    }
    return parsed.get();
  }
}
