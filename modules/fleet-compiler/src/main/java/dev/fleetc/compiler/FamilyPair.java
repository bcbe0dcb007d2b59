package dev.fleetc.compiler;

import dev.fleetc.compiler.diagnostics.Diagnostics;
import dev.fleetc.compiler.diagnostics.ErrorCode;
import dev.fleetc.compiler.rules.Settings;
import dev.fleetc.compiler.yaml.YNode;
import dev.fleetc.compiler.yaml.YScalar;
import dev.fleetc.compiler.yaml.YSeq;
import dev.fleetc.model.SourcePosition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A value written once, or as a list of one per IP family: {@code podCIDR: 10.42.0.0/16} or {@code
 * podCIDR: [10.42.0.0/16, "fd00:42::/56"]} (dual-stack, the primary family first, as Kubernetes
 * reads {@code --cluster-cidr} and {@code --node-ip}), and the same for a node's {@code
 * privateAddress}. Two entries of one family, more than two, or anything but strings are refused
 * here with {@code code}; whether each entry is a valid CIDR or address is the caller's check.
 */
final class FamilyPair {

  /** One entry as written. */
  record Item(String text, SourcePosition at) {
    boolean ipv6() {
      return text.contains(":");
    }
  }

  private FamilyPair() {}

  /** The entries at {@code path}, or empty when the field is absent or malformed (reported). */
  static Optional<List<Item>> read(
      Settings settings, String path, ErrorCode code, String example, Diagnostics diagnostics) {
    Optional<YNode> node = settings.node(path);
    if (node.isEmpty() || (node.get() instanceof YScalar s && s.isNull())) {
      return Optional.empty();
    }
    String field = path.substring(path.lastIndexOf('.') + 1);
    if (node.get() instanceof YScalar scalar) {
      return Optional.of(List.of(new Item(scalar.text(), scalar.position())));
    }
    if (!(node.get() instanceof YSeq seq)) {
      diagnostics.error(
          code,
          node.get().position(),
          field + " is " + node.get().describe() + ", not a string or a list of two",
          "write one value, or one per IP family for dual-stack: " + example);
      return Optional.empty();
    }
    List<Item> items = new ArrayList<>();
    for (YNode item : seq.items()) {
      if (!(item instanceof YScalar scalar) || scalar.isNull()) {
        diagnostics.error(
            code,
            item.position(),
            field + " lists " + item.describe() + ", not a string",
            "write one value, or one per IP family for dual-stack: " + example);
        return Optional.empty();
      }
      items.add(new Item(scalar.text(), scalar.position()));
    }
    if (items.isEmpty() || items.size() > 2) {
      diagnostics.error(
          code,
          seq.position(),
          field + " lists " + items.size() + " values; it takes one, or two of different families",
          "dual-stack is one IPv4 and one IPv6 value, the primary family first: " + example);
      return Optional.empty();
    }
    if (items.size() == 2 && items.get(0).ipv6() == items.get(1).ipv6()) {
      String family = items.get(0).ipv6() ? "IPv6" : "IPv4";
      diagnostics.error(
          code,
          items.get(1).at(),
          field
              + " lists two "
              + family
              + " values ("
              + items.get(0).text()
              + ", "
              + items.get(1).text()
              + ")",
          "dual-stack is one IPv4 and one IPv6 value, the primary family first: " + example);
      return Optional.empty();
    }
    return Optional.of(List.copyOf(items));
  }
}
