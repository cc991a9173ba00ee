package io.antbot.security.threat;

import java.util.Set;

/**
 * Decides whether a value carries script injection by reading it the way a browser's HTML tokenizer
 * would, instead of matching payloads: a value is dangerous when it opens a tag that runs or loads
 * code, when a tag it opens carries an event handler or a script URL, or when — pasted inside an
 * existing tag — it adds such an attribute.
 *
 * <p>Plain markup ({@code <a href="/path">}, {@code <img class="x">}) and text with angle brackets
 * ({@code I <3 it}, {@code price < 140}) are not injection and pass.
 */
final class HtmlInjectionDetector {

  /**
   * Elements that run, embed or load code or styles, or change where the document's links and forms
   * go.
   */
  private static final Set<String> DANGEROUS_ELEMENTS =
      Set.of(
          "script",
          "iframe",
          "frame",
          "frameset",
          "object",
          "embed",
          "applet",
          "style",
          "link",
          "meta",
          "base",
          "svg",
          "math",
          "xml",
          "import",
          "isindex",
          "form",
          "handler",
          "listener",
          "vmlframe",
          "bgsound",
          "layer",
          "ilayer",
          "portal",
          "animate",
          "set",
          "animatetransform",
          "animatemotion",
          "foreignobject",
          "event-source",
          "eventsource");

  /** URL schemes that run script when a browser follows or loads them. */
  private static final String[] SCRIPT_SCHEMES = {
    "javascript:",
    "vbscript:",
    "livescript:",
    "mocha:",
    "data:text/html",
    "data:text/javascript",
    "data:application/javascript",
    "data:application/x-javascript",
    "data:image/svg",
    "data:text/xml",
    "data:application/xhtml",
    "data:,",
    "data:;base64"
  };

  /**
   * Names that start script without being an {@code on…} handler: Flash's {@code FSCommand} and
   * HTML+TIME's {@code seekSegmentTime}; probed for alone, as handler names are.
   */
  private static final Set<String> SCRIPT_TRIGGER_NAMES = Set.of("fscommand", "seeksegmenttime");

  /**
   * Attributes that send a form, take a whole document or attach code, wherever their value points:
   * {@code <button formaction=…>} hijacks the form it sits in, {@code <iframe srcdoc=…>} renders
   * markup, IE's {@code implementation="#default#time2"} attaches a behaviour.
   */
  private static final Set<String> HIJACKING_ATTRIBUTES =
      Set.of("formaction", "srcdoc", "implementation");

  /**
   * Attributes that make the browser fetch a URL as soon as the markup renders ({@code <img
   * src=…>}, {@code <body background=…>}, {@code <a ping=…>}): injected markup that calls out —
   * tracking, a request forged with the victim's cookies, the usual first probe of an XSS. Links
   * ({@code href}) only go where a user clicks and stay allowed.
   */
  private static final Set<String> LOADING_ATTRIBUTES =
      Set.of("src", "lowsrc", "dynsrc", "background", "ping", "poster", "srcset", "codebase");

  private HtmlInjectionDetector() {}

  /**
   * The name of the construct found in {@code decoded} (normalised, lower case), or {@code null}
   * when none.
   */
  static String detect(String decoded) {
    return detectMarkup(decoded);
  }

  /**
   * A value that is only a tag's opening bracket, {@code <}, is a filter probe when it arrived
   * escaped ({@code &#0060}, {@code &#x3C;}, {@code \u003c}) or URL-encoded more than once ({@code
   * %253C}): the list of every spelling of {@code <} is how an attacker learns which one a filter
   * lets through. A plain or once-encoded {@code <} (a comparator) is data.
   */
  static boolean isLoneOpening(String decoded) {
    return decoded.length() <= 2 && decoded.strip().equals("<");
  }

  /** How many opening tags {@link #isPairedTag} looks at: a bound on its work per value. */
  private static final int PAIRED_TAG_TRIES = 8;

