package io.antbot.security.threat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Set;

/**
 * Decides whether a value carries server-side code for a JavaScript (Node.js), Ruby or Java
 * runtime, or a serialized Java object: reaching the process or a module that runs commands ({@code
 * require('child_process')}, {@code process.mainModule}, {@code Process.spawn}, {@code
 * Runtime.getRuntime()}), building a function from a string ({@code constructor.constructor}),
 * polluting prototypes ({@code __proto__}, {@code constructor.prototype}), a loop that never ends
 * ({@code while(1)}, {@code while(!0)}), Node's file-system and child_process calls ({@code
 * fs.unlinkSync(}, {@code spawn('id')}), or the magic bytes of Java serialization ({@code
 * aced0005}, Base64 {@code rO0AB}); and the same once decoded from Base64 ({@link #detectEncoded}).
 */
final class CodeInjectionDetector {

  private static final String[] MODULES = {
    "child_process",
    "fs",
    "net",
    "vm",
    "os",
    "http",
    "https",
    "dgram",
    "cluster",
    "worker_threads",
    "process",
    "module"
  };

  /** Member accesses no data value contains: each reaches a runtime's process or class loader. */
  private static final String[] REACHES = {
    "child_process",
    "process.mainmodule",
    "process.binding",
    "process.dlopen",
    "process.kill",
    "process.exit",
    "global.process",
    "globalthis.process",
    "process.env",
    "mainmodule.require",
    "constructor.constructor",
    "constructor['constructor']",
    "constructor[\"constructor\"]",
    "__definegetter__",
    "__definesetter__",
    "__lookupgetter__",
    "_$$nd_func$$_",
    "__js_function",
    "process['",
    "process[\"",
    "global['",
    "global[\"",
    "globalthis['",
    "globalthis[\"",
    "mainmodule['",
    "mainmodule[\"",
    ".execsync(",
    ".spawnsync(",
    ".execfile(",
    ".readfilesync(",
    ".readdirsync(",
    ".writefilesync(",
    "process.spawn",
    "kernel.exec",
    "kernel.system",
    "kernel.spawn",
    "kernel.open",
    "io.popen",
    "open3.",
    "%x(",
    "runtime.getruntime",
    "java.lang.runtime",
    "java.lang.processbuilder",
    "new processbuilder",
    "java.lang.system",
    "class.forname(",
    "javax.script",
    "scriptenginemanager",
    "@java.lang.",
    "#_memberaccess",
    "ognlcontext",
    "java.io.file",
    "java.net.url",
    "org.apache.commons.collections",
    "invokertransformer",
    "ysoserial",
    "sun.misc.unsafe",
    "jdk.jshell"
  };

  /**
   * Node's file-system functions: called on {@code fs} (or on a module loaded by a call, {@code
   * require('fs').x(}), or in their {@code Sync} form on anything.
   */
  private static final Set<String> FILE_SYSTEM_CALLS =
      Set.of(
          "readfile",
          "writefile",
          "appendfile",
          "unlink",
          "rm",
          "rmdir",
          "mkdir",
          "mkdtemp",
          "readdir",
          "opendir",
          "rename",
          "copyfile",
          "cp",
          "symlink",
          "link",
          "chmod",
          "lchmod",
          "chown",
          "lchown",
          "truncate",
          "ftruncate",
          "open",
          "createreadstream",
          "createwritestream",
          "watch",
          "watchfile",
          "unwatchfile",
          "stat",
          "lstat",
          "fstat",
          "readlink",
          "realpath",
          "access",
          "exists",
          "utimes",
          "lutimes",
          "futimes",
          "fsync",
          "fdatasync",
          "close",
          "write",
          "writev",
          "read",
          "readv");

  /** child_process functions, called by their bare name once destructured. */
  private static final Set<String> PROCESS_CALLS =
      Set.of("spawn", "spawnsync", "execfile", "execfilesync", "execsync", "fork");

  /**
   * Base64 spellings of what a Node payload carries when it is sent encoded ({@code
   * node-serialize}'s function marker, {@code child_process}, {@code __proto__}), one per
   * alignment, and the opening of an encoded JSON object: what marks a value worth decoding.
   */
  static final String[] ENCODED_MARKERS = {
    "xyqktkrfrlvoqyqk",
    "je5ex0zvtkmk",
    "jcrorf9gvu5djcrf",
    "y2hpbgrfchjvy2vz",
    "awxkx3byb2nl",
    "agfszf9wcm9jzxnz",
    "x19wcm90b19f",
    "chjvdg9f",
    "x3byb3rv",
    "pd9wah",
    "eyj"
  };

  private CodeInjectionDetector() {}

