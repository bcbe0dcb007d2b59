package dev.fleetc.emit.support;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheFactory;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Mustache templates on the class path, compiled once per process.
 *
 * <p>Two escapers, never Mustache's HTML one: in shell templates {@code {{value}}} is shell-quoted
 * (one word, no expansion) and {@code {{{value}}}} is inserted as is, for text that the template
 * itself quotes (a quoted here-document). In Markdown templates values are inserted as is.
 */
public final class Templates {

  private static final MustacheFactory SHELL =
      new DefaultMustacheFactory() {
        @Override
        public void encode(String value, Writer writer) {
          try {
            writer.write(ShellQuote.quote(value));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };

  private static final MustacheFactory TEXT =
      new DefaultMustacheFactory() {
        @Override
        public void encode(String value, Writer writer) {
          try {
            writer.write(value);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };

  private static final Map<String, Mustache> COMPILED = new ConcurrentHashMap<>();

  private Templates() {}

  /** Renders a shell script template, e.g. {@code dev/fleetc/emit/k3s/install.sh.mustache}. */
  public static String shell(String resource, Object scope) {
    return render(SHELL, "sh:", resource, scope);
  }

  /** Renders a Markdown or plain-text template. */
  public static String text(String resource, Object scope) {
    return render(TEXT, "md:", resource, scope);
  }

  /** Compiles shell templates and renders each once with an empty scope: first use, done early. */
  public static void prepareShell(String... resources) {
    for (String resource : resources) {
      shell(resource, Map.of());
    }
  }

  /** {@link #prepareShell} for Markdown and plain-text templates. */
  public static void prepareText(String... resources) {
    for (String resource : resources) {
      text(resource, Map.of());
    }
  }

  private static String render(
      MustacheFactory factory, String prefix, String resource, Object scope) {
    Mustache mustache = COMPILED.computeIfAbsent(prefix + resource, k -> factory.compile(resource));
    StringWriter out = new StringWriter();
    mustache.execute(out, scope);
    return out.toString();
  }
}
