package dev.fleetc.compiler.rules;

import dev.fleetc.compiler.values.NetworkAddress;
import java.math.BigInteger;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * IP addresses, CIDRs and host names, parsed without ever asking DNS (IP literals are parsed by
 * {@link NetworkAddress}, never by {@code InetAddress}).
 */
public final class Addresses {

  private static final Pattern IPV4 =
      Pattern.compile(
          "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  private static final Pattern IPV4_LIKE = Pattern.compile("[0-9.]+");
  private static final Pattern IPV6_LIKE = Pattern.compile("[0-9A-Fa-f:.]+");
  private static final Pattern HOST_NAME =
      Pattern.compile(
          "(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)(\\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*");
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  /** A network range. */
  public record Cidr(byte[] network, int prefix) {
    public BigInteger first() {
      return new BigInteger(1, network);
    }

    public BigInteger last() {
      int bits = network.length * 8;
      return first().add(BigInteger.ONE.shiftLeft(bits - prefix)).subtract(BigInteger.ONE);
    }

    public boolean overlaps(Cidr other) {
      return network.length == other.network.length
          && first().compareTo(other.last()) <= 0
          && other.first().compareTo(last()) <= 0;
    }
  }

  private Addresses() {}

  public static boolean isIpv4(String text) {
    return IPV4.matcher(text).matches();
  }

  /** The address as bytes, when the text is an IPv4 or IPv6 literal. */
  public static Optional<byte[]> ip(String text) {
    if (isIpv4(text)) {
      return literal(text);
    }
    if (text.contains(":") && IPV6_LIKE.matcher(text).matches()) {
      return literal(text);
    }
    return Optional.empty();
  }

  /** True for text that is meant as an IP address (digits and dots, or colons) but is not one. */
  public static boolean looksLikeIp(String text) {
    return IPV4_LIKE.matcher(text).matches()
        || (text.contains(":") && IPV6_LIKE.matcher(text).matches());
  }

  public static boolean isHostName(String text) {
    return HOST_NAME.matcher(text).matches() && !IPV4_LIKE.matcher(text).matches();
  }

  /**
   * A DNS-1123 label: lower-case letters, digits and '-', at most 63, starting and ending alnum.
   */
  public static boolean isDnsLabel(String text) {
    return DNS_LABEL.matcher(text).matches();
  }

  /** Parses {@code address/prefix}; the address must be the network's first address. */
  public static Optional<Cidr> cidr(String text) {
    Optional<Cidr> parsed = PARSED_CIDRS.get(text);
    if (parsed == null) {
      parsed = parseCidr(text);
      if (PARSED_CIDRS.size() >= PARSED_CIDRS_LIMIT) {
        PARSED_CIDRS.clear();
      }
      PARSED_CIDRS.put(text, parsed);
    }
    return parsed;
  }

  // Every cluster of a fleet usually has the same few ranges, checked against each of its nodes:
  // parsed once. Bounded, for a fleet whose every cluster has ranges of its own. Nobody changes a
  // Cidr's bytes (its users read their length), so the parsed value is shared.
  private static final int PARSED_CIDRS_LIMIT = 4_096;
  private static final ConcurrentHashMap<String, Optional<Cidr>> PARSED_CIDRS =
      new ConcurrentHashMap<>();
  private static final Pattern PREFIX = Pattern.compile("\\d{1,3}");

  private static Optional<Cidr> parseCidr(String text) {
    int slash = text.indexOf('/');
    if (slash < 0) {
      return Optional.empty();
    }
    Optional<byte[]> address = ip(text.substring(0, slash));
    String prefixText = text.substring(slash + 1);
    if (address.isEmpty() || !PREFIX.matcher(prefixText).matches()) {
      return Optional.empty();
    }
    int prefix = Integer.parseInt(prefixText);
    byte[] bytes = address.get();
    if (prefix > bytes.length * 8) {
      return Optional.empty();
    }
    Cidr cidr = new Cidr(bytes, prefix);
    BigInteger hostBits =
        BigInteger.ONE.shiftLeft(bytes.length * 8 - prefix).subtract(BigInteger.ONE);
    if (!cidr.first().and(hostBits).equals(BigInteger.ZERO)) {
      return Optional.empty();
    }
    return Optional.of(cidr);
  }

  private static Optional<byte[]> literal(String text) {
    return NetworkAddress.bytes(text);
  }
}