  /**
   * What {@link #detect} finds in a Base64 run of the raw value once decoded (CRS decodes Base64
   * for this class too: a serialized function travels encoded in a cookie), or {@code null}.
   */
  static String detectEncoded(String raw) {
    if (raw == null || raw.length() < 16) {
      return null;
    }
    String lower = raw.toLowerCase(Locale.ROOT);
    boolean marked = false;
    for (String marker : ENCODED_MARKERS) {
      marked |= lower.contains(marker);
    }
    if (!marked) {
      return null;
    }
    String value = raw.indexOf('%') >= 0 ? InputNormalizer.urlDecode(raw, false) : raw;
    int n = Math.min(value.length(), 16384);
    int start = -1;
    for (int i = 0; i <= n; i++) {
      char c = i < n ? value.charAt(i) : ' ';
      boolean base64 =
          c >= 'a' && c <= 'z'
              || c >= 'A' && c <= 'Z'
              || c >= '0' && c <= '9'
              || c == '+'
              || c == '/'
              || c == '-'
              || c == '_'
              || c == '=';
      if (base64 && start < 0) {
        start = i;
      } else if (!base64 && start >= 0) {
        if (i - start >= 16) {
          String decoded = decodeBase64(value.substring(start, i));
          String reason = decoded == null ? null : detect(decoded);
          if (reason == null && decoded != null && decoded.contains("<?php")) {
            reason = "a PHP opening tag";
          }
          if (reason != null) {
            return reason + " (Base64-encoded)";
          }
        }
        start = -1;
      }
    }
    return null;
  }

