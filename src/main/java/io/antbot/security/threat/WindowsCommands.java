package io.antbot.security.threat;

import io.antbot.security.threat.ShellTokenizer.Token;
import io.antbot.security.threat.ShellTokenizer.Type;
import java.util.List;
import java.util.Set;

/**
 * The Windows command-line forms {@link CommandInjectionDetector} recognises at a command position:
 * {@code cmd /c}, the batch {@code FOR} and {@code IF} statements, and PowerShell cmdlets.
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

  private WindowsCommands() {}

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
        return next != null && NET_VERBS.contains(next.text()) ? "net " + next.text() : null;
      case "for":
        return forLoop(tokens, at + 1);
      case "if":
        return ifStatement(tokens, at + 1);
      case "if/i":
        return ifStatement(tokens, at + 1);
      default:
        break;
    }
    int dash = program.indexOf('-');
    if (dash > 0
        && VERBS.contains(program.substring(0, dash))
        && NOUNS.contains(program.substring(dash + 1))) {
      return "the PowerShell cmdlet " + program;
    }
    return null;
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
    int operand = i;
    if (first.type() == Type.OPEN) {
      while (operand < tokens.size() && tokens.get(operand).type() != Type.CLOSE) {
        operand++;
      }
    }
    if (operand + 2 < tokens.size()) {
      String op = tokens.get(operand + 1).text();
      boolean decorated = decorated(tokens.get(operand).text()) || first.type() == Type.OPEN;
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
