package dev.fleetc.emit.support;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.core.util.DefaultIndenter;
import tools.jackson.core.util.DefaultPrettyPrinter;
import tools.jackson.core.util.Separators;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** Pretty JSON with {@code \n} line ends on every platform, for the lock file and reports. */
public final class JsonWriter {

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .defaultPrettyPrinter(
              new DefaultPrettyPrinter(
                      Separators.createDefaultInstance()
                          .withObjectNameValueSpacing(Separators.Spacing.AFTER))
                  .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                  .withArrayIndenter(new DefaultIndenter("  ", "\n")))
          .build();

  private JsonWriter() {}

  public static String write(Object value) {
    return MAPPER.writeValueAsString(value) + "\n";
  }

  /**
   * Writes the same bytes as {@link #write(Object)} in UTF-8 straight to {@code out}, without the
   * whole text in memory (a 10,000-cluster lock is 60 MB); {@code out} is flushed, not closed.
   */
  public static void write(Object value, OutputStream out) throws IOException {
    OutputStream unclosed =
        new FilterOutputStream(out) {
          @Override
          public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
          }

          @Override
          public void close() throws IOException {
            flush();
          }
        };
    try {
      MAPPER.writeValue(unclosed, value);
    } catch (JacksonIOException e) {
      throw e.getCause() != null ? e.getCause() : new IOException(e.getMessage(), e);
    }
    out.write('\n');
    out.flush();
  }

  public static ObjectMapper mapper() {
    return MAPPER;
  }
}
