package dev.fleetc.compiler.schema;

import static dev.fleetc.compiler.schema.Shapes.any;
import static dev.fleetc.compiler.schema.Shapes.bool;
import static dev.fleetc.compiler.schema.Shapes.integer;
import static dev.fleetc.compiler.schema.Shapes.list;
import static dev.fleetc.compiler.schema.Shapes.mapOf;
import static dev.fleetc.compiler.schema.Shapes.noneOr;
import static dev.fleetc.compiler.schema.Shapes.obj;
import static dev.fleetc.compiler.schema.Shapes.oneOf;
import static dev.fleetc.compiler.schema.Shapes.secret;
import static dev.fleetc.compiler.schema.Shapes.str;

import java.util.Set;

/** The fleet language (apiVersion {@value #API_VERSION}): every key, where it may stand. */
public final class FleetSchema {

  public static final String API_VERSION = "fleetc.dev/v1alpha1";
  public static final String KIND = "Fleet";

  /** Keys that describe one cluster's topology; they may only stand in a cluster entry. */
  public static final Set<String> CLUSTER_ONLY =
      Set.of("name", "profile", "apiEndpoint", "token", "agentToken", "nodes", "acknowledge");

  private static final Shape.Obj SSH =
      obj("How fleetc-generated tools reach the nodes over SSH")
          .field("user", str("SSH user"))
          .field("port", integer("SSH port", 1, 65535))
          .field("keyPath", str("Private key path on the machine that runs k0sctl"))
          .field(
              "client",
              oneOf(
                  "builtin: k0sctl's own SSH client; openssh: the system ssh (k0sctl openSSH),"
                      + " which reads ~/.ssh/config",
                  "builtin",
                  "openssh"))
          .field("configPath", str("openssh: the ssh_config file to read (ssh -F)"))
          .field(
              "options",
              mapOf("openssh: ssh_config directives (ssh -o KEY=VALUE)", any("Directive value")))
          .field(
              "disableMultiplexing", bool("openssh: no control master, one connection per command"))
          .field(
              "bastion",
              obj("A jump host in front of the nodes")
                  .required("address", str("Jump host address"))
                  .field("user", str("Jump host SSH user"))
                  .field("port", integer("Jump host SSH port", 1, 65535))
                  .field("keyPath", str("Jump host private key path"))
                  .build())
          .build();

  private static final Shape.Obj UPGRADES =
      obj("How the cluster's nodes reach a new version (docs/upgrades.md)")
          .field(
              "method",
              oneOf(
                  "auto: K3s suc, k0s k0sctl, MicroK8s scripted",
                  "auto",
                  "suc",
                  "k0sctl",
                  "autopilot",
                  "scripted",
                  "manual"))
          .field(
              "workers",
              obj("Worker nodes (control-plane nodes always upgrade one at a time)")
                  .field("concurrency", integer("Workers upgraded at once", 1, 1000))
                  .field(
                      "drain",
                      obj("Draining a node before it upgrades")
                          .field("enabled", bool("Drain (else only cordon); default true"))
                          .field("timeout", str("How long eviction may take, e.g. 10m"))
                          .field("force", bool("Also delete pods no controller manages"))
                          .field(
                              "deleteEmptyDirData",
                              bool("Evict pods with emptyDir volumes; default true"))
                          .build())
                  .build())
          .field("nodeSoak", str("Wait after each node before the next one, e.g. 2m"))
          .field("jobDeadline", str("How long one node's upgrade may take, e.g. 15m"))
          .field(
              "window",
              obj("When upgrades may run")
                  .required(
                      "days",
                      list(
                          "Days of the week",
                          oneOf("Day", "mon", "tue", "wed", "thu", "fri", "sat", "sun")))
                  .required("start", str("Start, HH:MM (24 h)"))
                  .required("end", str("End, HH:MM (24 h); before the start: past midnight"))
                  .field("timeZone", str("IANA time zone, e.g. Europe/Berlin; default UTC"))
                  .build())
          .build();

