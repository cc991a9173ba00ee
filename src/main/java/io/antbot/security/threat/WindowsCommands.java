package io.antbot.security.threat;

import io.antbot.security.threat.ShellTokenizer.Token;
import io.antbot.security.threat.ShellTokenizer.Type;
import java.util.List;
import java.util.Set;

/**
 * The Windows command-line forms {@link CommandInjectionDetector} recognises at a command position:
 * {@code cmd /c}, the batch {@code FOR} and {@code IF} statements, PowerShell cmdlets, {@code net},
 * {@code reg}, {@code sc} and {@code query} with one of their verbs, administration tools with any
 * argument ({@code wmic os get caption}), and {@code /x} switches as a Windows program's options.
 */
final class WindowsCommands {

  private static final Set<String> IF_TESTS =
      Set.of("exist", "defined", "errorlevel", "cmdextversion");
  private static final Set<String> IF_OPERATORS =
      Set.of("equ", "neq", "lss", "leq", "gtr", "geq", "==");

  /** PowerShell's verbs and the nouns attackers pair with them ({@code Invoke-WebRequest}). */
  private static final Set<String> VERBS =
      Set.of(
          "invoke",
          "start",
          "new",
          "get",
          "set",
          "remove",
          "copy",
          "move",
          "out",
          "add",
          "stop",
          "import",
          "export",
          "convertto",
          "convertfrom",
          "register",
          "clear",
          "enable",
          "disable",
          "test",
          "write",
          "read",
          "expand",
          "compress");

  private static final Set<String> NOUNS =
      Set.of(
          "webrequest",
          "restmethod",
          "expression",
          "command",
          "item",
          "process",
          "object",
          "content",
          "childitem",
          "service",
          "wmimethod",
          "wmiobject",
          "ciminstance",
          "cimmethod",
          "file",
          "location",
          "itemproperty",
          "alias",
          "variable",
          "localuser",
          "mppreference",
          "executionpolicy",
          "scheduledtask",
          "psdrive",
          "history",
          "acl",
          "bitstransfer",
          "pssession",
          "netfirewallrule",
          "archive",
          "localgroupmember",
          "clipboard",
          "credential",
          "netconnection",
          "eventlog",
          "computerinfo",
          "hotfix",
          "psreadlineoption");

  private static final Set<String> NET_VERBS =
      Set.of(
          "user",
          "localgroup",
          "group",
          "view",
          "share",
          "use",
          "session",
          "accounts",
          "config",
          "start",
          "stop");

  /**
   * Verbs no English phrase has after the tool's name ({@code net localgroup administrators}): the
   * command needs no switch or path after them to be told from prose.
   */
  private static final Set<String> UNWORDLY_VERBS =
      Set.of("localgroup", "queryex", "sdshow", "sdset");

  /** Verbs of {@code reg}, {@code sc} and {@code query}, whose names are English words too. */
  private static final Set<String> REG_VERBS =
      Set.of("query", "add", "delete", "export", "import", "save", "load", "restore", "compare");

  private static final Set<String> SC_VERBS =
      Set.of(
          "query", "queryex", "qc", "create", "config", "start", "stop", "delete", "sdshow",
          "sdset", "failure");

  private static final Set<String> QUERY_VERBS = Set.of("user", "session", "process", "termserver");

  /**
   * Windows administration tools no prose names and no data value starts with: one of them followed
   * by any word is a command.
   */
  private static final Set<String> ADMIN_TOOLS =
      Set.of(
          "wmic",
          "netsh",
          "vssadmin",
          "bcdedit",
          "wevtutil",
          "schtasks",
          "cmdkey",
          "nltest",
          "dsquery",
          "dsget",
          "icacls",
          "cacls",
          "takeown",
          "auditpol",
          "gpresult",
          "klist",
          "setspn",
          "getmac",
          "driverquery",
          "ntdsutil",
          "diskshadow",
          "esentutl",
          "fsutil",
          "certutil",
          "bitsadmin",
          "regsvr32",
          "rundll32",
          "mshta",
          "cscript",
          "wscript",
          "msiexec",
          "installutil",
          "regasm",
          "regsvcs",
          "msbuild",
          "cmstp",
          "psexec",
          "wbadmin",
          "nbtstat",
          "tasklist",
          "taskkill",
          "systeminfo",
          "ipconfig",
          "qwinsta",
          "quser",
          "forfiles",
          "findstr",
          "robocopy",
          "xcopy",
          "reagentc",
          "winrm",
          "winrs",
          "sfc",
          "tracert",
          "pathping",
          "nslookup");

