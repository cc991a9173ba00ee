package io.antbot.security.threat;

import java.util.Set;

/**
 * Decides whether a value carries PHP code or a PHP object: an opening tag, a serialized object, a
 * superglobal, a call of a function that runs commands, evaluates or reads files (white space and
 * comments between name and parenthesis allowed, as PHP allows them), a function called through a
 * string or a variable ({@code ("sys"."tem")("id")}, {@code $f(...)}), a PHP script or session file
 * as an uploaded file name, or a dangerous {@code php.ini} directive.
 */
final class PhpInjectionDetector {

  /** Functions whose call is an attack wherever it appears; none is an English word. */
  private static final Set<String> DANGEROUS =
      Set.of(
          "shell_exec",
          "passthru",
          "popen",
          "proc_open",
          "pcntl_exec",
          "create_function",
          "call_user_func",
          "call_user_func_array",
          "base64_decode",
          "gzinflate",
          "gzuncompress",
          "gzdecode",
          "str_rot13",
          "file_get_contents",
          "file_put_contents",
          "fopen",
          "fwrite",
          "fputs",
          "readfile",
          "include_once",
          "require_once",
          "phpinfo",
          "unserialize",
          "highlight_file",
          "show_source",
          "parse_ini_file",
          "move_uploaded_file",
          "fsockopen",
          "pfsockopen",
          "curl_exec",
          "ini_set",
          "ini_get",
          "putenv",
          "getenv",
          "posix_getpwuid",
          "posix_kill",
          "posix_setuid",
          "get_defined_vars",
          "get_defined_functions",
          "filegroup",
          "fileowner",
          "fileperms",
          "assert_options",
          "preg_replace",
          "array_map",
          "array_filter",
          "usort",
          "uasort",
          "register_shutdown_function",
          "register_tick_function",
          "ob_start",
          "strip_tags",
          "htmlspecialchars",
          "str_replace",
          "substr",
          "strrev",
          "unpack",
          "intval",
          "printf",
          "sprintf",
          "vsprintf",
          "var_dump",
          "print_r",
          "var_export",
          "serialize",
          "file_exists",
          "is_file",
          "scandir",
          "glob",
          "opendir",
          "readdir",
          "mkdir",
          "rmdir",
          "unlink",
          "chmod",
          "chown",
          "symlink",
          "tempnam",
          "tmpfile",
          "mb_ereg_replace",
          "iconv",
          "hex2bin",
          "bin2hex",
          "urldecode",
          "rawurldecode",
          "escapeshellarg",
          "escapeshellcmd",
          "dl",
          "parse_str",
          "import_request_variables",
          "eval",
          "assert",
          "phpversion",
          "php_uname",
          "get_current_user",
          "getcwd",
          "chr",
          "ord");

  /** Functions that are English words too: a call needs code-like arguments. */
  private static final Set<String> WORDS =
      Set.of(
          "system", "exec", "file", "include", "require", "print", "echo", "die", "mail", "header",
          "link", "copy", "rename", "extract", "list", "each", "end", "reset", "next", "key",
          "count");

  private static final Set<String> SUPERGLOBALS =
      Set.of(
          "$_get",
          "$_post",
          "$_request",
          "$_server",
          "$_cookie",
          "$_files",
          "$_env",
          "$_session",
          "$globals",
          "$http_raw_post_data",
          "$http_get_vars",
          "$http_post_vars",
          "$http_cookie_vars",
          "$http_server_vars",
          "$http_env_vars",
          "$http_session_vars",
          "$http_request_vars",
          "$http_post_files",
          "$http_response_header",
          "$php_errormsg");