  private static String decodeBase64(String run) {
    String text = run;
    int end = text.length();
    while (end > 0 && text.charAt(end - 1) == '=') {
      end--;
    }
    text = text.substring(0, end);
    if (text.length() % 4 == 1) {
      return null;
    }
    boolean urlSafe = text.indexOf('-') >= 0 || text.indexOf('_') >= 0;
    try {
      byte[] bytes =
          (urlSafe ? Base64.getUrlDecoder() : Base64.getDecoder())
              .decode(text + "==".substring(0, (4 - text.length() % 4) % 4));
      return new String(bytes, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException notBase64) {
      return null;
    }
  }

  static String detect(String s) {
    for (String reach : REACHES) {
      if (s.contains(reach)) {
        return "code reaching " + reach;
      }
    }
    String pollution = prototypePollution(s);
    if (pollution != null) {
      return pollution;
    }
    String module = requiredModule(s);
    if (module != null) {
      return module;
    }
    if (s.contains("aced0005") || s.contains("ro0ab")) {
      return "a serialized Java object";
    }
    if (s.contains("for(;;)") || s.contains("for (;;)") || endlessWhile(s)) {
      return "a loop that never ends";
    }
    String call = fileSystemCall(s);
    if (call != null) {
      return call;
    }
    return processCall(s);
  }

  /**
   * {@code while(…)} over a condition that is always true: a literal ({@code 1}, {@code true},
   * {@code "x"}, {@code []}, {@code {}}, {@code Infinity}), a negated false value ({@code !0},
   * {@code !false}, {@code !null}, {@code !''}), a built-in object or a new one — what blocks
   * Node's one thread.
   */
  private static boolean endlessWhile(String s) {
    int at = s.indexOf("while");
    while (at >= 0) {
      int i = at + 5;
      while (i < s.length() && s.charAt(i) == ' ') {
        i++;
      }
      if (i < s.length() && s.charAt(i) == '(' && (at == 0 || !isWordChar(s.charAt(at - 1)))) {
        i++;
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '(')) {
          i++;
        }
        int close = s.indexOf(')', i);
        String condition = close < 0 ? "" : s.substring(i, close).strip();
        int after = close + 1;
        while (after > 0 && after < s.length() && " )".indexOf(s.charAt(after)) >= 0) {
          after++;
        }
        // a loop's body or the statement's end follows, as no prose does ("while (this) lasts")
        boolean body = close > 0 && (after >= s.length() || "{;".indexOf(s.charAt(after)) >= 0);
        if (body && alwaysTrue(condition) || condition.equals("true")) {
          return true;
        }
      }
      at = s.indexOf("while", at + 5);
    }
    return false;
  }

  private static final Set<String> TRUE_CONDITIONS =
      Set.of(
          "true",
          "infinity",
          "-infinity",
          "this",
          "object",
          "string",
          "array",
          "function",
          "boolean",
          "window",
          "globalthis",
          "[]",
          "{}",
          "!![]",
          "!!{}");

  private static final Set<String> FALSE_VALUES =
      Set.of("0", "false", "null", "undefined", "nan", "''", "\"\"", "``", "-0", "+0");

  private static boolean alwaysTrue(String condition) {
    if (condition.isEmpty() || condition.length() > 40) {
      return false;
    }
    if (TRUE_CONDITIONS.contains(condition) || condition.startsWith("new ")) {
      return true;
    }
    if (condition.startsWith("!") && !condition.startsWith("!!")) {
      return FALSE_VALUES.contains(condition.substring(1).strip());
    }
    char first = condition.charAt(0);
    if (first == '\'' || first == '"' || first == '`') {
      return condition.length() > 2 && condition.charAt(condition.length() - 1) == first;
    }
    String number = condition.startsWith("-") ? condition.substring(1) : condition;
    if (!number.isEmpty() && number.charAt(0) >= '1' && number.charAt(0) <= '9') {
      for (int i = 1; i < number.length(); i++) {
        if (!Character.isDigit(number.charAt(i))) {
          return condition.matches("(\\d+) ?===? ?\\1");
        }
      }
      return true;
    }
    return false;
  }

  /** {@code fs.unlinkSync(}, {@code require('fs').readFile(}, {@code x.lstatSync(}. */
  private static String fileSystemCall(String s) {
    int dot = s.indexOf('.');
    while (dot >= 0) {
      int end = dot + 1;
      while (end < s.length() && isWordChar(s.charAt(end))) {
        end++;
      }
      int open = end;
      while (open < s.length() && s.charAt(open) == ' ') {
        open++;
      }
      if (end > dot + 1 && open < s.length() && s.charAt(open) == '(') {
        String name = s.substring(dot + 1, end);
        boolean sync = name.endsWith("sync") && name.length() > 4;
        String stem = sync ? name.substring(0, name.length() - 4) : name;
        boolean onFs =
            dot >= 2 && s.startsWith("fs", dot - 2) && (dot == 2 || !isWordChar(s.charAt(dot - 3)))
                || dot >= 8 && s.startsWith("promises", dot - 8)
                || dot >= 4 && (s.startsWith("fs')", dot - 4) || s.startsWith("fs\")", dot - 4));
        if (FILE_SYSTEM_CALLS.contains(stem) && (sync || onFs)) {
          return "a Node.js file-system call " + name;
        }
      }
      dot = s.indexOf('.', dot + 1);
    }
    return null;
  }

  /** {@code spawn('ls')}, {@code execFile("id")}: a child_process function given a command. */
  private static String processCall(String s) {
    for (String name : PROCESS_CALLS) {
      int at = s.indexOf(name);
      while (at >= 0) {
        int open = at + name.length();
        while (open < s.length() && s.charAt(open) == ' ') {
          open++;
        }
        boolean starts = at == 0 || !isWordChar(s.charAt(at - 1));
        if (starts
            && open + 1 < s.length()
            && s.charAt(open) == '('
            && "'\"`".indexOf(s.charAt(open + 1)) >= 0) {
          return "the child_process function " + name + " given a command";
        }
        at = s.indexOf(name, at + 1);
      }
    }
    return null;
  }

  private static boolean isWordChar(char c) {
    return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '$';
  }

  /** {@code __proto__}, or {@code constructor} followed by {@code prototype} as a member. */
  private static String prototypePollution(String s) {
    if (s.contains("__proto__")) {
      return "prototype pollution (__proto__)";
    }
    int at = s.indexOf("constructor");
    while (at >= 0) {
      int i = at + "constructor".length();
      boolean quoted = i < s.length() && (s.charAt(i) == '"' || s.charAt(i) == '\'');
      while (i < s.length()
          && (".[]'\" ".indexOf(s.charAt(i)) >= 0 || quoted && ":{".indexOf(s.charAt(i)) >= 0)) {
        i++;
      }
      if (i > at + "constructor".length() && s.startsWith("prototype", i)) {
        return "prototype pollution (constructor.prototype)";
      }
      at = s.indexOf("constructor", i);
    }
    return null;
  }

  /** {@code require('child_process')} and the like, or a dynamic {@code import('fs')}. */
  private static String requiredModule(String s) {
    for (String call : new String[] {"require", "import"}) {
      int at = s.indexOf(call);
      while (at >= 0) {
        int i = at + call.length();
        while (i < s.length() && s.charAt(i) == ' ') {
          i++;
        }
        if (i + 1 < s.length() && s.charAt(i) == '(') {
          i++;
          while (i < s.length() && s.charAt(i) == ' ') {
            i++;
          }
          if (i < s.length() && "'\"`".indexOf(s.charAt(i)) >= 0) {
            int end = s.indexOf(s.charAt(i), i + 1);
            String name = end < 0 || end - i > 40 ? "" : s.substring(i + 1, end);
            if (name.startsWith("node:")) {
              name = name.substring(5);
            }
            for (String module : MODULES) {
              if (module.equals(name)) {
                return "a script loading the module " + name;
              }
            }
          }
        }
        at = s.indexOf(call, at + 1);
      }
    }
    return null;
  }
}
