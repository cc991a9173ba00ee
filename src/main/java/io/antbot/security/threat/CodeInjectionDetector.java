package io.antbot.security.threat;

/**
 * Decides whether a value carries server-side code for a JavaScript (Node.js), Ruby or Java
 * runtime, or a serialized Java object: reaching the process or a module that runs commands ({@code
 * require('child_process')}, {@code process.mainModule}, {@code Process.spawn}, {@code
 * Runtime.getRuntime()}), building a function from a string ({@code constructor.constructor}),
 * polluting prototypes ({@code __proto__}, {@code constructor.prototype}), a loop that never ends,
 * or the magic bytes of Java serialization ({@code aced0005}, Base64 {@code rO0AB}).
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

  private CodeInjectionDetector() {}

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
    if (s.contains("while(true)")
        || s.contains("while (true)")
        || s.contains("for(;;)")
        || s.contains("for (;;)")) {
      return "a loop that never ends";
    }
    return null;
  }

  /** {@code __proto__}, or {@code constructor} followed by {@code prototype} as a member. */
  private static String prototypePollution(String s) {
    if (s.contains("__proto__")) {
      return "prototype pollution (__proto__)";
    }
    int at = s.indexOf("constructor");
    while (at >= 0) {
      int i = at + "constructor".length();
      while (i < s.length() && ".[]'\" ".indexOf(s.charAt(i)) >= 0) {
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