  /**
   * Names that exist only as PHP's functions and classes, none a word or a name a trading value
   * uses: one of them anywhere in a value, called or not, is PHP (a probe, a callback name handed
   * to {@code call_user_func}, or code cut where a filter looked).
   */
  private static final Set<String> PHP_ONLY_NAMES =
      Set.of(
          "shell_exec",
          "include_once",
          "require_once",
          "call_user_method_array",
          // WordPress's HTTP functions: a request the server makes to a URL the value names
          "wp_remote_fopen",
          "wp_remote_get",
          "wp_remote_head",
          "wp_remote_post",
          "wp_remote_request",
          "wp_safe_remote_get",
          "wp_safe_remote_head",
          "wp_safe_remote_post",
          "wp_safe_remote_request",
          "proc_open",
          "proc_terminate",
          "proc_get_status",
          "pcntl_exec",
          "pcntl_fork",
          "pcntl_signal",
          "create_function",
          "call_user_func",
          "call_user_func_array",
          "call_user_method",
          "forward_static_call",
          "func_get_args",
          "base64_decode",
          "convert_uudecode",
          "gzinflate",
          "gzuncompress",
          "gzdecode",
          "bzdecompress",
          "zlib_decode",
          "str_rot13",
          "file_get_contents",
          "file_put_contents",
          "move_uploaded_file",
          "highlight_file",
          "show_source",
          "phpinfo",
          "php_uname",
          "fsockopen",
          "pfsockopen",
          "stream_socket_client",
          "stream_socket_server",
          "curl_exec",
          "curl_multi_exec",
          "assert_options",
          "preg_replace_callback",
          "mb_ereg_replace_callback",
          "register_shutdown_function",
          "register_tick_function",
          "get_defined_vars",
          "get_defined_functions",
          "get_defined_constants",
          "get_class_methods",
          "get_class_vars",
          "get_cfg_var",
          "getmypid",
          "getmyuid",
          "getmyinode",
          "sys_get_temp_dir",
          "set_include_path",
          "parse_ini_file",
          "parse_ini_string",
          "ini_get_all",
          "ini_restore",
          "apache_setenv",
          "apache_child_terminate",
          "escapeshellcmd",
          "escapeshellarg",
          "reflectionfunction",
          "invokeargs",
          "__halt_compiler");

  private static final Set<String> INI_DIRECTIVES =
      Set.of(
          "allow_url_include",
          "allow_url_fopen",
          "auto_prepend_file",
          "auto_append_file",
          "disable_functions",
          "disable_classes",
          "open_basedir",
          "safe_mode",
          "register_globals",
          "file_uploads",
          "upload_tmp_dir",
          "include_path",
          "error_log",
          "display_errors",
          "log_errors",
          "extension",
          "extension_dir",
          "zend_extension",
          "memory_limit",
          "max_execution_time",
          "sendmail_path",
          "sendmail_from",
          "smtp",
          "engine",
          "precision",
          "unserialize_max_depth",
          "expose_php",
          "short_open_tag",
          "user_ini.filename",
          "doc_root",
          "user_dir",
          "enable_dl",
          "serialize_precision",
          "output_handler",
          "output_buffering",
          "variables_order",
          "request_order",
          "magic_quotes_gpc",
          "max_input_vars",
          "post_max_size",
          "upload_max_filesize",
          "error_reporting",
          "html_errors",
          "track_errors",
          "xmlrpc_errors",
          "docref_root",
          "docref_ext",
          "default_charset",
          "auto_detect_line_endings",
          "default_socket_timeout",
          "realpath_cache_size",
          "browscap",
          "hard_timeout",
          "session.save_path",
          "session.save_handler",
          "session.serialize_handler",
          "session.use_trans_sid",
          "session.auto_start",
          "session.upload_progress.enabled",
          "session.upload_progress.cleanup",
          "mail.add_x_header",
          "mail.log",
          "mail.force_extra_parameters");

  /** Directive families of php.ini whose every member changes how code runs or what it reads. */
  private static final String[] INI_FAMILIES = {
    "opcache.",
    "mbstring.",
    "assert.",
    "pcre.",
    "cgi.",
    "fastcgi.",
    "phar.",
    "zend.",
    "xdebug.",
    "apc.",
    "suhosin.",
    "ffi.",
    "highlight.",
    "syslog.",
    "arg_separator.",
    "zlib.output"
  };

