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
 *   <li>breaking out of a script string: a quote, an operator and a call ({@code '-alert(1)//}), or
 *       an assignment of a string to the location ({@code ';location="//evil"//});
 *   <li>a script URL inside CSS ({@code url(javascript…}, CSS escapes resolved), a {@code
 *       javascript:} scheme split by a white space character browsers ignore (even {@code java
 *       script:} when the space came from a character reference), {@code -moz-binding},
 *       {@code @import}, a {@code data:} URL carrying markup, UTF-7 markup ({@code
 *       +ADw-script+AD4-});
 *   <li>calls without a plain call: tagged templates, {@code ?.(}, {@code (alert)(1)}, {@code
 *       .call}/{@code .apply}, a sink as a callback or a template interpolation;
 *   <li>a sink handed over without a call: set as a function the browser calls by itself ({@code
 *       window.onerror=alert}, {@code valueOf=alert}), stored in a name that is then called ({@code
 *       x=alert;x(1)}), or given to {@code Reflect.apply} / {@code Function.prototype.call};
 *   <li>DOM members only script names ({@code .parentNode}), JSFuck ({@code (![]+[])[+[]]}) and its
 *       atoms ({@code !![]}, {@code !+[]}), and markup written with the high bit set ({@code
 *       ¼script¾}).
 * </ul>
 *
 * (A value that is only an event handler's name, {@code onMouseOver}, is {@link
 * HtmlInjectionDetector}'s.)
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

  /**
   * Sinks that are neither English words nor their abbreviations ({@code eval (v2)} is prose): any
   * argument makes a call of them code.
   */
  private static final Set<String> CODE_ONLY_SINKS =
      Set.of(
          "settimeout",
          "setinterval",
          "setimmediate",
          "execscript",
          "atob",
          "btoa",
          "fromcharcode",
          "importscripts",
          "globaleval");

  /**
   * DOM members that only script names: reached from anything ({@code x.parentNode}, {@code
   * a.innerHTML=}), they are script whatever the object.
   */
  private static final String[] DOM_MEMBERS = {
    ".parentnode",
    ".innerhtml",
    ".outerhtml",
    ".insertadjacenthtml",
    ".documentelement",
    ".ownerdocument",
    ".contentwindow",
    ".contentdocument",
    ".appendchild",
    ".createelement",
    ".getelementby",
    ".queryselector",
    ".fromcharcode",
    ".srcdoc"
  };

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
          "location",
          "this");

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
    return detect(s, false);
  }

  /**
   * @param escaped whether the value carried character references or script escapes (see {@link
   *     InputNormalizer.Normalized#escaped()})
   */
  static String detect(String s, boolean escaped) {
    boolean call = s.indexOf('(') >= 0 || s.indexOf('`') >= 0;
    boolean member = s.indexOf('.') >= 0 || s.indexOf('[') >= 0;
    String compact = call || member ? JsText.compact(s) : s;
    String reason = call ? JsText.sinkCall(compact, SINKS, CODE_ONLY_SINKS) : null;
    if (reason != null) {
      return reason;
    }
    reason = member ? globalAccess(compact) : null;
    if (reason != null) {
      return reason;
    }
    reason = compact.indexOf('=') > 0 || call ? sinkHandedOver(compact) : null;
    if (reason != null) {
      return reason;
    }
    if (member && compact.indexOf('.') >= 0) {
      for (String dom : DOM_MEMBERS) {
        int at = compact.indexOf(dom);
        if (at > 0
            && (Character.isLetterOrDigit(compact.charAt(at - 1))
                || ")]".indexOf(compact.charAt(at - 1)) >= 0)) {
          return "a DOM member only script names: " + dom;
        }
      }
    }
    if (member && JsText.symbolOnlyCode(compact, 6)) {
      return "JavaScript written with brackets and signs only";
    }
    if (member && JsText.coercionAtom(s, compact)) {
      return "a JSFuck atom (an array coerced by a negation)";
    }
    if (compact.contains("@import")
        && (compact.contains("@importurl(")
            || compact.contains("@import'")
            || compact.contains("@import\""))) {
      return "a CSS import";
    }
    if (compact.contains("-moz-binding:") || cssScriptUrl(s, compact)) {
      return "a script URL in CSS";
    }
    if ((s.contains("java") || s.contains("script") || s.contains("vbs"))
        && JsText.splitScheme(s, escaped)) {
      return "a javascript: URL split by white space";
    }
    // UTF-7 markup; a form-encoded value arrives with its plus signs read as spaces
    if (compact.contains("adw-") && (compact.contains("ad4-") || compact.contains("script"))) {
      return "UTF-7 encoded markup";
    }
    int data = s.indexOf("data:");
    int markup = data < 0 ? -1 : s.indexOf('<', data);
    int comma = data < 0 ? -1 : s.indexOf(',', data);
    if (data >= 0 && comma > data && markup > comma && markup < data + 40) {
      return "a data: URL carrying markup";
    }
    if (call && JsText.stringBreakout(s)) {
      return "a script string broken out of";
    }
    if (compact.contains("location=") || compact.contains("location.href=")) {
      String navigation = navigationAfterBreakout(compact);
      if (navigation != null) {
        return navigation;
      }
    }
    return null;
  }

  private static final String[] LOCATION_OWNERS = {
    "", "window.", "document.", "top.", "self.", "parent.", "this."
  };

  /**
   * The page sent elsewhere from a script string broken out of ({@code ';location="//evil"//},
   * {@code "-top.location.href='…'-"}) or from a template literal's interpolation ({@code
   * ${location=…}}): an assignment of a string to the location (not a comparison) right after a
   * quote and a statement or operator character, or right after {@code ${}. Prose does not glue a
   * quote, a semicolon and {@code location="…"} ("the 'location' = HQ" has a space and no
   * operator; {@code "office";location=tokyo} assigns a bare word).
   */
  /**
   * What a navigation assigns: a string literal (quoted or a template), or what carries a string an
   * attacker controls ({@code name}, {@code window.name}) or decodes one ({@code atob(}, {@code
   * unescape(}, {@code decodeURI…(}, {@code String.fromCharCode(}); not a bare word ({@code
   * location=tokyo}).
   */
  private static boolean navigationTarget(String c, int at) {
    if (at >= c.length()) {
      return false;
    }
    char first = c.charAt(at);
    if (first == '\'' || first == '"' || first == '`') {
      return true;
    }
    for (String call : DECODING_CALLS) {
      if (c.startsWith(call, at)) {
        return true;
      }
    }
    for (String name : NAME_SOURCES) {
      int end = at + name.length();
      if (c.startsWith(name, at) && (end == c.length() || ";,)}/".indexOf(c.charAt(end)) >= 0)) {
        return true;
      }
    }
    return false;
  }

  /** Calls that decode a string an attacker wrote into a URL. */
  private static final String[] DECODING_CALLS = {
    "atob(", "unescape(", "decodeuri(", "decodeuricomponent(", "string.fromcharcode("
  };

  /** Names that hold a string an attacker sets: the window's name, which survives navigation. */
  private static final String[] NAME_SOURCES = {"name", "window.name"};

  private static String navigationAfterBreakout(String c) {
    for (int at = c.indexOf("location"); at >= 0; at = c.indexOf("location", at + 1)) {
      int end = at + "location".length();
      if (c.startsWith(".href", end)) {
        end += ".href".length();
      }
      if (end >= c.length()
          || c.charAt(end) != '='
          || c.startsWith("==", end)
          || !navigationTarget(c, end + 1)) {
        continue;
      }
      for (String owner : LOCATION_OWNERS) {
        int start = at - owner.length();
        if (start < 0 || !c.startsWith(owner, start)) {
          continue;
        }
        if (start >= 2 && c.startsWith("${", start - 2)) {
          return "a template literal's interpolation navigating the page";
        }
        if (start >= 2
            && ";,+-|&(".indexOf(c.charAt(start - 1)) >= 0
            && (c.charAt(start - 2) == '\'' || c.charAt(start - 2) == '"')) {
          return "a script string broken out of into a navigation";
        }
      }
    }
    return null;
  }

  /**
   * A sink referred to, not called, where script will call it: assigned to a property the browser
   * calls by itself ({@code .onerror=alert;throw 1}, {@code valueOf=alert;window+''}), assigned to
   * a name that the value then calls ({@code x=alert;x(1)}, {@code a=alert,a`1`}), or handed to
   * {@code Reflect.apply(alert,…)} or {@code .call(alert,…)}. The sink's name must end where a
   * statement or an argument ends ({@code ;}, {@code ,}, {@code )}, {@code \}}, the end), so
   * "valueOf=alert level" (read without spaces as {@code alertlevel}) is prose.
   */
  private static String sinkHandedOver(String c) {
    for (int eq = c.indexOf('='); eq > 0; eq = c.indexOf('=', eq + 1)) {
      char before = c.charAt(eq - 1);
      if (!Character.isLetterOrDigit(before) && before != '_' && before != '$') {
        continue;
      }
      int end = sinkNameEnd(c, eq + 1);
      if (end < 0) {
        continue;
      }
      int start = eq;
      while (start > 0 && isIdentifierChar(c.charAt(start - 1))) {
        start--;
      }
      String target = c.substring(start, eq);
      if (target.equals("valueof")
          || target.equals("tostring")
          || target.length() > 2
              && target.startsWith("on")
              && HtmlInjectionDetector.isKnownEvent(target.substring(2))) {
        return "a sink set as a function the browser calls: " + target;
      }
      if (!target.isEmpty()
          && !Character.isDigit(target.charAt(0))
          && (start == 0 || c.charAt(start - 1) != '.')) {
        for (int use = c.indexOf(target, end); use >= 0; use = c.indexOf(target, use + 1)) {
          int after = use + target.length();
          boolean called = after < c.length() && (c.charAt(after) == '(' || c.charAt(after) == '`');
          if (called && (use == 0 || !isIdentifierChar(c.charAt(use - 1)))) {
            return "a sink stored in a name and called: " + target;
          }
        }
      }
    }
    for (String via : new String[] {"reflect.apply(", ".call(", ".apply("}) {
      for (int at = c.indexOf(via); at >= 0; at = c.indexOf(via, at + 1)) {
        if (sinkNameEnd(c, at + via.length()) > 0) {
          return "a sink handed to " + via;
        }
      }
    }
    return null;
  }

  /** The end of a sink's name at {@code from} when it is referred to (not called), or -1. */
  private static int sinkNameEnd(String c, int from) {
    int end = from;
    while (end < c.length() && Character.isLetter(c.charAt(end))) {
      end++;
    }
    if (end == from || !HANDED_SINKS.contains(c.substring(from, end))) {
      return -1;
    }
    return end == c.length() || ";,)}".indexOf(c.charAt(end)) >= 0 ? end : -1;
  }

  private static boolean isIdentifierChar(char ch) {
    return Character.isLetterOrDigit(ch) || ch == '_' || ch == '$';
  }

  /** Sinks that run or prove script when called with whatever the caller passes. */
  private static final Set<String> HANDED_SINKS =
      Set.of("eval", "alert", "prompt", "confirm", "settimeout", "setinterval", "execscript");

  /**
   * {@code url(javascript:…)}, {@code url('vbscript:…')}, also written with CSS escapes and
   * comments ({@code url(\6a avascript:…)}).
   */
  private static boolean cssScriptUrl(String s, String compact) {
    int url = compact.indexOf("url(");
    if (url < 0) {
      return false;
    }
    String css =
        compact.indexOf('\\') >= 0 || compact.indexOf("/*", url) >= 0
            ? JsText.compact(HtmlInjectionDetector.cssUnescape(s))
            : compact;
    for (int at = css.indexOf("url("); at >= 0; at = css.indexOf("url(", at + 4)) {
      int i = at + 4;
      if (i < css.length() && (css.charAt(i) == '\'' || css.charAt(i) == '"')) {
        i++;
      }
      if (css.startsWith("javascript", i) || css.startsWith("vbscript", i)) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code document.cookie}, {@code window["x"]}, {@code (document)["cookie"]}, {@code top[…](…)}.
   */
  private static String globalAccess(String c) {
    if (c.indexOf('.') < 0 && c.indexOf('[') < 0) {
      return null;
    }
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
          if (next == '.'
              && !global.equals("content")
              && !global.equals("location")
              && !global.equals("this")) {
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
