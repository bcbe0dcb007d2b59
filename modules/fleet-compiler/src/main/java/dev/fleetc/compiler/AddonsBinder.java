package dev.fleetc.compiler;

import dev.fleetc.compiler.diagnostics.Diagnostics;
import dev.fleetc.compiler.diagnostics.ErrorCode;
import dev.fleetc.compiler.rules.Settings;
import dev.fleetc.model.Addons;
import dev.fleetc.model.IngressController;
import dev.fleetc.model.SecretRef;
import dev.fleetc.model.StorageProvider;
import dev.fleetc.model.Velero;
import java.util.Optional;

/** Binds a cluster's add-ons (ingress, storage, Velero backups), warning about retired ones. */
final class AddonsBinder {

  private AddonsBinder() {}

  static Addons bind(Settings settings, Diagnostics diagnostics) {
    IngressController ingress =
        settings
            .string("addons.ingress")
            .flatMap(IngressController::fromId)
            .orElse(IngressController.NONE);
    if (ingress == IngressController.INGRESS_NGINX) {
      diagnostics.warning(
          ErrorCode.RETIRED_COMPONENT,
          settings.position("addons.ingress"),
          "ingress-nginx is retired upstream: 4.15.1 is its final chart, with no further security fixes",
          "plan a move to traefik; fleetc keeps delivering the final release meanwhile");
    }
    StorageProvider storage =
        settings
            .string("addons.storage")
            .flatMap(StorageProvider::fromId)
            .orElse(StorageProvider.NONE);
    Velero velero = null;
    if (settings.node("addons.backup.velero").isPresent()) {
      Optional<SecretRef> credentials = settings.secret("addons.backup.velero.credentials");
      velero =
          new Velero(
              settings.string("addons.backup.velero.bucket").orElse(""),
              settings.string("addons.backup.velero.region").orElse(""),
              settings.string("addons.backup.velero.schedule").orElse("0 3 * * *"),
              credentials.orElse(null));
    }
    return new Addons(ingress, storage, velero);
  }
}
