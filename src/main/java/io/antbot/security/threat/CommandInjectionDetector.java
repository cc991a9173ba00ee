package io.antbot.security.threat;

import io.antbot.security.threat.ShellTokenizer.Token;
import io.antbot.security.threat.ShellTokenizer.Type;
import io.antbot.security.threat.ShellWords.Kind;
import java.util.List;

/**
 * Decides whether a value carries an operating-system command, by reading it as a shell command
 * line (see {@link ShellTokenizer}) and looking at where programs stand rather than for payloads.
 *
 * <ul>
 *   <li>Sub-commands: {@code $(…)}, backticks around a program, {@code <(…)}/{@code >(…)}, shell
 *       arithmetic {@code $((…))} and {@code $[…]}, parameter expansion with an operator ({@code
 *       ${PATH:0:1}}, {@code ${x#…}}), brace expansion that spells a program ({@code {cat,/etc/x}},
 *       {@code c{a,oun}t}), file-name globs in absolute paths ({@code /etc/pa[s]swd}, {@code
 *       /???/??t}).
 *   <li>A program after a separator ({@code ; | || && & newline}) or at the start of a sub-command.
 *       A name that is also an English word ({@code cat}, {@code sort}) counts only with an
 *       argument of a shell's shape — an option, a path, a redirection, a variable.
 *   <li>A value that starts as a command line: a program with such an argument, or piped into
 *       another program.
 *   <li>Windows: {@code cmd /c}, {@code FOR /F … %i IN (…) DO}, {@code IF [NOT] EXIST|DEFINED|
 *       ERRORLEVEL}, {@code IF a==b}, PowerShell cmdlets ({@code Invoke-WebRequest}) and aliases.
 * </ul>
 *
 * Prose such as "please select the drop-down and cat the file; then run it" has English words after
 * its separators and bare words as arguments, so it takes none of these shapes.
 */
final class CommandInjectionDetector {

  private CommandInjectionDetector() {}

  /** The reason the value reads as a command line, or {@code null}. */
  static String detect(String decoded) {
    if (decoded.length() > 1 && decoded.charAt(0) == '=' && Character.isLetter(decoded.charAt(1))) {
      // =ls -la: a value that opens on the = of the assignment it was cut from (x==ls) is read
      // from after it
      String reason = detect(decoded.substring(1));
      if (reason != null) {
        return reason;
      }
    }
    String reason = ShellExpansions.detect(decoded);
    if (reason != null) {
      return reason;
    }
    reason = programByPath(decoded);
    if (reason != null) {
      return reason;
    }
    if (historyRecall(decoded)) {
      return "a recall of the shell's history (!-n)";
    }
    String whole = decoded.strip();
    if (whole.equals("~+") || whole.equals("~-")) {
      return "a tilde expansion of the shell's working directories (" + whole + ")";
    }
    if (!hasCommandPositions(decoded) && !startsWithProgram(decoded)) {
      return null;
    }
    List<Token> tokens = ShellTokenizer.tokenize(decoded);
    boolean start = true;
    Token before = null;
    for (int i = 0; i < tokens.size(); i++) {
      Token token = tokens.get(i);
      if (token.type() != Type.WORD) {
        if (dataUrlParameter(tokens, i)) {
          continue;
        }
        if (token.type() == Type.SEPARATOR || token.type() == Type.OPEN) {
          start = false;
          before = token;
        }
        continue;
      }
      boolean commandPosition = i == 0 || before != null && tokens.get(i - 1) == before;
      if (!commandPosition) {
        continue;
      }
      reason = command(tokens, i, start ? null : before);
      if (reason != null) {
        return reason;
      }
    }
    return null;
  }

  /**
   * Whether the token at {@code i} is the {@code ;} of a data URL's parameter ({@code
   * data:image/png;base64,…}, {@code data:text/plain;charset=utf-8,…}): a media type is no command
   * and its parameter no program, even when prose leaves out what follows the comma.
   */
  private static boolean dataUrlParameter(List<Token> tokens, int i) {
    if (i == 0 || i + 1 >= tokens.size() || !";".equals(tokens.get(i).text())) {
      return false;
    }
    Token type = tokens.get(i - 1);
    Token parameter = tokens.get(i + 1);
    if (type.type() != Type.WORD || parameter.type() != Type.WORD || parameter.spaced()) {
      return false;
    }
    String media = type.text().toLowerCase(java.util.Locale.ROOT);
    int slash = media.indexOf('/');
    if (!media.startsWith("data:") || slash <= "data:".length() || slash == media.length() - 1) {
      return false;
    }
    String name = parameter.text().toLowerCase(java.util.Locale.ROOT);
    return name.equals("base64") || name.startsWith("base64,") || name.startsWith("charset=");
  }

