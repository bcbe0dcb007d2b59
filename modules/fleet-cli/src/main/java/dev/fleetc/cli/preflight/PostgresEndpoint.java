package dev.fleetc.cli.preflight;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kine's PostgreSQL endpoint, {@code postgres://user:password@host:5432/database?sslmode=require},
 * parsed as Go's net/url and kine do it, and converted to a JDBC URL plus connection properties.
 *
 * <p>No message this class produces contains the password: parse errors name the part that is
 * wrong, never the text, and {@link #mask} hides the password in any other text.
 *
 * @param password percent-decoded; empty when the endpoint has none
 * @param database percent-decoded; kine's default {@code kubernetes} when the path is empty
 * @param parameters the query parameters, percent-decoded, in their order
 */
public record PostgresEndpoint(
    String user,
    String password,
    String host,
    int port,
    String database,
    Map<String, String> parameters,
    List<String> secretForms) {

  public static final String MASK = "***";
  public static final int DEFAULT_PORT = 5432;
  public static final String DEFAULT_DATABASE = "kubernetes";
  public static final Set<String> SSL_MODES =
      Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

  /** Parameters that keep their name in JDBC; {@code connect_timeout} is renamed. */
  private static final Set<String> JDBC_PARAMETERS =
      Set.of(
          "sslmode",
          "sslrootcert",
          "sslcert",
          "sslkey",
          "application_name",
          "connect_timeout",
          "password");

  /** Query parameters whose values are secret: masked like the password. */
  private static final Set<String> SECRET_PARAMETERS = Set.of("password", "sslpassword");

  // Userinfo ends at its last @ (before the path), as in Go's url.Parse.
  private static final Pattern ENDPOINT =
      Pattern.compile(
          "(?<scheme>[A-Za-z][A-Za-z0-9+.-]*)://(?:(?<user>[^:/?#@]*)(?::(?<password>[^/?#]*))?@)?"
              + "(?<host>[^/?#@]*)(?:/(?<path>[^?#]*))?(?:\\?(?<query>[^#]*))?",
          Pattern.DOTALL);
  private static final Pattern HOST_PORT =
      Pattern.compile("(?<host>\\[[0-9A-Fa-f:.]+\\]|[^:\\[\\]]*)(?::(?<port>[^:]*))?");

  public PostgresEndpoint {
    parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    secretForms = List.copyOf(secretForms);
  }

  /** Thrown for an endpoint fleetc cannot use; the message never contains the endpoint's text. */
  public static final class MalformedEndpointException extends Exception {
    public MalformedEndpointException(String message) {
      super(message);
    }
  }

  /** Parses an endpoint; {@code secretForms} gets the raw and decoded password. */
  public static PostgresEndpoint parse(String endpoint) throws MalformedEndpointException {
    String text = endpoint.strip();
    Matcher m = ENDPOINT.matcher(text);
    if (!m.matches()) {
      throw new MalformedEndpointException(
          "the endpoint is not of the form"
              + " postgres://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=MODE"
              + (text.contains("#") ? " (a # in the password must be written %23)" : ""));
    }
    String scheme = m.group("scheme");
    if (!scheme.equals("postgres") && !scheme.equals("postgresql")) {
      throw new MalformedEndpointException(
          "the endpoint's scheme must be postgres:// or postgresql://, not "
              + (scheme.length() <= 12 ? scheme : "that")
              + "://");
    }
    String rawPassword = m.group("password") == null ? "" : m.group("password");
    List<String> secretForms = new ArrayList<>();
    secretForms.add(text);
    if (!rawPassword.isEmpty()) {
      secretForms.add(rawPassword);
    }
    String password = decode(rawPassword, "password", false);
    if (!password.isEmpty()) {
      secretForms.add(password);
    }
    if (m.group("user") == null || m.group("user").isEmpty()) {
      throw new MalformedEndpointException("the endpoint names no user (postgres://USER:...@)");
    }
    String user = decode(m.group("user"), "user", false);

    Matcher hp = HOST_PORT.matcher(m.group("host"));
    if (!hp.matches()) {
      throw new MalformedEndpointException("the endpoint's host:port cannot be read");
    }
    String host = hp.group("host");
    if (host.startsWith("[")) {
      host = host.substring(1, host.length() - 1);
    }
    if (host.isEmpty()) {
      host = "localhost";
    }
    int port = DEFAULT_PORT;
    if (hp.group("port") != null && !hp.group("port").isEmpty()) {
      String p = hp.group("port");
      if (!p.matches("[0-9]{1,5}") || Integer.parseInt(p) < 1 || Integer.parseInt(p) > 65535) {
        throw new MalformedEndpointException(
            "the endpoint's port must be a number from 1 to 65535"
                + " (a : in the password must be written %3A)");
      }
      port = Integer.parseInt(p);
    }
    String path = m.group("path") == null ? "" : decode(m.group("path"), "database", false);
    if (path.contains("/")) {
      throw new MalformedEndpointException("the endpoint's database name contains a /");
    }
    String database = path.isEmpty() ? DEFAULT_DATABASE : path;

    Map<String, String> parameters = new LinkedHashMap<>();
    String query = m.group("query");
    if (query != null && !query.isEmpty()) {
      for (String pair : query.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        String key = decode(eq < 0 ? pair : pair.substring(0, eq), "parameter name", true);
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1), "parameter " + key, true);
        parameters.putIfAbsent(key, value);
      }
    }
    for (String key : SECRET_PARAMETERS) {
      String value = parameters.get(key);
      if (value != null && !value.isEmpty()) {
        secretForms.add(value);
      }
    }
    if (password.isEmpty() && parameters.containsKey("password")) {
      password = parameters.get("password");
    }
    String sslmode = parameters.get("sslmode");
    if (sslmode != null && !SSL_MODES.contains(sslmode)) {
      throw new MalformedEndpointException(
          "sslmode must be one of disable, allow, prefer, require, verify-ca, verify-full");
    }
    String timeout = parameters.get("connect_timeout");
    if (timeout != null && !timeout.matches("[0-9]{1,6}")) {
      throw new MalformedEndpointException("connect_timeout must be a number of seconds");
    }
    return new PostgresEndpoint(user, password, host, port, database, parameters, secretForms);
  }

  /** The declared {@code sslmode}, if any. */
  public Optional<String> sslmode() {
    return Optional.ofNullable(parameters.get("sslmode"));
  }

  /** The JDBC URL: host, port and database only; credentials go in {@link #jdbcProperties}. */
  public String jdbcUrl() {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return "jdbc:postgresql://" + h + ":" + port + "/" + urlEncode(database);
  }

  /**
   * The JDBC connection properties: user, password, the TLS parameters, and timeouts.
   *
   * @param timeoutSeconds connect and login timeout, unless the endpoint sets {@code
   *     connect_timeout}
   */
  public Properties jdbcProperties(int timeoutSeconds) {
    Properties props = new Properties();
    props.setProperty("user", user);
    if (!password.isEmpty()) {
      props.setProperty("password", password);
    }
    String timeout = parameters.getOrDefault("connect_timeout", String.valueOf(timeoutSeconds));
    props.setProperty("connectTimeout", timeout);
    props.setProperty("loginTimeout", timeout);
    props.setProperty("socketTimeout", String.valueOf(Math.max(30, 3 * timeoutSeconds)));
    props.setProperty("ApplicationName", parameters.getOrDefault("application_name", "fleet"));
    props.setProperty("sslmode", sslmode().orElse("prefer"));
    for (String key : List.of("sslrootcert", "sslcert", "sslkey")) {
      if (parameters.containsKey(key)) {
        props.setProperty(key, parameters.get(key));
      }
    }
    return props;
  }

  /** Parameters kine would pass on that preflight does not use (reported, not checked). */
  public List<String> ignoredParameters() {
    return parameters.keySet().stream().filter(k -> !JDBC_PARAMETERS.contains(k)).toList();
  }

  /** The endpoint with its password replaced by {@value #MASK}. */
  public String masked() {
    StringBuilder s = new StringBuilder("postgres://").append(user);
    if (!password.isEmpty()) {
      s.append(':').append(MASK);
    }
    s.append('@').append(host.contains(":") ? "[" + host + "]" : host).append(':').append(port);
    s.append('/').append(database);
    if (!parameters.isEmpty()) {
      List<String> pairs = new ArrayList<>();
      parameters.forEach((k, v) -> pairs.add(k + "=" + (SECRET_PARAMETERS.contains(k) ? MASK : v)));
      s.append('?').append(String.join("&", pairs));
    }
    return s.toString();
  }

  /** Any text with every form of the password (and the whole endpoint) replaced by the mask. */
  public String mask(String text) {
    return maskAll(text, secretForms);
  }

  /** Replaces every secret in the text by the mask, longest first. */
  public static String maskAll(String text, List<String> secrets) {
    if (text == null) {
      return "";
    }
    List<String> sorted = new ArrayList<>(secrets);
    sorted.sort(Comparator.comparingInt(String::length).reversed());
    String result = text;
    for (String secret : sorted) {
      if (!secret.isEmpty()) {
        result = result.replace(secret, MASK);
      }
    }
    return result;
  }

  @Override
  public String toString() {
    return masked();
  }

  /** Percent-decoding of Go's net/url; {@code +} is a space only in query strings. */
  static String decode(String encoded, String part, boolean query)
      throws MalformedEndpointException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < encoded.length(); i++) {
      char c = encoded.charAt(i);
      if (c == '%') {
        if (i + 2 >= encoded.length()) {
          throw badEscape(part);
        }
        int hi = Character.digit(encoded.charAt(i + 1), 16);
        int lo = Character.digit(encoded.charAt(i + 2), 16);
        if (hi < 0 || lo < 0) {
          throw badEscape(part);
        }
        bytes.write(hi * 16 + lo);
        i += 2;
      } else if (c == '+' && query) {
        bytes.write(' ');
      } else {
        byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        if (Character.isHighSurrogate(c) && i + 1 < encoded.length()) {
          utf8 = encoded.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
          i++;
        }
        bytes.writeBytes(utf8);
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new MalformedEndpointException(
          "the endpoint's " + part + " is not UTF-8 once percent-decoded");
    }
  }

  private static MalformedEndpointException badEscape(String part) {
    return new MalformedEndpointException(
        "the endpoint's "
            + part
            + " has a % that is not followed by two hex digits (write % as %25)");
  }

  private static String urlEncode(String value) {
    return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
