package dev.fleetc.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;

/** The version Maven stamped into the jar. */
public final class Version implements CommandLine.IVersionProvider {

  public static String number() {
    Properties properties = new Properties();
    try (InputStream in = Version.class.getResourceAsStream("/dev/fleetc/cli/version.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties.getProperty("version", "dev");
  }

  static String generator() {
    return "fleetc " + number();
  }

  @Override
  public String[] getVersion() {
    return new String[] {generator()};
  }
}
