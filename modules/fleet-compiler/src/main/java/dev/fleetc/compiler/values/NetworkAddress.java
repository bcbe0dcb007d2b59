package dev.fleetc.compiler.values;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * IP literals parsed by hand, so that nothing ever asks DNS, and their canonical text: IPv4 as
 * dotted quad, IPv6 as RFC 5952 (lower case, no leading zeros, the longest run of zero groups
 * compressed), an IPv4-mapped IPv6 address ({@code ::ffff:10.0.0.1}) as the IPv4 address it is. Two
 * spellings of one address have one canonical form, which is what duplicate checks compare.
 */
public final class NetworkAddress {

  private static final Pattern IPV4 =
      Pattern.compile(
          "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  private static final Pattern HEX_GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");
  private static final Pattern HOST_NAME =
      Pattern.compile(
          "(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)(\\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*");
  private static final Pattern DIGITS_AND_DOTS = Pattern.compile("[0-9.]+");

  private NetworkAddress() {}

  /**
   * The address's bytes: 4 for IPv4 (and IPv4-mapped IPv6, as {@code InetAddress} does), 16 for
   * IPv6; empty when the text is not an IP literal. Zone ids ({@code fe80::1%eth0}) are refused.
   */
  public static Optional<byte[]> bytes(String text) {
    if (text == null || text.isEmpty() || text.length() > 45) {
      return Optional.empty();
    }
    if (IPV4.matcher(text).matches()) {
      return Optional.of(ipv4(text));
    }
    if (!text.contains(":")) {
      return Optional.empty();
    }
    byte[] v6 = ipv6(text);
    if (v6 == null) {
      return Optional.empty();
    }
    if (isMapped(v6)) {
      byte[] v4 = new byte[4];
      System.arraycopy(v6, 12, v4, 0, 4);
      return Optional.of(v4);
    }
    return Optional.of(v6);
  }

  /** The canonical text of an IP literal, or empty when the text is none. */
  public static Optional<String> canonicalIp(String text) {
    return bytes(text).map(NetworkAddress::format);
  }

  /**
   * The form two addresses are compared in: the canonical IP, or the host name in lower case (DNS
   * names are case-insensitive); empty for text that is neither.
   */
  public static Optional<String> canonical(String text) {
    Optional<String> ip = canonicalIp(text);
    if (ip.isPresent()) {
      return ip;
    }
    return isHostName(text) ? Optional.of(text.toLowerCase(Locale.ROOT)) : Optional.empty();
  }

  /** A DNS name (letters of either case, digits, '-' and '.'), not a number in disguise. */
  public static boolean isHostName(String text) {
    if (text == null || text.isEmpty() || text.length() > 253) {
      return false;
    }
    String lower = text.toLowerCase(Locale.ROOT);
    return HOST_NAME.matcher(lower).matches() && !DIGITS_AND_DOTS.matcher(lower).matches();
  }

  /** An IP literal or a host name: what an SSH or HTTP client can be pointed at. */
  public static boolean isHost(String text) {
    return bytes(text).isPresent() || isHostName(text);
  }

  /**
   * A bastion (jump host) address: an IP literal or a DNS name, nothing else. k0sctl takes the port
   * as a field of its own (rig's {@code SSH.Bastion}: address, port, user, keyPath), so {@code
   * host:port} is refused with a hint to use {@code ssh.bastion.port}.
   */
  public static Optional<Problem> checkBastion(String address) {
    if (isHost(address)) {
      return Optional.empty();
    }
    int colon = address.lastIndexOf(':');
    boolean withPort =
        colon > 0
            && address.substring(colon + 1).matches("\\d{1,5}")
            && isHost(address.substring(0, colon).replaceAll("^\\[(.*)\\]$", "$1"));
    return Optional.of(
        new Problem(
            dev.fleetc.compiler.diagnostics.ErrorCode.INVALID_ADDRESS,
            "bastion address '"
                + KubernetesLabels.shown(address)
                + "' is "
                + (withPort ? "written with a port" : "neither an IP address nor a DNS name"),
            withPort
                ? "write the host alone and the port in ssh.bastion.port"
                : "write the jump host's IP address or DNS name, e.g. bastion.example.com"));
  }

  private static byte[] ipv4(String text) {
    String[] parts = text.split("\\.");
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      out[i] = (byte) Integer.parseInt(parts[i]);
    }
    return out;
  }

  /** Parses IPv6 text (with an optional trailing dotted IPv4), or returns null. */
  private static byte[] ipv6(String text) {
    String head = text;
    byte[] tail = null;
    int lastColon = text.lastIndexOf(':');
    if (text.indexOf('.', lastColon) >= 0) {
      String v4 = text.substring(lastColon + 1);
      if (!IPV4.matcher(v4).matches()) {
        return null;
      }
      tail = ipv4(v4);
      head = text.substring(0, lastColon + 1) + "0:0"; // two placeholder groups, replaced below
    }
    int doubleColon = head.indexOf("::");
    if (doubleColon >= 0 && head.indexOf("::", doubleColon + 1) >= 0) {
      return null;
    }
    String[] left;
    String[] right;
    if (doubleColon >= 0) {
      left = groups(head.substring(0, doubleColon));
      right = groups(head.substring(doubleColon + 2));
    } else {
      left = groups(head);
      right = new String[0];
    }
    if (left == null || right == null) {
      return null;
    }
    int given = left.length + right.length;
    if (doubleColon >= 0 ? given > 7 : given != 8) {
      return null;
    }
    int[] words = new int[8];
    for (int i = 0; i < left.length; i++) {
      words[i] = Integer.parseInt(left[i], 16);
    }
    for (int i = 0; i < right.length; i++) {
      words[8 - right.length + i] = Integer.parseInt(right[i], 16);
    }
    byte[] out = new byte[16];
    for (int i = 0; i < 8; i++) {
      out[2 * i] = (byte) (words[i] >> 8);
      out[2 * i + 1] = (byte) words[i];
    }
    if (tail != null) {
      System.arraycopy(tail, 0, out, 12, 4);
    }
    return out;
  }

  /** Colon-separated hex groups; "" is no group; null when a group is malformed or empty. */
  private static String[] groups(String text) {
    if (text.isEmpty()) {
      return new String[0];
    }
    String[] parts = text.split(":", -1);
    for (String part : parts) {
      if (!HEX_GROUP.matcher(part).matches()) {
        return null;
      }
    }
    return parts;
  }

  private static boolean isMapped(byte[] v6) {
    for (int i = 0; i < 10; i++) {
      if (v6[i] != 0) {
        return false;
      }
    }
    return v6[10] == (byte) 0xff && v6[11] == (byte) 0xff;
  }

  /** Canonical text of 4 or 16 bytes. */
  public static String format(byte[] address) {
    if (address.length == 4) {
      return (address[0] & 0xff)
          + "."
          + (address[1] & 0xff)
          + "."
          + (address[2] & 0xff)
          + "."
          + (address[3] & 0xff);
    }
    int[] words = new int[8];
    for (int i = 0; i < 8; i++) {
      words[i] = ((address[2 * i] & 0xff) << 8) | (address[2 * i + 1] & 0xff);
    }
    // RFC 5952 4.2: compress the longest run of two or more zero groups, the first on a tie.
    int bestStart = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; ) {
      if (words[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && words[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        out.append("::");
        i += bestLength - 1;
        continue;
      }
      if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
        out.append(':');
      }
      out.append(Integer.toHexString(words[i]));
    }
    return out.toString();
  }
}