  /** Whether a program stands after one of the value's separators or openings. */
  private static boolean hasCommandPositions(String s) {
    int n = s.length();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c == ';' || c == '|' || c == '&' || c == '\n' || c == '`' || c == '(') {
        int from = i + 1;
        while (from < n && (s.charAt(from) == c || s.charAt(from) == ' ')) {
          from++;
        }
        if (startsWithProgram(s.substring(from, Math.min(n, from + 80)))) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether the first word of {@code s} names a program (or a batch or PowerShell statement): the
   * cheap test that spares most values the tokenizer.
   */
  private static boolean startsWithProgram(String s) {
    int start = 0;
    while (start < s.length() && s.charAt(start) == ' ') {
      start++;
    }
    int variable = variableEnd(s, start);
    if (variable > start && variable < s.length() && s.charAt(variable) == ' ') {
      // an unset variable before the program expands to nothing: $u ls runs ls
      return startsWithProgram(s.substring(variable));
    }
    int end = start;
    while (end < s.length() && " \t\n;|&()`<>".indexOf(s.charAt(end)) < 0) {
      end++;
    }
    if (end == start || end - start > 64) {
      return false;
    }
    String program = ShellWords.program(s.substring(start, end));
    return ShellWords.kind(program) != null
        || program.equals("for")
        || program.equals("net")
        || program.equals("query")
        || program.startsWith("if")
        || program.indexOf('-') > 0
        || s.charAt(start) == '/'
        || s.startsWith("\\\\", start);
  }

  /**
   * Whether the words from {@code index} on form a command; {@code after} is the separator or
   * opening before them, {@code null} at the start of the value.
   */
  private static String command(List<Token> tokens, int index, Token after) {
    int at = index;
    while (at + 1 < tokens.size()
        && tokens.get(at + 1).type() == Type.WORD
        && variableEnd(tokens.get(at).text(), 0) == tokens.get(at).text().length()) {
      at++;
    }
    String program = ShellWords.program(tokens.get(at).text());
    String wrapper = null;
    // sudo ls -la runs ls; sudo -l is sudo itself with an option; timeout 5 id runs id after its
    // duration; timeout /t 5 is Windows' timeout with a switch, no wrapper
    while (isWrapper(program)
        && at + 1 < tokens.size()
        && tokens.get(at + 1).type() == Type.WORD
        && !tokens.get(at + 1).text().startsWith("-")
        && !WindowsCommands.isSwitch(tokens.get(at + 1).text())) {
      at++;
      if (wrapper == null) {
        wrapper = program;
      }
      if (program.equals("timeout")
          && isDuration(tokens.get(at).text())
          && at + 1 < tokens.size()
          && tokens.get(at + 1).type() == Type.WORD) {
        at++;
      }
      program = ShellWords.program(tokens.get(at).text());
    }
    String windows = WindowsCommands.detect(tokens, at, program);
    if (windows != null) {
      return windows;
    }
    if (program.equals("alias")) {
      return aliasedProgram(tokens, at + 1);
    }
    if (after != null && sharedProgram(tokens.get(at).text())) {
      return "a program run from a network share";
    }
    Kind kind = ShellWords.kind(program);
    if (kind == null) {
      return null;
    }
    if (program.equals("which") && lookedUp(tokens, at + 1)) {
      return "a look-up of the program " + ShellWords.program(tokens.get(at + 1).text());
    }
    String raw = tokens.get(at).text();
    if (raw.startsWith("/") && (raw.contains("bin/") || raw.startsWith("/usr/"))) {
      // an English word does not come with its directory: /usr/bin/id is the program id
      kind = Kind.DISTINCT;
    }
    boolean argument =
        shellArgument(tokens, at + 1) || WindowsCommands.switchedOn(program, tokens, at + 1);
    boolean piped = pipedOn(tokens, at + 1);
    // alone up to the end, a separator, or the parenthesis a group closes with: ;(whoami)
    boolean alone =
        at + 1 >= tokens.size()
            || tokens.get(at + 1).type() == Type.SEPARATOR
            || tokens.get(at + 1).type() == Type.CLOSE && ")".equals(tokens.get(at + 1).text());
    boolean strongSeparator =
        after != null && after.type() == Type.SEPARATOR
            || after != null && !"(".equals(after.text());
    if (after == null || !strongSeparator) {
      if (ShellWords.admin(program) && administrationArguments(tokens, at + 1)) {
        return "a command line starting with " + program;
      }
      if (kind == Kind.WORD) {
        return piped
                || strongArgument(tokens, at + 1)
                || onlyShellArguments(tokens, at + 1)
                || WindowsCommands.switchedOn(program, tokens, at + 1)
                || WindowsCommands.givenDrive(program, tokens, at + 1)
            ? "a command line starting with " + program
            : null;
      }
      if (argument
          || piped
          || alone && ShellWords.recon(program)
          || onlyShellArguments(tokens, at + 1)) {
        return "a command line starting with " + program;
      }
      if (kind == Kind.DISTINCT && followedBySeparator(tokens, at + 1)) {
        return "a command line starting with " + program;
      }
      if (kind == Kind.DISTINCT
          && raw.length() > 1
          && raw.charAt(0) == '\\'
          && Character.isLetter(raw.charAt(1))
          && raw.indexOf('\\', 1) < 0) {
        // \ls: a backslash before a program's name runs the program past any alias of it
        return "the command " + program + " past its aliases";
      }
      if (kind == Kind.DISTINCT && alone && unixWrapper(wrapper)) {
        // time bsdtar, sudo python3, nohup socat: a wrapper runs programs, and a program that is
        // no word is what it runs; Windows' start and call are left out (start python reads as a
        // note)
        return "the command " + program + " run by " + wrapper;
      }
      return null;
    }
    if (kind == Kind.DISTINCT || argument || piped || onlyShellArguments(tokens, at + 1)) {
      return "the command " + program + " after " + describe(after);
    }
    if (alone && index == 1) {
      return "the command " + program + " right after " + describe(after);
    }
    if (gluedTo(after, tokens.get(index), tokens.get(index - 1).spaced())
        && program.length() >= 2
        && at + 1 < tokens.size()
        && tokens.get(at + 1).type() == Type.WORD) {
      // prose leaves a space after its semicolons and bars; a command chained on does not need one
      return "the command " + program + " glued to " + describe(after);
    }
    return null;
  }

  /**
   * Whether {@code word} follows {@code separator} without a space, and the separator is one prose
   * does not glue words with ({@code ;ps aux}, {@code |sort x}, {@code &&ls x}, a line break) — a
   * single {@code &} only when nothing is glued before it either ({@code &echo x} opening the value
   * or after a space), since prose glues words on both sides of it ({@code B&W photos}, {@code
   * cut&paste}, {@code R&D}).
   *
   * @param separatorFree whether the separator opens the value or follows white space
   */
  private static boolean gluedTo(Token separator, Token word, boolean separatorFree) {
    if (word.spaced()) {
      return false;
    }
    return switch (separator.text()) {
      case ";", "|", "||", "&&", "\n", "`", "$(" -> true;
      case "&" -> separatorFree;
      default -> false;
    };
  }

  /**
   * {@code which perl}, {@code which gcc}: the one word after {@code which}, up to the end or a
   * separator, is a program that is no English word — a probe of what the host can run. A question
   * in prose names no such program alone ({@code which pair}, {@code which python version}).
   */
  private static boolean lookedUp(List<Token> tokens, int from) {
    return from < tokens.size()
        && tokens.get(from).type() == Type.WORD
        && ShellWords.kind(ShellWords.program(tokens.get(from).text())) == Kind.DISTINCT
        && (from + 1 == tokens.size() || tokens.get(from + 1).type() == Type.SEPARATOR);
  }

  /** The extensions of the files Windows runs as programs or scripts. */
  private static final String[] WINDOWS_RUNNABLE = {
    ".exe", ".bat", ".cmd", ".com", ".ps1", ".vbs", ".js", ".hta", ".scr", ".msi", ".dll"
  };

  /**
   * {@code \\host\share\x.exe}: a UNC path to a file Windows runs — after a separator, a program
   * fetched from another machine and run. A path to a document ({@code \\fs\desk\q4.xlsx}) is not
   * one.
   */
  private static boolean sharedProgram(String word) {
    if (!word.startsWith("\\\\") || word.length() < 6 || word.indexOf('\\', 2) < 0) {
      return false;
    }
    String lower = word.toLowerCase(java.util.Locale.ROOT);
    for (String extension : WINDOWS_RUNNABLE) {
      if (lower.endsWith(extension)) {
        return true;
      }
    }
    return false;
  }

  /** A Unix wrapper that runs the program after it: not Windows' {@code start} or {@code call}. */
  private static boolean unixWrapper(String wrapper) {
    return wrapper != null && !wrapper.equals("start") && !wrapper.equals("call");
  }

  /**
   * {@code alias ls='rm -rf /'}: a name bound to a command line whose first word is a program; an
   * alias in prose ({@code alias xbt=btc}) binds a name to a name.
   */
  private static String aliasedProgram(List<Token> tokens, int from) {
    if (from >= tokens.size() || tokens.get(from).type() != Type.WORD) {
      return null;
    }
    String binding = tokens.get(from).text();
    int eq = binding.indexOf('=');
    if (eq <= 0) {
      return null;
    }
    for (int i = 0; i < eq; i++) {
      char c = binding.charAt(i);
      if (!Character.isLetterOrDigit(c) && c != '_' && c != '-' && c != '.') {
        return null;
      }
    }
    String value = binding.substring(eq + 1);
    if (value.isEmpty() && from + 1 < tokens.size()) {
      value = tokens.get(from + 1).text();
    }
    int end = 0;
    while (end < value.length() && (value.charAt(end) == '\'' || value.charAt(end) == '"')) {
      end++;
    }
    int start = end;
    while (end < value.length() && " '\"".indexOf(value.charAt(end)) < 0) {
      end++;
    }
    String program = ShellWords.program(value.substring(start, end));
    return ShellWords.kind(program) != null ? "a shell alias for " + program : null;
  }

  /** The directories a Unix system keeps its programs in, as a path into them begins. */
  private static final String[] PROGRAM_DIRECTORIES = {
    "/bin/", "/sbin/", "/usr/bin/", "/usr/sbin/", "/usr/local/bin/", "/usr/local/sbin/", "bin/"
  };

  /**
   * A program named by its path ({@code /bin/cat}, {@code /usr/sbin/nc}, {@code bin/sh}) anywhere
   * in the value: a path into a program directory ends in a program's name only in a command.
   */
  static String programByPath(String s) {
    int at = s.indexOf("bin/");
    while (at >= 0) {
      int start = at;
      while (start > 0 && "/rlocausb".indexOf(s.charAt(start - 1)) >= 0) {
        start--;
      }
      String head = s.substring(start, at + 4);
      boolean opens = start == 0 || !Character.isLetterOrDigit(s.charAt(start - 1));
      if (opens && isProgramDirectory(head)) {
        int end = at + 4;
        while (end < s.length() && programNameChar(s.charAt(end))) {
          end++;
        }
        String name = ShellWords.program(s.substring(at + 4, end));
        if (end > at + 4 && ShellWords.kind(name) != null) {
          return "the program " + name + " by its path";
        }
      }
      at = s.indexOf("bin/", at + 4);
    }
    return null;
  }

  private static boolean isProgramDirectory(String head) {
    for (String directory : PROGRAM_DIRECTORIES) {
      if (head.equals(directory)) {
        return true;
      }
    }
    return false;
  }

  private static boolean programNameChar(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '-' || c == '.' || c == '+';
  }

  /**
   * {@code !-1}, {@code !-2}: bash's history recall, which reruns an earlier command; standing as a
   * word of its own at the start or after a separator or a space.
   */
  private static boolean historyRecall(String s) {
    int at = s.indexOf("!-");
    while (at >= 0) {
      boolean opens = at == 0 || " ;|&`(\n".indexOf(s.charAt(at - 1)) >= 0;
      boolean digit = at + 2 < s.length() && Character.isDigit(s.charAt(at + 2));
      int end = at + 2;
      while (end < s.length() && Character.isDigit(s.charAt(end))) {
        end++;
      }
      boolean closes = end == s.length() || " ;|&`)\n".indexOf(s.charAt(end)) >= 0;
      if (opens && digit && closes) {
        return true;
      }
      at = s.indexOf("!-", at + 2);
    }
    return false;
  }

  /**
   * The end of a variable reference ({@code $u}, {@code ${u}}) starting at {@code from}, or {@code
   * from} when none starts there. A name, not a digit: {@code $5} is a price.
   */
  private static int variableEnd(String s, int from) {
    if (from + 1 >= s.length() || s.charAt(from) != '$') {
      return from;
    }
    int i = from + 1;
    boolean braced = s.charAt(i) == '{';
    if (braced) {
      i++;
    }
    if (i >= s.length() || !(Character.isLetter(s.charAt(i)) || s.charAt(i) == '_')) {
      return from;
    }
    while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
      i++;
    }
    if (braced) {
      return i < s.length() && s.charAt(i) == '}' ? i + 1 : from;
    }
    return i;
  }

