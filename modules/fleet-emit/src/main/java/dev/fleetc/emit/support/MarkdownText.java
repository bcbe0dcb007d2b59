package dev.fleetc.emit.support;

/**
 * Values inside generated Markdown (FLEET.md, runbooks, the plan CI posts on a pull request) stay
 * inert text: a code span or fenced block is never closed early by the value it shows, so no
 * backtick run in a value can start a link, an image or HTML.
 */
public final class MarkdownText {

  private MarkdownText() {}

  /**
   * A code span showing {@code text}: its fence is one backtick longer than the longest run of
   * backticks in the text (CommonMark 0.31.2, 6.1 "Code spans": a span ends at a backtick string of
   * the same length), and the text is padded with a space on each side when it starts or ends with
   * a backtick, or starts and ends with a space, because CommonMark strips one space from each side
   * of such content. Line breaks become spaces (they would anyway inside a span, but not inside a
   * table row). Table pipes are the caller's business.
   */
  public static String codeSpan(String text) {
    String body = text.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
    String fence = "`".repeat(longestRun(body, '`') + 1);
    boolean pad =
        body.startsWith("`")
            || body.endsWith("`")
            || (body.length() > 1 && body.startsWith(" ") && body.endsWith(" ") && !body.isBlank());
    return pad ? fence + " " + body + " " + fence : fence + body + fence;
  }

  /**
   * The fence of a fenced code block that no line of {@code body} can close: at least three
   * backticks, one more than the longest run of backticks anywhere in the body.
   */
  public static String fence(String body, int atLeast) {
    return "`".repeat(Math.max(atLeast, longestRun(body, '`') + 1));
  }

  private static int longestRun(String text, char c) {
    int longest = 0;
    int run = 0;
    for (int i = 0; i < text.length(); i++) {
      run = text.charAt(i) == c ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    return longest;
  }
}