  /**
   * Programs of a Windows command line that take {@code /x} switches: for them {@code /all} or
   * {@code /svc} is an option, not a path.
   */
  private static final Set<String> SWITCHED =
      Set.of(
          "del",
          "erase",
          "dir",
          "copy",
          "move",
          "ren",
          "rename",
          "rd",
          "rmdir",
          "md",
          "mkdir",
          "type",
          "start",
          "shutdown",
          "attrib",
          "find",
          "sort",
          "tree",
          "more",
          "ping",
          "tracert",
          "pathping",
          "route",
          "netstat",
          "arp",
          "whoami",
          "hostname",
          "runas",
          "at",
          "expand",
          "cipher",
          "compact",
          "format",
          "label",
          "chkdsk",
          "assoc",
          "ftype",
          "timeout",
          "choice",
          "where",
          "reg",
          "sc",
          "net",
          "net1",
          "query",
          "cmd");

  private WindowsCommands() {}

  /**
   * Whether a Windows program is given a switch among the words from {@code from} on ({@code
   * ipconfig /all}, {@code del /f /q x}).
   */
  static boolean switchedOn(String program, List<Token> tokens, int from) {
    if (!SWITCHED.contains(program) && !ADMIN_TOOLS.contains(program)) {
      return false;
    }
    for (int i = from; i < tokens.size() && i < from + 8; i++) {
      Token token = tokens.get(i);
      if (token.type() != Type.WORD) {
        return false;
      }
      if (isSwitch(token.text())) {
        return true;
      }
    }
    return false;
  }

  /** Commands that list, delete or change the files of a drive they are given. */
  private static final Set<String> DRIVE_COMMANDS =
      Set.of("dir", "del", "erase", "rd", "rmdir", "attrib", "icacls", "takeown", "type", "tree");

  /** {@code dir c:\}, {@code del d:\x}: a file command given a path on a drive. */
  static boolean givenDrive(String program, List<Token> tokens, int from) {
    if (!DRIVE_COMMANDS.contains(program) || from >= tokens.size()) {
      return false;
    }
    String word = tokens.get(from).text();
    return word.length() >= 3
        && Character.isLetter(word.charAt(0))
        && word.charAt(1) == ':'
        && (word.charAt(2) == '\\' || word.charAt(2) == '/');
  }

  /** {@code /s}, {@code /all}, {@code /user:admin}, {@code /?}: a slash and a short option name. */
  static boolean isSwitch(String word) {
    if (word.length() < 2 || word.charAt(0) != '/') {
      return false;
    }
    int i = 1;
    while (i < word.length() && i <= 16 && Character.isLetter(word.charAt(i))) {
      i++;
    }
    if (i == 1) {
      return word.equals("/?");
    }
    return i == word.length() || word.charAt(i) == ':' || word.charAt(i) == '=';
  }

  /** The reason the words from {@code at} on are a Windows command, or {@code null}. */
  static String detect(List<Token> tokens, int at, String program) {
    Token next = at + 1 < tokens.size() ? tokens.get(at + 1) : null;
    switch (program) {
      case "cmd", "command":
        if (next != null && next.type() == Type.WORD && next.text().matches("/[ckr]\\b.*")) {
          return "cmd " + next.text();
        }
        return null;
      case "net", "net1":
        return verb(tokens, at, NET_VERBS) ? "net " + next.text() : null;
      case "reg":
        return verb(tokens, at, REG_VERBS) ? "reg " + next.text() : null;
      case "sc":
        return verb(tokens, at, SC_VERBS) ? "sc " + next.text() : null;
      case "query":
        return verb(tokens, at, QUERY_VERBS) ? "query " + next.text() : null;
      case "for":
        return forLoop(tokens, at + 1);
      case "if":
        return ifStatement(tokens, at + 1);
      case "if/i":
        return ifStatement(tokens, at + 1);
      default:
        break;
    }
    if (ADMIN_TOOLS.contains(program) && next != null && next.type() == Type.WORD) {
      return "the Windows tool " + program;
    }
    int dash = program.indexOf('-');
    if (dash > 0
        && VERBS.contains(program.substring(0, dash))
        && NOUNS.contains(program.substring(dash + 1))) {
      return "the PowerShell cmdlet " + program;
    }
    return null;
  }