  /**
   * {@code 5}, {@code 2.5}, {@code 10s}, {@code 1m}: the duration GNU {@code timeout} takes first.
   */
  private static boolean isDuration(String word) {
    int i = 0;
    while (i < word.length() && (Character.isDigit(word.charAt(i)) || word.charAt(i) == '.')) {
      i++;
    }
    return i > 0
        && (i == word.length() || i + 1 == word.length() && "smhd".indexOf(word.charAt(i)) >= 0);
  }

  private static boolean isWrapper(String program) {
    return switch (program) {
      case "sudo",
          "nohup",
          "watch",
          "strace",
          "ltrace",
          "exec",
          "command",
          "builtin",
          "env",
          "time",
          "timeout",
          "doas",
          "call",
          "busybox",
          "start" ->
          true;
      default -> false;
    };
  }

  /** Whether an argument of the command from {@code from} on has a shell's shape. */
  static boolean shellArgument(List<Token> tokens, int from) {
    for (int i = from; i < tokens.size(); i++) {
      Token token = tokens.get(i);
      if (token.type() == Type.REDIRECT) {
        return i + 1 < tokens.size() && redirectTarget(tokens.get(i + 1));
      }
      if (token.type() != Type.WORD) {
        return false;
      }
      if (looksLikeArgument(token.text())) {
        return true;
      }
    }
    return false;
  }