  /**
   * High-risk functions whose names exist only in PHP: sent as a whole value, the name is a probe
   * for a place that calls what it is given ({@code call_user_func($_GET['f'])}).
   */
  private static final Set<String> PROBED_NAMES =
      Set.of(
          "shell_exec",
          "passthru",
          "proc_open",
          "pcntl_exec",
          "create_function",
          "call_user_func",
          "call_user_func_array",
          "base64_decode",
          "gzinflate",
          "gzuncompress",
          "str_rot13",
          "file_get_contents",
          "file_put_contents",
          "phpinfo",
          "highlight_file",
          "show_source",
          "fsockopen",
          "pfsockopen",
          "assert_options",
          "preg_replace",
          "register_shutdown_function",
          "move_uploaded_file",
          "php_uname",
          "get_defined_vars",
          "parse_ini_file");

  /** Language constructs that take a path without parentheses: {@code require_once 'x.php'}. */
  private static final String[] INCLUDES = {"include_once", "require_once"};

  private PhpInjectionDetector() {}

  static String detect(String s) {
    if (s.contains("<?php") || s.contains("<?=") || s.startsWith("<? ")) {
      return "a PHP opening tag";
    }
    if (s.contains("[php]") || s.contains("[/php]")) {
      // the tags of CMS plug-ins that run the PHP between them (Exec-PHP, Sourcerer)
      return "a PHP block tag";
    }
    String alone = s.strip();
    if (PROBED_NAMES.contains(alone) || alone.startsWith("posix_") && alone.indexOf(' ') < 0) {
      return "a high-risk PHP function name";
    }
    String named = phpOnlyName(s);
    if (named != null) {
      return "the PHP function name " + named;
    }
    int variable = s.indexOf("${");
    if (variable >= 0 && variableVariable(s, variable)) {
      return "a superglobal named by a string";
    }
    for (String include : INCLUDES) {
      int at = s.indexOf(include);
      int next = at < 0 ? -1 : at + include.length();
      while (next >= 0 && next < s.length() && s.charAt(next) == ' ') {
        next++;
      }
      if (next > 0
          && next < s.length()
          && (s.charAt(next) == '\'' || s.charAt(next) == '"' || s.charAt(next) == '$')) {
        return "a PHP " + include + " of a path";
      }
    }
    String included = includedScript(s);
    if (included != null) {
      return included;
    }
    String constant = definedFunctionName(s);
    if (constant != null) {
      return constant;
    }
    String object = PhpSyntax.serializedObject(s);
    if (object != null) {
      return object;
    }
    for (String global : SUPERGLOBALS) {
      if (s.contains(global)) {
        return "the PHP superglobal " + global;
      }
    }
    for (String arguments : new String[] {"$argv", "$argc"}) {
      int at = s.indexOf(arguments);
      int end = at + arguments.length();
      if (at >= 0 && (at == 0 && end == s.length() || besideCode(s, at, end))) {
        // a script's arguments read as code ($argv[1], $argv;), not named in a sentence
        return "the PHP variable " + arguments;
      }
    }
    String upload = PhpSyntax.uploadedScript(s);
    if (upload != null) {
      return upload;
    }
    String ini = iniDirective(s);
    if (ini != null) {
      return ini;
    }
    return PhpSyntax.functionCall(s, DANGEROUS, WORDS);
  }

  /**
   * A name of {@link #PHP_ONLY_NAMES} standing as a word of its own anywhere in {@code s} ({@code
   * x=shell_exec}), or as the whole value when it has no underscore ({@code getmypid}).
   */
  private static String phpOnlyName(String s) {
    int n = s.length();
    int start = -1;
    for (int i = 0; i <= n; i++) {
      char c = i < n ? s.charAt(i) : ' ';
      boolean word = c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_';
      if (word) {
        if (start < 0) {
          start = i;
        }
      } else if (start >= 0) {
        int length = i - start;
        if (length >= 7 && length <= 28) {
          String name = s.substring(start, i);
          // a name reads as a noun in prose ("the phpinfo page", "shell_exec is a PHP thing"):
          // alone, or with an underscore and code punctuation beside it (x=shell_exec&y=1)
          boolean alone = start == 0 && i == n;
          if (PHP_ONLY_NAMES.contains(name)
              && (alone || name.indexOf('_') >= 0 && besideCode(s, start, i))) {
            return name;
          }
        }
        start = -1;
      }
    }
    return null;
  }

