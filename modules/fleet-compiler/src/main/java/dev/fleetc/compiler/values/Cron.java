package dev.fleetc.compiler.values;

import dev.fleetc.compiler.diagnostics.ErrorCode;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Velero backup schedule, checked as Velero parses it: Velero's schedule controller
 * (vmware-tanzu/velero {@code pkg/controller/schedule_controller.go}, {@code parseCronSchedule})
 * calls robfig/cron v3 {@code cron.ParseStandard}, which takes five fields (minute 0-59, hour 0-23,
 * day of month 1-31, month 1-12 or JAN-DEC, day of week 0-6 or SUN-SAT), each {@code *}, {@code ?}
 * (as robfig, in every field), a number, a range {@code a-b}, a step {@code x/n} and comma lists;
 * or a descriptor: {@code @yearly @annually @monthly @weekly @daily @midnight @hourly},
 * {@code @every <duration>}.
 *
 * <p>Stricter than robfig on purpose: its {@code TZ=}/{@code CRON_TZ=} prefixes are refused (the
 * schedule is documented as UTC, and a zone the cluster's Go runtime lacks would only fail there),
 * and so is an {@code @every} duration that is zero or signed (robfig silently turns anything under
 * a second into one second: a backup every second is a typo, not a plan).
 */
public final class Cron {

  private record Field(String name, int min, int max, List<String> names) {}

  private static final List<Field> FIELDS =
      List.of(
          new Field("minute", 0, 59, List.of()),
          new Field("hour", 0, 23, List.of()),
          new Field("day of month", 1, 31, List.of()),
          new Field(
              "month",
              1,
              12,
              List.of(
                  "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV",
                  "DEC")),
          new Field("day of week", 0, 6, List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT")));

  private static final List<String> DESCRIPTORS =
      List.of("@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly");
  private static final Pattern DURATION =
      Pattern.compile("((\\d+(\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h))+");
  private static final Pattern PART = Pattern.compile("([^/]+)(?:/(.*))?");
  private static final String HINT =
      "five fields 'minute hour day-of-month month day-of-week' in UTC, e.g. \"0 3 * * *\", or"
          + " @daily, @weekly, @every 6h (Velero parses it with robfig/cron's ParseStandard)";

  private Cron() {}

  public static Optional<Problem> check(String schedule) {
    if (Characters.hasControl(schedule)) {
      return problem("the schedule contains a control character or line break");
    }
    String text = schedule.strip();
    if (text.startsWith("TZ=") || text.startsWith("CRON_TZ=")) {
      return problem("the schedule sets a time zone; fleetc schedules are in UTC");
    }
    if (text.startsWith("@")) {
      return descriptor(text);
    }
    String[] fields = text.split("\\s+");
    if (text.isEmpty() || fields.length != 5) {
      return problem(
          "the schedule '"
              + KubernetesLabels.shown(schedule)
              + "' has "
              + (text.isEmpty() ? 0 : fields.length)
              + " fields, cron needs 5");
    }
    for (int i = 0; i < 5; i++) {
      Optional<String> wrong = field(fields[i], FIELDS.get(i));
      if (wrong.isPresent()) {
        return problem(
            "the schedule's "
                + FIELDS.get(i).name()
                + " field '"
                + KubernetesLabels.shown(fields[i])
                + "' "
                + wrong.get());
      }
    }
    return Optional.empty();
  }

  private static Optional<Problem> descriptor(String text) {
    if (DESCRIPTORS.contains(text)) {
      return Optional.empty();
    }
    if (text.startsWith("@every ")) {
      String duration = text.substring("@every ".length()).strip();
      if (DURATION.matcher(duration).matches() && !allZero(duration)) {
        return Optional.empty();
      }
      return problem(
          "'@every' takes a Go duration such as 6h or 1h30m, not '"
              + KubernetesLabels.shown(duration)
              + "'");
    }
    return problem("'" + KubernetesLabels.shown(text) + "' is not a schedule descriptor");
  }

  private static boolean allZero(String duration) {
    return duration.replaceAll("[^0-9]", "").chars().allMatch(c -> c == '0');
  }

  /** Why a field is wrong, or empty. */
  private static Optional<String> field(String text, Field field) {
    for (String item : text.split(",", -1)) {
      Matcher part = PART.matcher(item);
      if (!part.matches()) {
        return Optional.of("has an empty list item");
      }
      String range = part.group(1);
      String step = part.group(2);
      int low;
      int high;
      if (range.equals("*") || range.equals("?")) {
        low = field.min();
        high = field.max();
      } else {
        String[] bounds = range.split("-", -1);
        if (bounds.length > 2) {
          return Optional.of("has a malformed range");
        }
        Integer first = value(bounds[0], field);
        Integer last = bounds.length == 2 ? value(bounds[1], field) : first;
        if (first == null || last == null) {
          return Optional.of(
              "is not a number between "
                  + field.min()
                  + " and "
                  + field.max()
                  + (field.names().isEmpty() ? "" : " or a name such as " + field.names().get(0)));
        }
        if (first > last) {
          return Optional.of("has a range that runs backwards");
        }
        low = first;
        high = bounds.length == 2 || step == null ? last : field.max();
      }
      if (step != null) {
        if (!step.matches("\\d{1,3}") || Integer.parseInt(step) == 0) {
          return Optional.of("has a step that is not a positive number");
        }
      }
      if (low < field.min() || high > field.max()) {
        return Optional.of("is outside " + field.min() + "-" + field.max());
      }
    }
    return Optional.empty();
  }

  private static Integer value(String text, Field field) {
    if (text.matches("\\d{1,2}")) {
      int v = Integer.parseInt(text);
      return v >= field.min() && v <= field.max() ? v : null;
    }
    int index = field.names().indexOf(text.toUpperCase(Locale.ROOT));
    if (index < 0) {
      return null;
    }
    return field.min() + index;
  }

  private static Optional<Problem> problem(String message) {
    return Optional.of(new Problem(ErrorCode.CRON_SCHEDULE, message, HINT));
  }
}
