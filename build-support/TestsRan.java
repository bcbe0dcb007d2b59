import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Fails the build when a test class of a module did not run. Run by Maven in the verify phase of
 * every module (see the parent pom) as a single-file program: {@code java TestsRan.java MODULE_DIR}.
 *
 * <p>A class counts as a test class when its source declares a JUnit 5, jqwik or Jazzer test
 * method and the class is not abstract; it has run when Surefire wrote its {@code TEST-*.xml}
 * report. A name the runner's patterns do not pick up is a test that silently never runs.
 */
public class TestsRan {

  private static final Pattern TEST_ANNOTATION =
      Pattern.compile(
          "@(Test|ParameterizedTest|RepeatedTest|TestFactory|TestTemplate|Property|Example"
              + "|FuzzTest)\\b");
  private static final Pattern ABSTRACT_CLASS = Pattern.compile("\\babstract\\s+class\\b");

  public static void main(String[] args) throws IOException {
    Path module = Path.of(args[0]);
    Path sources = module.resolve("src/test/java");
    Path reports = module.resolve("target/surefire-reports");
    if (!Files.isDirectory(sources)) {
      return;
    }
    List<String> testClasses;
    try (Stream<Path> files = Files.walk(sources)) {
      testClasses =
          files
              .filter(file -> file.toString().endsWith(".java"))
              .filter(TestsRan::declaresTests)
              .map(file -> className(sources, file))
              .sorted()
              .toList();
    }
    List<String> neverRan =
        testClasses.stream()
            .filter(name -> !Files.exists(reports.resolve("TEST-" + name + ".xml")))
            .toList();
    if (!neverRan.isEmpty()) {
      System.err.printf(
          "%s: %d test class(es) declare tests but did not run (check their names against"
              + " Surefire's includes):%n",
          module.getFileName(), neverRan.size());
      neverRan.forEach(name -> System.err.println("  " + name));
      System.exit(1);
    }
    System.out.printf(
        "%s: all %d test classes ran%n", module.getFileName(), testClasses.size());
  }

  private static boolean declaresTests(Path file) {
    try {
      String source = Files.readString(file);
      return TEST_ANNOTATION.matcher(source).find() && !ABSTRACT_CLASS.matcher(source).find();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static String className(Path sources, Path file) {
    String relative = sources.relativize(file).toString();
    return relative.substring(0, relative.length() - ".java".length()).replace('/', '.');
  }
}
