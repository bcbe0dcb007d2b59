package dev.fleetc.emit.gitops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.cel.runtime.CelUnknownSet;
import dev.fleetc.emit.Artifact;
import dev.fleetc.model.Cluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.lib.jse.JsePlatform;

/**
 * The Plan health gate as each engine runs it, on Plans recorded in the states the
 * system-upgrade-controller (v0.20.1) leaves them in ({@code src/test/resources/suc-plans/}): the
 * Flux expressions taken from the emitted {@code system-upgrade.yaml}, evaluated by cel-java the
 * way kustomize-controller does (the object's top-level fields as variables, the strings extension,
 * {@code failed} before {@code current}, neither true: in progress, an evaluation error: not
 * ready), and the Lua script taken from the emitted {@code argocd-cm} patch, run by LuaJ with the
 * object as {@code obj}, as Argo CD runs it.
 */
class PlanHealthTest {

  private static final Path PLANS = Path.of("src", "test", "resources", "suc-plans");
  private static String fluxCurrent;
  private static String fluxFailed;
  private static String argoCdLua;

  @BeforeAll
  static void emittedGate() throws IOException {
    Cluster flux =
        GitOpsEmitterTest.compile(
                Path.of("src", "test", "resources", "golden", "k3s-suc-upgrades", "fleet.yaml"))
            .cluster("shop")
            .orElseThrow();
    Cluster argo =
        GitOpsEmitterTest.compile(
                Path.of("src", "test", "resources", "golden", "gitops-argocd", "fleet.yaml"))
            .cluster("lab")
            .orElseThrow();
    GitOpsEmitter emitter = new GitOpsEmitter();
    for (Artifact a : emitter.emit(flux)) {
      if (a.path().endsWith("/system-upgrade.yaml")) {
        Map<?, ?> plans = (Map<?, ?>) CrdSchemas.documents(a.content()).get(1);
        Map<?, ?> expr =
            (Map<?, ?>) ((List<?>) ((Map<?, ?>) plans.get("spec")).get("healthCheckExprs")).get(0);
        assertThat(expr.get("apiVersion")).isEqualTo("upgrade.cattle.io/v1");
        assertThat(expr.get("kind")).isEqualTo("Plan");
        fluxCurrent = (String) expr.get("current");
        fluxFailed = (String) expr.get("failed");
      }
    }
    for (Artifact a : emitter.emit(argo)) {
      if (a.path().endsWith("/argocd/argocd-cm-plan-health.yaml")) {
        Map<?, ?> cm = (Map<?, ?>) CrdSchemas.documents(a.content()).get(0);
        argoCdLua =
            (String)
                ((Map<?, ?>) cm.get("data"))
                    .get("resource.customizations.health.upgrade.cattle.io_Plan");
      }
    }
    assertThat(fluxCurrent).isNotNull();
    assertThat(fluxFailed).isNotNull();
    assertThat(argoCdLua).isNotNull();
  }

  @ParameterizedTest(name = "{0}: Flux {1}, Argo CD {2}")
  @CsvSource({
    "not-applied, Unknown, Progressing",
    "in-progress, InProgress, Progressing",
    "waiting-for-window, InProgress, Progressing",
    "previous-version-complete, InProgress, Progressing",
    "complete-with-nodes, Current, Healthy",
    "vacuously-complete, Failed, Degraded",
    "failed, Failed, Degraded",
    "invalid, Failed, Degraded",
  })
  void verdicts(String recorded, String flux, String argoCd) throws Exception {
    Map<String, Object> plan = read(recorded);
    assertThat(fluxStatus(plan)).as("Flux on %s", recorded).isEqualTo(flux);
    assertThat(argoCdStatus(plan)).as("Argo CD on %s", recorded).isEqualTo(argoCd);
  }

  /** kustomize-controller's StatusEvaluator (fluxcd/pkg runtime/cel): failed, then current. */
  private static String fluxStatus(Map<String, Object> plan) throws Exception {
    try {
      if (evaluate(fluxFailed, plan)) {
        return "Failed";
      }
      if (evaluate(fluxCurrent, plan)) {
        return "Current";
      }
      return "InProgress";
    } catch (CelEvaluationException | NoVerdict e) {
      // cel-go (Flux) fails on a variable the object lacks (a Plan with no status yet); kstatus
      // then reports the object Unknown and Flux keeps waiting until its timeout.
      return "Unknown";
    }
  }

  private static boolean evaluate(String expression, Map<String, Object> plan) throws Exception {
    CelCompiler compiler =
        CelCompilerFactory.standardCelCompilerBuilder()
            .addVar("apiVersion", SimpleType.DYN)
            .addVar("kind", SimpleType.DYN)
            .addVar("metadata", SimpleType.DYN)
            .addVar("spec", SimpleType.DYN)
            .addVar("status", SimpleType.DYN)
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addLibraries(CelExtensions.strings())
            .build();
    CelRuntime runtime =
        CelRuntimeFactory.standardCelRuntimeBuilder().addLibraries(CelExtensions.strings()).build();
    Object result = runtime.createProgram(compiler.compile(expression).getAst()).eval(plan);
    if (result instanceof CelUnknownSet) {
      // cel-java's word for the same thing: the expression reads a variable that is not bound.
      throw new NoVerdict();
    }
    assertThat(result).as(expression).isInstanceOf(Boolean.class);
    return (Boolean) result;
  }

  private static final class NoVerdict extends Exception {
    private static final long serialVersionUID = 1L;
  }

  private static String argoCdStatus(Map<String, Object> plan) {
    Globals globals = JsePlatform.standardGlobals();
    globals.set("obj", toLua(plan));
    LuaValue hs = globals.load(argoCdLua, "health.lua").call();
    assertThat(hs.get("message").isstring()).as("message of %s", hs).isTrue();
    return hs.get("status").tojstring();
  }

  private static LuaValue toLua(Object value) {
    if (value instanceof Map<?, ?> map) {
      LuaTable table = new LuaTable();
      map.forEach((k, v) -> table.set(String.valueOf(k), toLua(v)));
      return table;
    }
    if (value instanceof List<?> list) {
      LuaTable table = new LuaTable();
      for (int i = 0; i < list.size(); i++) {
        table.set(i + 1, toLua(list.get(i)));
      }
      return table;
    }
    if (value instanceof Boolean b) {
      return LuaValue.valueOf(b);
    }
    if (value instanceof Number n) {
      return LuaValue.valueOf(n.doubleValue());
    }
    return value == null ? LuaValue.NIL : LuaValue.valueOf(String.valueOf(value));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> read(String name) throws IOException {
    return (Map<String, Object>)
        longs(CrdSchemas.documents(Files.readString(PLANS.resolve(name + ".yaml"))).get(0));
  }

  /** CEL integers are 64-bit: YAML's small integers become longs, as in Go's unstructured. */
  private static Object longs(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), longs(v)));
      return out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(v -> out.add(longs(v)));
      return out;
    }
    if (value instanceof Integer i) {
      return i.longValue();
    }
    return value;
  }
}