  /** The fleet-level order in which a version change reaches the clusters. */
  public static final Shape.Obj ROLLOUT =
      obj("Rollout waves: the order in which a version change reaches the clusters")
          .required(
              "waves",
              list(
                  "In order; a cluster belongs to the first wave that matches it",
                  obj("A wave")
                      .required("name", str("Wave name (DNS-1123 label)"))
                      .field("clusters", list("Clusters by name", str("")))
                      .field(
                          "selector",
                          obj("Clusters by region and labels; {} matches every cluster left")
                              .field("region", str("The cluster's region"))
                              .field("labels", mapOf("Labels the cluster carries", str("")))
                              .build())
                      .field(
                          "maxConcurrent",
                          str("Clusters promoted at once: a number or a percentage, e.g. 10%"))
                      .field("soak", str("How long a batch stays healthy before the next, e.g. 4h"))
                      .field(
                          "maxFailures",
                          str(
                              "Failed clusters before the rollout pauses: a number or a percentage"))
                      .field("approval", bool("A person approves before the wave starts"))
                      .build()))
          .field("progressDeadline", str("How long a batch may take to become healthy, e.g. 2h"))
          .build();

  /** Settings that every layer (defaults, a profile, a cluster) may set. */
  public static final Shape.Obj SETTINGS =
      obj("Cluster settings")
          .field("distribution", oneOf("Kubernetes distribution", "k3s", "k0s", "microk8s"))
          .field("kubernetes", str("Kubernetes minor version, e.g. \"1.31\""))
          .field(
              "version",
              str(
                  "Exact distribution build, e.g. v1.31.4+k3s1 or 1.31/stable; must match kubernetes"))
          .field(
              "datastore",
              obj("Where the cluster keeps its state")
                  .field("type", oneOf("Datastore type", "etcd", "postgres", "sqlite", "dqlite"))
                  .field("endpoint", secret("External datastore connection string (postgres)"))
                  .build())
          .field("ssh", SSH)
          .field(
              "network",
              obj("Cluster network")
                  .field(
                      "podCIDR",
                      any(
                          "Pod network CIDR; dual-stack: [IPv4 CIDR, IPv6 CIDR], the primary"
                              + " family first"))
                  .field(
                      "serviceCIDR",
                      any(
                          "Service network CIDR; dual-stack: [IPv4 CIDR, IPv6 CIDR] in the"
                              + " families' order of podCIDR"))
                  .field("provider", oneOf("CNI (k0s)", "kuberouter", "calico", "custom"))
                  .field(
                      "nodeLocalLoadBalancing",
                      bool(
                          "k0s: workers balance over the controllers (no external address needed)"))
                  .build())
          .field(
              "gitops",
              obj("GitOps bootstrap")
                  .field("engine", oneOf("GitOps engine", "flux", "argocd", "none"))
                  .field("repository", str("Git URL of the GitOps repository"))
                  .field("branch", str("Branch the cluster syncs"))
                  .field("path", str("Folder the cluster syncs; default clusters/<name>"))
                  .field(
                      "auth",
                      noneOr(
                          "Repository credentials, or none (clears what a lower layer set)",
                          obj("Credentials; which apply depends on the repository URL's scheme")
                              .field(
                                  "username",
                                  str(
                                      "https: user name (for a token, any name the server accepts)"))
                              .field("password", secret("https: password or access token"))
                              .field("sshKey", secret("ssh: private deploy key"))
                              .build()))
                  .field(
                      "version",
                      str(
                          "Pins the engine's release (e.g. v2.9.6); default: the catalog's newest"
                              + " release that supports the cluster's Kubernetes minor"))
                  .field(
                      "source",
                      oneOf(
                          "Where the engine pulls the cluster's path from: the Git repository"
                              + " (default) or its OCI artifact, pushed by fleet publish",
                          "git",
                          "oci"))
                  .field(
                      "registry",
                      obj("The OCI registry of source: oci; the cluster pulls <url>/<cluster>:<tag>")
                          .field(
                              "url",
                              str(
                                  "oci://HOST[:PORT]/PATH, the --to of fleet publish; no"
                                      + " credentials in it"))
                          .field("tag", str("The tag the cluster follows; default latest"))
                          .field("insecure", bool("Plain HTTP (a test registry)"))
                          .field(
                              "auth",
                              obj("Registry credentials, as references")
                                  .field("username", str("Registry user name"))
                                  .field("password", secret("Registry password or token"))
                                  .build())
                          .build())
                  .build())
          .field(
              "addons",
              obj("Add-ons delivered through the cluster's GitOps path")
                  .field("ingress", oneOf("Ingress controller", "traefik", "ingress-nginx", "none"))
                  .field("storage", oneOf("Default storage class", "local-path", "none"))
                  .field(
                      "backup",
                      noneOr(
                          "Backups, or none",
                          obj("Backup add-on")
                              .field(
                                  "velero",
                                  obj("Velero to an S3 bucket")
                                      .required("bucket", str("Bucket name"))
                                      .required("region", str("Bucket region"))
                                      .field("schedule", str("Cron schedule of the daily backup"))
                                      .required(
                                          "credentials", secret("S3 credentials file content"))
                                      .build())
                              .build()))
                  .build())
          .field(
              "firstBoot",
              obj("Unattended first boot from the nodes' cloud-init user-data (K3s, MicroK8s)")
                  .field(
                      "deadline",
                      str(
                          "How long a node keeps trying to install and join before it gives up:"
                              + " 10m to 30d in minutes, hours or days (e.g. 90m, 3d); default 24h"))
                  .build())
          .field("region", str("Region label"))
          .field("labels", mapOf("Labels of the cluster", str("Label value")))
          .field("upgrades", UPGRADES)
          .field("sans", list("Extra names and addresses for the API server certificate", str("")))
          .field(
              "k3s",
              obj("K3s escape hatch: config.yaml keys the language does not model")
                  .field("server", mapOf("Keys for every server's config.yaml", any("Value")))
                  .field("agent", mapOf("Keys for every agent's config.yaml", any("Value")))
                  .build())
          .field(
              "k0s",
              obj("k0s escape hatch")
                  .field("config", any("Extra ClusterConfig spec, merged into the generated one"))
                  .field("hosts", mapOf("Extra fields of every k0sctl host", any("Value")))
                  .build())
          .field(
              "microk8s",
              obj("MicroK8s escape hatch")
                  .field(
                      "launchConfig",
                      mapOf(
                          "Extra launch-configuration keys (extraKubeletArgs, extraContainerdEnv, addons fleetc does not model, addonRepositories, ...)",
                          any("Value")))
                  .field(
                      "metallb",
                      list(
                          "Enable the MetalLB add-on with these address ranges (FIRST-LAST or CIDR)",
                          str("")))
                  .field(
                      "rbac",
                      bool(
                          "false: enable no rbac add-on (MicroK8s's own default, AlwaysAllow);"
                              + " default true"))
                  .field(
                      "dns",
                      bool(
                          "false: enable no dns add-on (no CoreDNS: what a launch configuration"
                              + " without it installs); default true"))
                  .build())
          .build();

