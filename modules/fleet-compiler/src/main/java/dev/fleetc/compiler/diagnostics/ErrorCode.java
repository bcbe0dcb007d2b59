package dev.fleetc.compiler.diagnostics;

import dev.fleetc.model.Severity;

/**
 * Every diagnostic the compiler reports, with its stable code. docs/diagnostics.md explains each
 * one; a test keeps that page and this list in step.
 */
public enum ErrorCode {
  YAML_SYNTAX("FLEET-E001", Severity.ERROR),
  UNKNOWN_KEY("FLEET-E002", Severity.ERROR),
  WRONG_TYPE("FLEET-E003", Severity.ERROR),
  DUPLICATE_KEY("FLEET-E004", Severity.ERROR),
  MISSING_FIELD("FLEET-E005", Severity.ERROR),
  INVALID_NAME("FLEET-E006", Severity.ERROR),
  DUPLICATE_CLUSTER("FLEET-E007", Severity.ERROR),
  DUPLICATE_NODE("FLEET-E008", Severity.ERROR),
  DUPLICATE_ADDRESS("FLEET-E009", Severity.ERROR),
  INVALID_ADDRESS("FLEET-E010", Severity.ERROR),
  INVALID_CIDR("FLEET-E011", Severity.ERROR),
  CIDR_OVERLAP("FLEET-E012", Severity.ERROR),
  UNKNOWN_PROFILE("FLEET-E013", Severity.ERROR),
  UNSUPPORTED_DATASTORE("FLEET-E014", Severity.ERROR),
  QUORUM("FLEET-E015", Severity.ERROR),
  API_ENDPOINT_REQUIRED("FLEET-E016", Severity.ERROR),
  VERSION_MISMATCH("FLEET-E017", Severity.ERROR),
  UNKNOWN_KUBERNETES("FLEET-E018", Severity.ERROR),
  DATASTORE_ENDPOINT_REQUIRED("FLEET-E019", Severity.ERROR),
  INLINE_SECRET("FLEET-E020", Severity.ERROR),
  INVALID_VALUE("FLEET-E021", Severity.ERROR),
  ESCAPE_HATCH("FLEET-E022", Severity.ERROR),
  INPUT_LIMIT("FLEET-E023", Severity.ERROR),
  WRONG_FORMAT("FLEET-E025", Severity.ERROR),
  NO_CONTROL_PLANE("FLEET-E026", Severity.ERROR),
  INVALID_SECRET_REF("FLEET-E027", Severity.ERROR),
  TOKEN_REQUIRED("FLEET-E028", Severity.ERROR),
  UNSUPPORTED_GITOPS_VERSION("FLEET-E029", Severity.ERROR),
  K0S_ROLE("FLEET-E030", Severity.ERROR),
  K0S_HOST_FIELD("FLEET-E031", Severity.ERROR),
  K0S_CONFIG("FLEET-E032", Severity.ERROR),
  K0S_SSH("FLEET-E033", Severity.ERROR),
  K0S_LOAD_BALANCING("FLEET-E034", Severity.ERROR),
  K0S_SECRET_SCHEME("FLEET-E035", Severity.ERROR),
  MICROK8S_JOIN_ADDRESS("FLEET-E036", Severity.ERROR),
  MICROK8S_TRACK("FLEET-E037", Severity.ERROR),
  SET_PLACEHOLDER("FLEET-E060", Severity.ERROR),
  SET_INVENTORY_UNREADABLE("FLEET-E061", Severity.ERROR),
  SET_INVENTORY_FORMAT("FLEET-E062", Severity.ERROR),
  SET_DECLARATION("FLEET-E063", Severity.ERROR),
  SET_LIMIT("FLEET-E064", Severity.ERROR),
  AGENT_TOKEN_UNSUPPORTED("FLEET-E046", Severity.ERROR),
  SERVICE_RANGE_TOO_SMALL("FLEET-E047", Severity.ERROR),
  RETIRED_COMPONENT("FLEET-W001", Severity.WARNING),
  ESCAPE_HATCH_STATUS("FLEET-W002", Severity.WARNING),
  PARITY_OVERRIDE("FLEET-W003", Severity.WARNING),
  NO_REGISTRATION_ADDRESS("FLEET-W004", Severity.WARNING),
  MICROK8S_STANDBY("FLEET-W005", Severity.WARNING),
  NATIVE_BACKUP_UNAVAILABLE("FLEET-W006", Severity.WARNING),
  AGENT_TOKEN_IS_TOKEN("FLEET-W008", Severity.WARNING),
  SET_UNUSED_COLUMN("FLEET-W014", Severity.WARNING);

  private final String code;
  private final Severity severity;

  ErrorCode(String code, Severity severity) {
    this.code = code;
    this.severity = severity;
  }

  public String code() {
    return code;
  }

  public Severity severity() {
    return severity;
  }
}