  /**
   * Whether {@code decoded} holds an element: an opening tag {@code <name ...>} and, after it, its
   * closing tag {@code </name>}. Asked of a value read in the US-ASCII encoding ({@code
   * ¼test¾x¼/test¾}, or {@code \xc2\xbcscript\xc2\xbe}, whose UTF-8 lead bytes the 7-bit reader
   * keeps as letters: {@code <scriptb>…</scriptb>}): markup spelled with the high bit set is a
   * filter evasion whatever the element, and text with fractions ("tightened ¼pt, widened ¾pt")
   * opens no element it also closes.
   */
  static boolean isPairedTag(String decoded) {
    int lt = decoded.indexOf('<');
    for (int tries = 0; lt >= 0 && tries < PAIRED_TAG_TRIES; tries++) {
      int nameEnd = nameEnd(decoded, lt + 1);
      int gt = decoded.indexOf('>', nameEnd);
      if (nameEnd > lt + 1
          && Character.isLetter(decoded.charAt(lt + 1))
          && gt > 0
          && decoded.lastIndexOf('<', gt) == lt) {
        String closing = "</" + decoded.substring(lt + 1, nameEnd);
        for (int at = decoded.indexOf(closing, gt);
            at >= 0;
            at = decoded.indexOf(closing, at + 1)) {
          int after = at + closing.length();
          if (after == decoded.length() || decoded.charAt(after) == '>') {
            return true;
          }
        }
      }
      lt = decoded.indexOf('<', lt + 1);
    }
    return false;
  }

  private static String detectMarkup(String decoded) {
    String alone = decoded.strip();
    if (alone.length() > 4 && alone.startsWith("on") && isKnownEvent(alone.substring(2))) {
      // a probe for an attribute injection: the name of an event handler and nothing else
      return "event-handler-name";
    }
    if (SCRIPT_TRIGGER_NAMES.contains(alone)) {
      return "script-trigger-name";
    }
    int lt = decoded.indexOf('<');
    while (lt >= 0) {
      String found = inspectTag(decoded, lt);
      if (found != null) {
        return found;
      }
      lt = decoded.indexOf('<', lt + 1);
    }
    return injectedAttribute(decoded);
  }

  private static String inspectTag(String s, int lt) {
    int n = s.length();
    int i = lt + 1;
    if (i < n && s.charAt(i) == '/') {
      int nameEnd = nameEnd(s, i + 1);
      String closing = localName(s.substring(i + 1, nameEnd));
      return closing.equals("script") || closing.equals("style") ? "closing-" + closing : null;
    }
    if (s.startsWith("?xml", i)) {
      return "xml-processing-instruction";
    }
    if (s.startsWith("![cdata[", i)) {
      // a CDATA section in HTML: markup split so that a filter sees text, a parser sees tags
      return "cdata-section";
    }
    if (s.startsWith("?import", i)) {
      // IE's import of an element behaviour (HTML+TIME): markup that brings its own code
      return "import-processing-instruction";
    }
    if (i >= n || !isLetter(s.charAt(i))) {
      return null;
    }
    int nameEnd = nameEnd(s, i);
    String element = localName(s.substring(i, nameEnd));
    if (DANGEROUS_ELEMENTS.contains(element)) {
      return "element-" + element;
    }
    if (s.startsWith("xsl:", i) || s.startsWith("msxsl:", i)) {
      // an XSLT instruction: a style sheet that transforms the page, and may carry script
      return "element-xsl";
    }
    return inspectAttributes(s, nameEnd, true);
  }

