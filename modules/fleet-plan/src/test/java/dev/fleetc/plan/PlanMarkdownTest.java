package dev.fleetc.plan;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Issue 18: the plan's code spans (cluster names, subjects, old and new values, files) stay one
 * span whatever backticks a value holds, and the generated files' diff block has a fence no line of
 * the diff can close; otherwise a value becomes a live link in the comment CI posts.
 */
class PlanMarkdownTest {

  @Property(tries = 2000)
  void aValueWithBackticksStaysInsideItsCodeSpan(@ForAll("backtickText") String value) {
    String span = PlanMarkdown.code(value);
    assertThat(closesWhereItEnds(span)).as(span).isTrue();
  }

  @Example
  void aRunOfBackticksCannotOpenALink() {
    String span = PlanMarkdown.code("x`` [click](https://evil.example) ``y");
    assertThat(span).startsWith("```").endsWith("```");
    assertThat(closesWhereItEnds(span)).isTrue();
  }

  @Example
  void theDiffFenceIsLongerThanAnyBacktickRunInTheDiff() {
    assertThat(PlanMarkdown.fence("+a\n-b\n")).isEqualTo("````");
    assertThat(PlanMarkdown.fence(" ````\n+ `````\n")).isEqualTo("``````");
  }

  @Provide
  Arbitrary<String> backtickText() {
    return Arbitraries.strings().withChars('`', ' ', 'a', '[', ']').ofMinLength(1).ofMaxLength(12);
  }

  // CommonMark 6.1: the span that opens at the start closes at the next backtick string of the
  // opening's length; it must be the one at the very end.
  private static boolean closesWhereItEnds(String span) {
    int open = 0;
    while (open < span.length() && span.charAt(open) == '`') {
      open++;
    }
    for (int i = open; i < span.length(); ) {
      if (span.charAt(i) != '`') {
        i++;
        continue;
      }
      int run = i;
      while (run < span.length() && span.charAt(run) == '`') {
        run++;
      }
      if (run - i == open) {
        return run == span.length();
      }
      i = run;
    }
    return false;
  }
}