  /**
   * Whether the program at {@code at} is followed by one of its verbs and then by what a command
   * line has there and prose does not: nothing, a separator, a switch ({@code net user x /add}) or
   * a registry or file path ({@code reg query hklm\\software}) — "net user count grew" is prose.
   */
  private static boolean verb(List<Token> tokens, int at, Set<String> verbs) {
    if (at + 1 >= tokens.size()) {
      return false;
    }
    Token next = tokens.get(at + 1);
    if (next.type() != Type.WORD || !verbs.contains(next.text())) {
      return false;
    }
    if (UNWORDLY_VERBS.contains(next.text())) {
      return true;
    }
    for (int i = at + 2; i < tokens.size(); i++) {
      Token token = tokens.get(i);
      if (token.type() != Type.WORD) {
        return true;
      }
      String word = token.text();
      if (isSwitch(word) || word.indexOf('\\') >= 0 || word.startsWith("hk")) {
        return true;
      }
    }
    return at + 2 >= tokens.size();
  }

  /** {@code FOR [/D|/R|/L|/F [options]] %x IN (…) DO …}: a loop variable, IN and a set. */
  private static String forLoop(List<Token> tokens, int from) {
    for (int i = from; i + 2 < Math.min(tokens.size(), from + 12); i++) {
      Token token = tokens.get(i);
      if (token.type() != Type.WORD) {
        return null;
      }
      String word = token.text();
      if (word.startsWith("%")
          && word.length() <= 24
          && tokens.get(i + 1).text().equals("in")
          && tokens.get(i + 2).text().startsWith("(")) {
        return "a batch FOR loop";
      }
    }
    return null;
  }

  /** {@code IF [/I] [NOT] EXIST|DEFINED|ERRORLEVEL …} or {@code IF a==b} / {@code IF a GTR b}. */
  private static String ifStatement(List<Token> tokens, int from) {
    int i = from;
    while (i < tokens.size()
        && (tokens.get(i).text().equals("/i") || tokens.get(i).text().equals("not"))) {
      i++;
    }
    if (i >= tokens.size()) {
      return null;
    }
    Token first = tokens.get(i);
    if (IF_TESTS.contains(first.text()) && i + 1 < tokens.size()) {
      return "a batch IF " + first.text();
    }
    if (first.type() == Type.WORD && embeddedEquality(first.text())) {
      return "a batch IF comparison";
    }
    if (first.type() == Type.OPEN
        && i + 4 < tokens.size()
        && tokens.get(i + 4).type() == Type.CLOSE
        && IF_OPERATORS.contains(tokens.get(i + 2).text())
        && !tokens.get(i + 2).text().equals("==")) {
      // IF (2 GEQ 15) …: a comparison in parentheses with one of cmd's own operators ("if (price
      // == 10) buy" is how pseudo-code in a note reads)
      return "a batch IF comparison";
    }
    int operand = i;
    if (first.type() == Type.OPEN) {
      while (operand < tokens.size() && tokens.get(operand).type() != Type.CLOSE) {
        operand++;
      }
    }
    // a quoted operand with spaces ("A A") arrives as several words: the comparison is after the
    // word that closes the quote
    if (first.text().startsWith("\"") && first.text().indexOf('"', 1) < 0) {
      int close = operand + 1;
      while (close < Math.min(tokens.size(), operand + 8)
          && tokens.get(close).type() == Type.WORD
          && tokens.get(close).text().indexOf('"') < 0) {
        close++;
      }
      if (close < tokens.size() && tokens.get(close).text().endsWith("\"")) {
        operand = close;
      }
    }
    if (operand + 2 < tokens.size()) {
      String op = tokens.get(operand + 1).text();
      boolean decorated = decorated(first.text()) || first.type() == Type.OPEN;
      if (IF_OPERATORS.contains(op) && (decorated || !op.equals("=="))) {
        return "a batch IF comparison";
      }
    }
    return null;
  }

  private static boolean embeddedEquality(String word) {
    int at = word.indexOf("==");
    return at > 0 && at + 2 < word.length();
  }

  private static boolean decorated(String operand) {
    return operand.startsWith("\"")
        || operand.startsWith("%")
        || operand.startsWith("[")
        || operand.startsWith("!")
        || operand.startsWith("{");
  }
}