  /**
   * Reads attributes from {@code i} up to the end of the tag. Inside a tag that the value opened,
   * any {@code on...} attribute is a handler; where the value might only be text ({@code inTag ==
   * false}) the name must be a known event.
   */
  private static String inspectAttributes(String s, int i, boolean inTag) {
    int n = s.length();
    int attributes = 0;
    while (i < n && attributes++ < 64) {
      while (i < n && (isSpace(s.charAt(i)) || s.charAt(i) == '/')) {
        i++;
      }
      if (i >= n || s.charAt(i) == '>') {
        return null;
      }
      int nameStart = i;
      i++;
      while (i < n
          && !isSpace(s.charAt(i))
          && s.charAt(i) != '/'
          && s.charAt(i) != '>'
          && s.charAt(i) != '=') {
        i++;
      }
      String name = s.substring(nameStart, i);
      int j = i;
      while (j < n && isSpace(s.charAt(j))) {
        j++;
      }
      String value = null;
      if (j < n && s.charAt(j) == '=') {
        j++;
        while (j < n && isSpace(s.charAt(j))) {
          j++;
        }
        if (j < n && (s.charAt(j) == '"' || s.charAt(j) == '\'' || s.charAt(j) == '`')) {
          int close = s.indexOf(s.charAt(j), j + 1);
          int end = close < 0 ? n : close;
          value = s.substring(j + 1, end);
          i = close < 0 ? n : close + 1;
        } else {
          int end = j;
          while (end < n && !isSpace(s.charAt(end)) && s.charAt(end) != '>') {
            end++;
          }
          value = s.substring(j, end);
          i = end;
        }
      }
      String found = inspectAttribute(name, value, inTag);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private static String inspectAttribute(String rawName, String value, boolean inTag) {
    String qualified = stripLeadingJunk(rawName);
    if (inTag
        && (qualified.startsWith("xlink:")
            || qualified.equals("xmlns")
            || qualified.startsWith("xmlns:"))) {
      // SVG, XHTML or VML markup brought into HTML: how scripts in foreign elements slip past
      return "namespace-markup";
    }
    String name = localName(qualified);
    if (isEventHandler(name) && (inTag || value != null && !value.isBlank())) {
      return "event-handler";
    }
    if (inTag
        && qualified.length() > 4
        && qualified.startsWith("on")
        && junkAfterEvent(qualified)) {
      // onload!#$%&()~=…: old parsers end the name at the first character that is not a letter
      return "event-handler";
    }
    if (value == null) {
      return null;
    }
    if (inTag && HIJACKING_ATTRIBUTES.contains(name) && !value.isBlank()) {
      return name;
    }
    if (inTag && LOADING_ATTRIBUTES.contains(name) && !value.isBlank()) {
      return "loads-" + name;
    }
    String compact = compact(value);
    for (String scheme : SCRIPT_SCHEMES) {
      if (compact.startsWith(scheme)) {
        return "script-url";
      }
    }
    if (compact.startsWith("data:")
        && !compact.matches("data:image/(png|gif|jpe?g|webp|bmp|x-icon|avif)[;,].*")) {
      return "script-url";
    }
    if (name.equals("style")) {
      String css = compact(cssUnescape(value));
      if (css.contains("expression(")
          || css.contains("behavior:")
          || css.contains("behaviour:")
          || css.contains("binding:")
          || css.contains("javascript:")
          || css.contains("vbscript:")
          || css.contains("@import")) {
        return "script-style";
      }
    }
    if (name.equals("dataformatas") && compact.equals("html")) {
      return "data-binding";
    }
    if (name.equals("srcdoc") && value.indexOf('<') >= 0) {
      return "srcdoc";
    }
    return null;
  }

  /**
   * A value pasted inside a tag's attribute: {@code x" onerror=alert(1) x="}, {@code x
   * onmouseover=alert(1)}, {@code x" style=x:expression(...)}. Only a known event name counts here,
   * with a value, so prose such as {@code onion=3} does not.
   */
  private static String injectedAttribute(String s) {
    String hijack = injectedHijackingAttribute(s);
    if (hijack != null) {
      return hijack;
    }
    int style = s.indexOf("style");
    while (style >= 0) {
      boolean boundary =
          style > 0
              && (isSpace(s.charAt(style - 1))
                  || s.charAt(style - 1) == '"'
                  || s.charAt(style - 1) == '\''
                  || s.charAt(style - 1) == '/');
      if (boundary) {
        String found = inspectAttributes(s, style, false);
        if (found != null) {
          return found;
        }
      }
      style = s.indexOf("style", style + 5);
    }
    int at = s.indexOf("on");
    while (at >= 0) {
      boolean boundary =
          at == 0
              || isSpace(s.charAt(at - 1))
              || s.charAt(at - 1) == '"'
              || s.charAt(at - 1) == '\''
              || s.charAt(at - 1) == '/'
              || s.charAt(at - 1) == '`'
              || s.charAt(at - 1) == ';'
              || s.charAt(at - 1) == '{'
              || s.charAt(at - 1) == ',';
      if (boundary) {
        int end = at + 2;
        while (end < s.length() && isLetter(s.charAt(end))) {
          end++;
        }
        int eq = end;
        while (eq < s.length() && isSpace(s.charAt(eq))) {
          eq++;
        }
        if (eq < s.length()
            && s.charAt(eq) == '='
            && KNOWN_EVENTS.contains(s.substring(at + 2, end))) {
          String found = inspectAttributes(s, at, false);
          if (found != null) {
            return found;
          }
        }
      }
      at = s.indexOf("on", at + 2);
    }
    return null;
  }

  /**
   * A value that breaks out of an attribute with a quote and adds one that hijacks the form,
   * renders a document or brings in foreign markup: {@code x" formaction="//evil}, {@code "
   * srcdoc="&lt;script>…}, {@code " xmlns:x="urn:x}, {@code ' xlink:href='javascript:…}. The quote
   * must come first and the attribute must be given a value, so a note that names the attribute
   * ("the formaction field") is prose.
   */
  private static String injectedHijackingAttribute(String s) {
    int quote = firstQuote(s);
    if (quote < 0) {
      return null;
    }
    for (String name : INJECTED_HIJACKING_ATTRIBUTES) {
      for (int at = s.indexOf(name, quote + 1); at > 0; at = s.indexOf(name, at + 1)) {
        char before = s.charAt(at - 1);
        if (!isSpace(before) && before != '"' && before != '\'' && before != '/') {
          continue;
        }
        int end = at + name.length();
        if (name.equals("xmlns") && end < s.length() && s.charAt(end) == ':') {
          end++;
          while (end < s.length() && (isLetter(s.charAt(end)) || s.charAt(end) == '-')) {
            end++;
          }
        }
        while (end < s.length() && isSpace(s.charAt(end))) {
          end++;
        }
        if (end + 1 < s.length() && s.charAt(end) == '=' && !isSpace(s.charAt(end + 1))) {
          return "injected-" + name;
        }
      }
    }
    return null;
  }

  private static int firstQuote(String s) {
    int dq = s.indexOf('"');
    int sq = s.indexOf('\'');
    return dq < 0 ? sq : sq < 0 ? dq : Math.min(dq, sq);
  }

  private static final String[] INJECTED_HIJACKING_ATTRIBUTES = {
    "formaction", "srcdoc", "xmlns", "xlink:href"
  };

  /** Whether {@code name} (lower case, without {@code on}) is a DOM event. */
  static boolean isKnownEvent(String name) {
    return KNOWN_EVENTS.contains(name);
  }

  private static boolean isEventHandler(String name) {
    if (name.length() < 5 || !name.startsWith("on")) {
      return false;
    }
    for (int k = 2; k < name.length(); k++) {
      if (!isLetter(name.charAt(k))) {
        return false;
      }
    }
    return true;
  }

  private static boolean junkAfterEvent(String name) {
    int end = 2;
    while (end < name.length() && isLetter(name.charAt(end))) {
      end++;
    }
    return end < name.length() && KNOWN_EVENTS.contains(name.substring(2, end));
  }

  /** Attribute names as browsers read them after junk such as {@code "/} or a stray quote. */
  private static String stripLeadingJunk(String name) {
    int k = 0;
    while (k < name.length() && !isLetter(name.charAt(k))) {
      k++;
    }
    return name.substring(k);
  }

  /** {@code svg:script} is a script element, {@code x:ontimer} an event attribute. */
  private static String localName(String name) {
    int colon = name.lastIndexOf(':');
    return colon >= 0 && colon + 1 < name.length() ? name.substring(colon + 1) : name;
  }

  /** CSS as the browser reads it: comments dropped, {@code \65} and {@code \e} escapes resolved. */
  static String cssUnescape(String css) {
    StringBuilder out = new StringBuilder(css.length());
    int n = css.length();
    int i = 0;
    while (i < n) {
      char c = css.charAt(i);
      if (c == '/' && i + 1 < n && css.charAt(i + 1) == '*') {
        int end = css.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
      } else if (c == '\\' && i + 1 < n) {
        int j = i + 1;
        int cp = 0;
        while (j < n && j - i <= 6 && Character.digit(css.charAt(j), 16) >= 0) {
          cp = cp * 16 + Character.digit(css.charAt(j), 16);
          j++;
        }
        if (j > i + 1) {
          if (j < n && isSpace(css.charAt(j))) {
            j++;
          }
          if (cp > 0 && cp <= Character.MAX_CODE_POINT) {
            out.appendCodePoint(Character.toLowerCase(cp));
          }
          i = j;
        } else {
          out.append(css.charAt(i + 1));
          i += 2;
        }
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /**
   * Browsers skip white space and control characters inside a URL scheme: {@code java\tscript:}.
   */
  private static String compact(String value) {
    StringBuilder out = new StringBuilder(Math.min(value.length(), 64));
    for (int k = 0; k < value.length() && out.length() < 64; k++) {
      char c = value.charAt(k);
      if (c > ' ' && c != '\\') {
        out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * Where a tag name ends: white space, {@code /}, {@code >}, {@code <}, and {@code +} — a space
   * still form-encoded where no decoder ran ({@code <base+href=…} in a header).
   */
  private static int nameEnd(String s, int from) {
    int end = from;
    while (end < s.length()
        && !isSpace(s.charAt(end))
        && s.charAt(end) != '/'
        && s.charAt(end) != '>'
        && s.charAt(end) != '<'
        && s.charAt(end) != '+') {
      end++;
    }
    return end;
  }

  private static boolean isLetter(char c) {
    return c >= 'a' && c <= 'z';
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
  }

  /** DOM event handler names without their {@code on} prefix. */
  private static final Set<String> KNOWN_EVENTS =
      Set.of(
          "abort",
          "activate",
          "afterprint",
          "afterupdate",
          "dragdrop",
          "resume",
          "rowdelete",
          "urlflip",
          "afterscriptexecute",
          "animationcancel",
          "animationend",
          "animationiteration",
          "animationstart",
          "auxclick",
          "beforeactivate",
          "beforecopy",
          "beforecut",
          "beforedeactivate",
          "beforeinput",
          "beforepaste",
          "beforeprint",
          "beforescriptexecute",
          "beforetoggle",
          "beforeunload",
          "begin",
          "blur",
          "bounce",
          "canplay",
          "canplaythrough",
          "change",
          "click",
          "close",
          "contextmenu",
          "copy",
          "cuechange",
          "cut",
          "dblclick",
          "deactivate",
          "drag",
          "dragend",
          "dragenter",
          "dragleave",
          "dragover",
          "dragstart",
          "drop",
          "durationchange",
          "emptied",
          "end",
          "ended",
          "error",
          "finish",
          "focus",
          "focusin",
          "focusout",
          "formdata",
          "fullscreenchange",
          "hashchange",
          "input",
          "invalid",
          "keydown",
          "keypress",
          "keyup",
          "load",
          "loadeddata",
          "loadedmetadata",
          "loadend",
          "loadstart",
          "message",
          "mousedown",
          "mouseenter",
          "mouseleave",
          "mousemove",
          "mouseout",
          "mouseover",
          "mouseup",
          "mousewheel",
          "offline",
          "online",
          "pagehide",
          "pageshow",
          "paste",
          "pause",
          "play",
          "playing",
          "pointercancel",
          "pointerdown",
          "pointerenter",
          "pointerleave",
          "pointermove",
          "pointerout",
          "pointerover",
          "pointerrawupdate",
          "pointerup",
          "popstate",
          "progress",
          "propertychange",
          "ratechange",
          "readystatechange",
          "repeat",
          "reset",
          "resize",
          "scroll",
          "scrollend",
          "search",
          "seeked",
          "seeking",
          "select",
          "selectionchange",
          "selectstart",
          "show",
          "start",
          "stalled",
          "storage",
          "submit",
          "suspend",
          "timeupdate",
          "toggle",
          "touchend",
          "touchmove",
          "touchstart",
          "transitioncancel",
          "transitionend",
          "transitionrun",
          "transitionstart",
          "unload",
          "volumechange",
          "waiting",
          "wheel",
          "filterchange",
          "help",
          "losecapture",
          "move",
          "moveend",
          "movestart",
          "rowenter",
          "rowexit",
          "rowsdelete",
          "rowsinserted",
          "datasetchanged",
          "dataavailable",
          "errorupdate",
          "controlselect",
          "layoutcomplete",
          "webkitanimationend",
          "webkitanimationstart",
          "webkittransitionend",
          "mozfullscreenchange",
          "beforeeditfocus",
          "beforeupdate",
          "cellchange",
          "datasetcomplete",
          "mediacomplete",
          "mediaerror",
          "outofsync",
          "redo",
          "undo",
          "resizeend",
          "resizestart",
          "reverse",
          "rowsenter",
          "rowinserted",
          "seek",
          "stop",
          "syncrestored",
          "timeerror",
          "trackchange",
          "cancel",
          "contextlost",
          "contextrestored",
          "devicemotion",
          "deviceorientation",
          "deviceorientationabsolute",
          "encrypted",
          "fullscreenerror",
          "gotpointercapture",
          "lostpointercapture",
          "orientationchange",
          "pointerlockchange",
          "pointerlockerror",
          "securitypolicyviolation",
          "slotchange",
          "visibilitychange",
          "waitingforkey",
          "webkitanimationiteration",
          "webkitplaybacktargetavailabilitychanged",
          "webkitmouseforcedown",
          "webkitmouseforceup",
          "webkitmouseforcechanged",
          "webkitmouseforcewillbegin",
          "webkitwillrevealbottom",
          "mozfullscreenerror",
          "mozpointerlockchange",
          "appinstalled",
          "beforeinstallprompt",
          "languagechange",
          "rejectionhandled",
          "unhandledrejection",
          "pagereveal",
          "pageswap",
          "scrollsnapchange",
          "scrollsnapchanging",
          "command",
          "loadingerror",
          "zoom",
          "dragexit",
          "mozbrowserloadend");
}
