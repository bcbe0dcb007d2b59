package dev.fleetc.compiler;

import dev.fleetc.compiler.diagnostics.Diagnostics;
import dev.fleetc.compiler.diagnostics.ErrorCode;
import dev.fleetc.compiler.rules.Settings;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code firstBoot.deadline}: how long a node booted from its cloud-init user-data keeps trying to
 * install and join before it gives up, as minutes, hours or days ({@code 90m}, {@code 24h}, {@code
 * 3d}), from 10 minutes to 30 days.
 */
final class FirstBootDeadline {

  /** What JSON Schema can say of it too (EditorSchema). */
  static final String PATTERN = "^[1-9][0-9]{0,5}[mhd]$";

  private static final Pattern DURATION = Pattern.compile("([1-9][0-9]{0,5})([mhd])");
  private static final Duration MIN = Duration.ofMinutes(10);
  private static final Duration MAX = Duration.ofDays(30);
  private static final String PATH = "firstBoot.deadline";

  private FirstBootDeadline() {}

  static Optional<Duration> bind(Settings settings, Diagnostics diagnostics) {
    Optional<String> text = settings.string(PATH);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    Matcher m = DURATION.matcher(text.get());
    Duration deadline = null;
    if (m.matches()) {
      long amount = Long.parseLong(m.group(1));
      deadline =
          switch (m.group(2)) {
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
          };
    }
    if (deadline == null || deadline.compareTo(MIN) < 0 || deadline.compareTo(MAX) > 0) {
      diagnostics.error(
          ErrorCode.FIRST_BOOT_DEADLINE,
          settings.position(PATH),
          "firstBoot.deadline '"
              + text.get()
              + "' is not a duration from 10m to 30d in whole minutes, hours or days",
          "write e.g. 24h (the default), 90m or 3d");
      return Optional.empty();
    }
    return Optional.of(deadline);
  }
}
