package io.antbot.security.threat;

import java.util.Set;

/**
 * Cross-site scripting that needs no new tag: script written for a JavaScript context or pasted
 * into a URL or a style. Complements {@link HtmlInjectionDetector}, which reads markup.
 *
 * <ul>
 *   <li>a call of a function that runs a string or proves execution ({@code eval('…')}, {@code
 *       setTimeout(name, 1)}, {@code alert()}, {@code new Function()}), with arguments a program
 *       writes — nothing, a number, a quoted string, a name followed by a comma;
 *   <li>a browser global reached by a member ({@code document /*x*}{@code /.cookie}, {@code
 *       window["alert"]}, {@code top[…](1)}), comments and white space ignored;
 *   <li>breaking out of a script string: a quote, an operator and a call ({@code '-alert(1)//});
 *   <li>a script URL inside CSS ({@code url(javascript…}), a {@code javascript:} scheme split by a
 *       white space character browsers ignore, {@code -moz-binding}, a {@code data:} URL carrying
 *       markup, UTF-7 markup ({@code +ADw-script+AD4-});
 *   <li>a value that is nothing but an event handler's name ({@code onMouseOver}), a probe for an
 *       attribute injection.
 * </ul>
 */
final class ScriptContextDetector {

  private static final Set<String> SINKS =
      Set.of(
          "eval",
          "settimeout",
          "setinterval",
          "setimmediate",
          "execscript",
          "alert",
          "prompt",
          "confirm",
          "atob",
          "btoa",
          "fromcharcode",
          "importscripts",
          "globaleval");

  private static final Set<String> GLOBALS =
      Set.of(
          "document",
          "window",
          "self",
          "top",
          "parent",
          "frames",
          "globalthis",
          "opener",
          "content",
          "location");

  private static final Set<String> MEMBERS =
      Set.of(
          "cookie",
          "domain",
          "write",
          "writeln",
          "location",
          "alert",
          "eval",
          "open",
          "localstorage",
          "sessionstorage",
          "documenturi",
          "baseuri",
          "referrer",
          "body",
          "createelement",
          "innerhtml",
          "outerhtml",
          "execcommand",
          "href",
          "name");

  private ScriptContextDetector() {}

  static String detect(String s) {
    String compact = JsText.compact(s);
    String reason = JsText.sinkCall(compact, SINKS);
    if (reason != null) {
      return reason;
    }
    reason = globalAccess(compact);
    if (reason != null) {
      return reason;
    }
    if (compact.contains("url(javascript")
        || compact.contains("url('javascript")
        || compact.contains("url(\"javascript")
        || compact.contains("-moz-binding:")) {
      return "a script URL in CSS";
    }
    if (JsText.splitScheme(s)) {
      return "a javascript: URL split by white space";
    }
    if (compact.contains("+adw-") && (compact.contains("+ad4-") || compact.contains("script"))) {
      return "UTF-7 encoded markup";
    }
    int data = s.indexOf("data:");
    int markup = data < 0 ? -1 : s.indexOf('<', data);
    int comma = data < 0 ? -1 : s.indexOf(',', data);
    if (data >= 0 && comma > data && markup > comma && markup < data + 40) {
      return "a data: URL carrying markup";
    }
    if (JsText.stringBreakout(s)) {
      return "a script string broken out of";
    }
    String trimmed = s.strip();
    if (trimmed.length() > 4
        && trimmed.startsWith("on")
        && HtmlInjectionDetector.isKnownEvent(trimmed.substring(2))) {
      return "an event handler name";
    }
    return null;
  }

  /**
   * {@code document.cookie}, {@code window["x"]}, {@code (document)["cookie"]}, {@code top[…](…)}.
   */
  private static String globalAccess(String c) {
    for (String global : GLOBALS) {
      int at = c.indexOf(global);
      while (at >= 0) {
        boolean starts =
            at == 0 || !Character.isLetterOrDigit(c.charAt(at - 1)) && c.charAt(at - 1) != '.';
        int i = at + global.length();
        if (i < c.length() && c.charAt(i) == ')') {
          i++;
        }
        if (starts && i + 1 < c.length()) {
          char next = c.charAt(i);
          if (next == '['
              && (c.charAt(i + 1) == '"' || c.charAt(i + 1) == '\'' || c.charAt(i + 1) == '`')) {
            return "a browser global reached by a string: " + global;
          }
          if (next == '[') {
            int close = c.indexOf(']', i);
            if (close > 0 && close + 1 < c.length() && c.charAt(close + 1) == '(') {
              return "a browser global called through a computed member: " + global;
            }
          }
          if (next == '.' && !global.equals("content") && !global.equals("location")) {
            int end = i + 1;
            while (end < c.length() && Character.isLetter(c.charAt(end))) {
              end++;
            }
            if (MEMBERS.contains(c.substring(i + 1, end))) {
              return "a browser global's member: " + global + "." + c.substring(i + 1, end);
            }
          }
        }
        at = c.indexOf(global, at + 1);
      }
    }
    return null;
  }
}
