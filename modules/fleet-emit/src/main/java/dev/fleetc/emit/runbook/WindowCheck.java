package dev.fleetc.emit.runbook;

import dev.fleetc.emit.support.ShellQuote;
import dev.fleetc.model.Upgrades;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A cluster's {@code upgrades.window} as a runbook's POSIX shell check reads it (inside {@code
 * {{#window}}}): ISO day numbers ({@code date +%u}, 1 = Monday) and minutes after midnight in the
 * window's zone. A window whose end is before its start runs past midnight: its early hours belong
 * to the day before.
 *
 * @param text the window as people read it ({@code sat, sun 22:00-04:00 Europe/Berlin})
 * @param days the ISO days between spaces, {@code " 6 7 "} (every day when the fleet lists none)
 * @param start minutes after midnight
 * @param end minutes after midnight
 * @param overnight whether the end is before the start
 * @param zoneArg the IANA zone, shell-quoted (one word in a shell block)
 * @param textArg {@code text}, shell-quoted
 */
public record WindowCheck(
    String text,
    String days,
    int start,
    int end,
    boolean overnight,
    String zoneArg,
    String textArg) {

  private static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");

  public static WindowCheck of(Upgrades.MaintenanceWindow window) {
    String text =
        (window.days().isEmpty() ? "every day" : String.join(", ", window.days()))
            + " "
            + window.start()
            + "-"
            + window.end()
            + " "
            + window.timeZone();
    String days =
        (window.days().isEmpty() ? DAYS : window.days())
            .stream()
                .map(d -> Integer.toString(DAYS.indexOf(d) + 1))
                .collect(Collectors.joining(" ", " ", " "));
    int start = minutes(window.start());
    int end = minutes(window.end());
    return new WindowCheck(
        text,
        days,
        start,
        end,
        end < start,
        ShellQuote.quote(window.timeZone()),
        ShellQuote.quote(text));
  }

  private static int minutes(String clock) {
    return Integer.parseInt(clock.substring(0, 2)) * 60 + Integer.parseInt(clock.substring(3, 5));
  }
}