  /**
   * English function words and a few verbs of prose: an administration tool's arguments ({@code
   * useradd eve}, {@code systemctl stop firewalld}) have none of them, a sentence that names the
   * tool ({@code crontab runs at midnight}, {@code useradd is the tool ops use}) has.
   */
  private static final java.util.Set<String> PROSE_WORDS =
      java.util.Set.of(
          "a", "an", "the", "is", "are", "was", "were", "be", "been", "it", "its", "this", "that",
          "to", "of", "for", "in", "on", "at", "by", "with", "from", "and", "or", "but", "not",
          "no", "as", "if", "then", "we", "i", "you", "they", "he", "she", "our", "my", "your",
          "has", "have", "had", "do", "does", "did", "will", "can", "should", "runs", "uses",
          "used", "again", "yet", "also", "now", "please", "too", "so");

  /**
   * The arguments of an administration tool at the start of a value (see {@code [admin]} in {@code
   * shell-commands.txt}): one to six words up to the end or a separator, none of them a prose word.
   */
  private static boolean administrationArguments(List<Token> tokens, int from) {
    int words = 0;
    for (int i = from; i < tokens.size(); i++) {
      Token token = tokens.get(i);
      if (token.type() == Type.SEPARATOR) {
        break;
      }
      if (token.type() != Type.WORD
          || PROSE_WORDS.contains(token.text().toLowerCase(java.util.Locale.ROOT))) {
        return false;
      }
      words++;
    }
    return words >= 1 && words <= 6;
  }

