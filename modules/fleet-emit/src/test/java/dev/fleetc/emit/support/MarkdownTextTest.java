package dev.fleetc.emit.support;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A value shown in a code span or a fenced block reads back as exactly that value under
 * CommonMark's rules, whatever backticks and spaces it holds (issue 18: a run of backticks closed
 * its span in the plan CI posts, and what followed became live Markdown).
 */
class MarkdownTextTest {

  @Property(tries = 2000)
  void aCodeSpanShowsExactlyItsValue(@ForAll("backtickText") String value) {
    assertThat(readCodeSpan(MarkdownText.codeSpan(value))).isEqualTo(value);
  }

  @Example
  void spansOfPlainValuesAreUnchanged() {
    assertThat(MarkdownText.codeSpan("clusters/edge")).isEqualTo("`clusters/edge`");
    assertThat(MarkdownText.codeSpan("a``b")).isEqualTo("```a``b```");
    assertThat(MarkdownText.codeSpan("`x")).isEqualTo("`` `x ``");
  }

  @Example
  void noLineOfTheBodyClosesTheFence() {
    String body = "+ ```\n  ````\n- `````` x\n";
    String fence = MarkdownText.fence(body, 4);
    assertThat(fence).hasSize(7);
    for (String line : body.split("\n")) {
      assertThat(line.strip()).doesNotStartWith(fence);
    }
  }

  @Provide
  Arbitrary<String> backtickText() {
    return Arbitraries.strings()
        .withChars('`', ' ', 'a', '|', '[', ']', '(', ')')
        .ofMinLength(1)
        .ofMaxLength(12);
  }

  /**
   * CommonMark 0.31.2, 6.1: a span opens with a backtick string and closes at the next backtick
   * string of the same length; a line ending is a space; if the content starts and ends with a
   * space and is not only spaces, one space is removed from each side. Returns null when the text
   * is not one code span from start to end.
   */
  static String readCodeSpan(String span) {
    int open = 0;
    while (open < span.length() && span.charAt(open) == '`') {
      open++;
    }
    int i = open;
    while (i < span.length()) {
      if (span.charAt(i) != '`') {
        i++;
        continue;
      }
      int run = i;
      while (run < span.length() && span.charAt(run) == '`') {
        run++;
      }
      if (run - i == open) {
        if (run != span.length()) {
          return null; // closed early: the rest is live Markdown
        }
        String content = span.substring(open, i).replace('\n', ' ');
        if (content.length() >= 2
            && content.startsWith(" ")
            && content.endsWith(" ")
            && !content.isBlank()) {
          content = content.substring(1, content.length() - 1);
        }
        return content;
      }
      i = run;
    }
    return null;
  }
}