  public static final Shape.Obj NODE =
      obj("A machine of the cluster")
          .required("name", str("Node name (DNS-1123 label)"))
          .required("address", str("Address used to reach the node"))
          .field(
              "privateAddress",
              any(
                  "Address inside the cluster network; dual-stack: [IPv4 address, IPv6"
                      + " address]"))
          .required("role", oneOf("Node role", "control-plane", "worker"))
          .field("ssh", SSH)
          .field("labels", mapOf("Kubernetes node labels", str("Label value")))
          .field("taints", list("Kubernetes taints, key=value:Effect", str("")))
          .field(
              "schedulable",
              bool(
                  "k0s: a control-plane node that also runs workloads (controller+worker, no"
                      + " control-plane taint)"))
          .field(
              "worker",
              bool(
                  "k0s: a control-plane node that also runs a kubelet (controller+worker) and"
                      + " keeps k0s's control-plane taint; schedulable: true drops the taint"))
          .field(
              "keepHostname",
              bool(
                  "k0s, K3s: the machine keeps its own hostname as its Kubernetes node name"
                      + " (no k0sctl hostname, no K3s node-name); name is the fleet's name for it"))
          .field(
              "k0s",
              obj("k0s escape hatch for this node")
                  .field("host", mapOf("Extra fields of this node's k0sctl host", any("Value")))
                  .build())
          .build();