  /**
   * A command line of a program whose name is also a word ({@code ps -ef}, {@code kill -9 1},
   * {@code ping -c 1 10.0.0.1}, {@code mount /dev/sda1 /mnt}, {@code find / -name passwd}): every
   * argument up to the end or a separator is an option, a path, a network address, a number or the
   * word an option takes; and there is a path or an address, or options alone, or two options, or a
   * numeric option and another argument. A sentence has words where none of these stand ({@code top
   * -5 pairs by volume}, {@code date -u please}).
   */
  private static boolean onlyShellArguments(List<Token> tokens, int from) {
    int arguments = 0;
    int options = 0;
    boolean located = false;
    boolean numericOption = false;
    boolean optionValue = false;
    boolean afterOption = false;
    for (int i = from; i < tokens.size(); i++) {
      Token token = tokens.get(i);
      if (token.type() == Type.SEPARATOR) {
        break;
      }
      if (token.type() != Type.WORD) {
        return false;
      }
      String word = token.text();
      arguments++;
      // -l, --all (not -5)
      boolean option =
          word.length() >= 2
              && word.charAt(0) == '-'
              && !allDigits(word, 1)
              && looksLikeArgument(word);
      if (option) {
        options++;
      } else if (located(word)) {
        located = true;
      } else if (word.length() >= 2 && word.charAt(0) == '-' && allDigits(word, 1)) {
        numericOption = true;
      } else if (afterOption && !allDigits(word, 0)) {
        optionValue = true;
      } else if (!allDigits(word, 0)) {
        return false;
      }
      afterOption = option;
    }
    return located
        || options >= 2
        || options == 1 && !optionValue
        || numericOption && arguments >= 2;
  }

