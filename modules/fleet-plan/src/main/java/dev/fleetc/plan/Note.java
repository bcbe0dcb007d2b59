package dev.fleetc.plan;

import java.util.Objects;

/**
 * What a reviewer must know about a change, with how much it matters. Renderers style a note by its
 * kind; {@link #toString()} is the plain text every format shows.
 *
 * @param kind how much it matters
 * @param text the note without its kind's label
 */
public record Note(Kind kind, String text) {

  /** How much a note matters, and the label it is shown with. */
  public enum Kind {
    /** Context: order of application, member counts. */
    INFO(""),
    /** A risk the reviewer should weigh. */
    WARNING("warning: "),
    /** Why a change destroys state. */
    DESTRUCTIVE("destructive: "),
    /** Why a change must not be applied as planned. */
    NOT_ALLOWED("not allowed: ");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    /** The label shown before the text, e.g. {@code "warning: "}; empty for {@link #INFO}. */
    public String label() {
      return label;
    }
  }

  public Note {
    Objects.requireNonNull(kind);
    Objects.requireNonNull(text);
  }

  public static Note info(String text) {
    return new Note(Kind.INFO, text);
  }

  public static Note warning(String text) {
    return new Note(Kind.WARNING, text);
  }

  public static Note destructive(String text) {
    return new Note(Kind.DESTRUCTIVE, text);
  }

  public static Note notAllowed(String text) {
    return new Note(Kind.NOT_ALLOWED, text);
  }

  /** The label and the text, as every format shows it. */
  @Override
  public String toString() {
    return kind.label() + text;
  }
}