  /**
   * {@code include 'x.php'}, {@code require "http://…"}: the English words include and require
   * followed by a quoted script or URL, as PHP's constructs take them without parentheses.
   */
  private static String includedScript(String s) {
    for (String construct : new String[] {"include", "require"}) {
      int at = s.indexOf(construct);
      while (at >= 0) {
        int q = at + construct.length();
        while (q < s.length() && s.charAt(q) == ' ') {
          q++;
        }
        boolean starts = at == 0 || !Character.isLetterOrDigit(s.charAt(at - 1));
        if (starts && q > at + construct.length() && q < s.length()) {
          char quote = s.charAt(q);
          int end = quote == '\'' || quote == '"' ? s.indexOf(quote, q + 1) : -1;
          String path = end < 0 ? "" : s.substring(q + 1, end);
          if (path.contains("://")
              || path.endsWith(".php")
              || path.endsWith(".inc")
              || path.endsWith(".phtml")) {
            return "a PHP " + construct + " of " + (path.contains("://") ? "a URL" : "a script");
          }
        }
        at = s.indexOf(construct, at + construct.length());
      }
    }
    return null;
  }

  /** Whether code punctuation touches the word from {@code start} to {@code end}. */
  private static boolean besideCode(String s, int start, int end) {
    String code = ";=('\"[,&|{}.$:@";
    return start > 0 && code.indexOf(s.charAt(start - 1)) >= 0
        || end < s.length() && code.indexOf(s.charAt(end)) >= 0;
  }

  /** {@code ${'_GET'}}, {@code ${"_POST"}}: a superglobal reached through a string. */
  private static boolean variableVariable(String s, int open) {
    int i = open + 2;
    if (i + 2 >= s.length() || (s.charAt(i) != '\'' && s.charAt(i) != '"')) {
      return false;
    }
    String named = s.substring(i + 1, Math.min(s.length(), i + 20));
    for (String global : SUPERGLOBALS) {
      if (named.startsWith(global.substring(1))) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code define('x', 'system')}: a constant that names a dangerous function, to be called through
   * it later ({@code x('id')}) where no filter sees the name followed by a parenthesis.
   */
  private static String definedFunctionName(String s) {
    int at = s.indexOf("define");
    while (at >= 0) {
      int open = at + 6;
      while (open < s.length() && s.charAt(open) == ' ') {
        open++;
      }
      int comma = open < s.length() && s.charAt(open) == '(' ? s.indexOf(',', open) : -1;
      if (comma > 0 && comma - open < 64) {
        int q = comma + 1;
        while (q < s.length() && s.charAt(q) == ' ') {
          q++;
        }
        if (q < s.length() && (s.charAt(q) == '\'' || s.charAt(q) == '"')) {
          int end = s.indexOf(s.charAt(q), q + 1);
          String named = end < 0 ? "" : s.substring(q + 1, end);
          if (DANGEROUS.contains(named) || WORDS.contains(named)) {
            return "a PHP constant naming the function " + named;
          }
        }
      }
      at = s.indexOf("define", at + 6);
    }
    return null;
  }

  /** {@code name = value} at the start of the value where name is a risky directive. */
  private static String iniDirective(String s) {
    int eq = s.indexOf('=');
    if (eq <= 0 || eq > 48) {
      return null;
    }
    String name = s.substring(0, eq).strip();
    if (INI_DIRECTIVES.contains(name)) {
      return "the php.ini directive " + name;
    }
    if (name.indexOf(' ') < 0) {
      for (String family : INI_FAMILIES) {
        if (name.startsWith(family) && name.length() > family.length()) {
          return "the php.ini directive " + name;
        }
      }
    }
    return null;
  }
}