  /**
   * An argument that names a place, which only a command line gives a program alone: a path (the
   * root, a top directory such as {@code /etc}), a network peer, a path given to an operand ({@code
   * if=/dev/zero}).
   */
  private static boolean located(String word) {
    if (looksLikeArgument(word)
        || word.equals("/")
        || SYSTEM_DIRECTORIES.contains(word)
        || networkArgument(word)) {
      return true;
    }
    int eq = word.indexOf('=');
    return eq > 0
        && eq + 1 < word.length()
        && word.charAt(eq + 1) == '/'
        && located(word.substring(eq + 1));
  }

  private static boolean allDigits(String word, int from) {
    if (word.length() <= from) {
      return false;
    }
    for (int i = from; i < word.length(); i++) {
      if (word.charAt(i) < '0' || word.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /** The top directories of a Unix file system, which name no file of their own in prose. */
  private static final java.util.Set<String> SYSTEM_DIRECTORIES =
      java.util.Set.of(
          "/etc", "/tmp", "/var", "/root", "/home", "/usr", "/bin", "/sbin", "/dev", "/proc",
          "/sys", "/opt", "/boot", "/mnt", "/lib", "/srv");

  /**
   * A network peer as a program's argument: an IPv4 address (with a port or a prefix length), a
   * user at one ({@code root@10.0.0.1}), or a socat address ({@code tcp:10.0.0.1:80}, {@code
   * tcp-listen:4444}, {@code exec:sh}).
   */
  private static boolean networkArgument(String word) {
    int at = word.indexOf('@');
    if (at > 0) {
      // root@10.0.0.1; not user@example.com, which prose writes as an e-mail address
      return ipv4(word.substring(at + 1));
    }
    int colon = word.indexOf(':');
    if (colon > 0) {
      String scheme = word.substring(0, colon).toLowerCase(java.util.Locale.ROOT);
      if (SOCAT_ADDRESS.matcher(scheme).matches()) {
        return colon + 1 < word.length();
      }
    }
    return ipv4(word);
  }

  private static final java.util.regex.Pattern SOCAT_ADDRESS =
      java.util.regex.Pattern.compile(
          "(?:tcp|udp)[46]?(?:-(?:listen|connect))?|exec|system|openssl(?:-listen)?|unix-(?:listen|connect)");

  /** {@code 10.0.0.1}, {@code 10.0.0.1:80}, {@code 10.0.0.0/24}. */
  private static boolean ipv4(String word) {
    int end = word.length();
    int suffix = word.indexOf(':') >= 0 ? word.indexOf(':') : word.indexOf('/');
    if (suffix >= 0) {
      if (!allDigits(word, suffix + 1)) {
        return false;
      }
      end = suffix;
    }
    int parts = 0;
    int digits = 0;
    for (int i = 0; i <= end; i++) {
      char c = i < end ? word.charAt(i) : '.';
      if (c >= '0' && c <= '9') {
        if (++digits > 3) {
          return false;
        }
      } else if (c == '.' && digits > 0) {
        parts++;
        digits = 0;
      } else {
        return false;
      }
    }
    return parts == 4;
  }

  /** A redirection or a sensitive file among the arguments from {@code from} on. */
  private static boolean strongArgument(List<Token> tokens, int from) {
    for (int i = from; i < tokens.size(); i++) {
      Token token = tokens.get(i);
      if (token.type() == Type.REDIRECT) {
        return i + 1 < tokens.size() && redirectTarget(tokens.get(i + 1));
      }
      if (token.type() != Type.WORD) {
        return false;
      }
      if (SensitivePaths.isSensitive(token.text()) || tildeExpansion(token.text())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Bash's tilde expansions of the working directories, {@code ~+} (this one) and {@code ~-} (the
   * one before), alone or opening a path ({@code cd ~-}, {@code ls ~+/x}): a shell's word. With a
   * number after it ({@code ~-2}, the directory stack) it is left, as prose writes "about minus
   * two" so ({@code cut ~-2 bps}).
   */
  static boolean tildeExpansion(String word) {
    return word.length() >= 2
        && word.charAt(0) == '~'
        && (word.charAt(1) == '+' || word.charAt(1) == '-')
        && (word.length() == 2 || word.charAt(2) == '/');
  }

  private static boolean looksLikeArgument(String word) {
    if (word.length() >= 2 && word.charAt(0) == '-') {
      char c = word.charAt(1);
      return c >= 'a' && c <= 'z'
          || c == '-' && word.length() > 2 && Character.isLetter(word.charAt(2));
    }
    if (word.startsWith("/") && word.length() > 1 && Character.isLetter(word.charAt(1))) {
      return word.indexOf('/', 1) > 0 || word.length() == 2 || SensitivePaths.isSensitive(word);
    }
    if (word.startsWith("~/")
        || word.startsWith("./")
        || word.startsWith("../")
        || tildeExpansion(word)) {
      return true;
    }
    if (word.length() >= 3 && word.charAt(1) == ':' && word.charAt(2) == '\\') {
      return true;
    }
    if (word.startsWith("$")
        && word.length() > 1
        && (Character.isLetter(word.charAt(1)) || word.charAt(1) == '{')) {
      return true;
    }
    if (word.length() > 2 && word.charAt(0) == '%' && word.indexOf('%', 2) > 1) {
      return true;
    }
    return word.startsWith("http://")
        || word.startsWith("https://")
        || SensitivePaths.isSensitive(word);
  }

  /** A file, a descriptor or a variable a redirection can point at; not a number like 5%. */
  private static boolean redirectTarget(Token token) {
    if (token.type() != Type.WORD) {
      return false;
    }
    String word = token.text();
    char c = word.charAt(0);
    return c == '/'
        || c == '~'
        || c == '.'
        || c == '$'
        || c == '&'
        || c == '_'
        || Character.isLetter(c) && word.indexOf('%') < 0;
  }

  /** Whether the command from {@code from} on is piped into a program. */
  private static boolean pipedOn(List<Token> tokens, int from) {
    for (int i = from; i < tokens.size(); i++) {
      Token token = tokens.get(i);
      if (token.type() == Type.SEPARATOR) {
        if (!token.text().startsWith("|") || i + 1 >= tokens.size()) {
          return false;
        }
        Token next = tokens.get(i + 1);
        return next.type() == Type.WORD
            && ShellWords.kind(ShellWords.program(next.text())) == Kind.DISTINCT;
      }
      if (token.type() != Type.WORD) {
        return false;
      }
    }
    return false;
  }

  private static boolean followedBySeparator(List<Token> tokens, int from) {
    return from + 1 < tokens.size()
        && tokens.get(from).type() == Type.SEPARATOR
        && !tokens.get(from).spaced()
        && tokens.get(from + 1).type() != Type.SEPARATOR;
  }

  private static String describe(Token token) {
    return token.text().equals("\n") ? "a line break" : "\"" + token.text() + "\"";
  }
}