  public static final Shape.Obj CLUSTER =
      obj("A cluster")
          .required("name", str("Cluster name (DNS-1123 label)"))
          .field("profile", str("Profile whose settings the cluster takes"))
          .field("apiEndpoint", str("Fixed registration address: load balancer, VIP or DNS name"))
          .field("token", secret("Join token shared by the cluster's nodes"))
          .field(
              "agentToken",
              secret("K3s: token that lets agents join but not servers (agent-token-file)"))
          .required("nodes", list("The cluster's machines", NODE))
          .field(
              "acknowledge",
              list(
                  "Risks a running cluster takes that fleetc refuses in a new one (written by"
                      + " fleet import; each is warned about on validate)",
                  oneOf(
                      "no-api-endpoint: several k0s controllers without apiEndpoint or node-local"
                          + " load balancing; even-control-plane: an even number of etcd/dqlite"
                          + " members; node-in-service-range: a node address inside the service"
                          + " range; no-ingress-node: an ingress controller that every node's"
                          + " NoSchedule/NoExecute taint keeps off",
                      Acknowledgement.NO_API_ENDPOINT,
                      Acknowledgement.EVEN_CONTROL_PLANE,
                      Acknowledgement.NODE_IN_SERVICE_RANGE,
                      Acknowledgement.NO_INGRESS_NODE)))
          .fields(SETTINGS)
          .build();

  /**
   * A cluster set as editors see it ({@code fleet schema}): its template is a cluster entry. At run
   * time the template is checked only once stamped ({@link #CLUSTER_SET_DECLARATION}), since a
   * placeholder may stand where the finished value must match a pattern.
   */
  public static final Shape.Obj CLUSTER_SET = clusterSet(CLUSTER);

  /** The set itself, its template taken as any mapping: each stamped cluster is checked fully. */
  public static final Shape.Obj CLUSTER_SET_DECLARATION =
      clusterSet(mapOf("A cluster entry with {{column}} placeholders", any("Value")));

  private static Shape.Obj clusterSet(Shape template) {
    return obj("Near-identical clusters stamped from one template, one per inventory row")
        .required("name", str("Name of the set, for diagnostics and explain"))
        .field("profile", str("Profile every member uses"))
        .field(
            "inventory",
            str(
                "CSV file with a header row naming the columns, relative to the fleet file's"
                    + " folder"))
        .field(
            "members",
            list(
                "The rows inline, instead of an inventory file",
                mapOf("One member: column name to value", any("Value"))))
        .required(
            "cluster",
            template instanceof Shape.Obj obj
                ? new Shape.Obj(
                    "A cluster entry; {{column}} in any string is replaced from the row",
                    obj.fields(),
                    obj.required(),
                    obj.values())
                : template)
        .build();
  }

  public static final Shape.Obj FLEET =
      obj("A fleet of Kubernetes clusters")
          .required("apiVersion", oneOf("Language version", API_VERSION))
          .required("kind", oneOf("Document kind", KIND))
          .required(
              "metadata",
              obj("Fleet metadata").required("name", str("Fleet name (DNS-1123 label)")).build())
          .field("defaults", SETTINGS)
          .field("profiles", mapOf("Named settings shared by clusters", SETTINGS))
          .field("clusters", list("The clusters", CLUSTER))
          .field("clusterSets", list("Clusters stamped from an inventory", CLUSTER_SET))
          .field("rollout", ROLLOUT)
          .build();

  private FleetSchema() {}
}
