package io.antbot.security.threat;

import java.util.Set;

/**
 * Files an attacker reads or includes to learn about a host, by the end of their path: Unix
 * account, process and shell-history files, Windows system files, secrets of common tools. Shared
 * by {@link PathTraversalDetector} and {@link CommandInjectionDetector}.
 */
final class SensitivePaths {

  /** Whole path suffixes, compared after backslashes became slashes. */
  private static final Set<String> SUFFIXES =
      Set.of(
          "etc/passwd",
          "etc/shadow",
          "etc/group",
          "etc/hosts",
          "etc/issue",
          "etc/sudoers",
          "etc/crontab",
          "etc/master.passwd",
          "etc/gshadow",
          "etc/hostname",
          "etc/motd",
          "etc/resolv.conf",
          "etc/fstab",
          "etc/profile",
          "etc/bashrc",
          "etc/os-release",
          "etc/security/passwd",
          "etc/httpd/conf/httpd.conf",
          "etc/apache2/apache2.conf",
          "etc/nginx/nginx.conf",
          "etc/mysql/my.cnf",
          "etc/my.cnf",
          "etc/php.ini",
          "etc/ssh/sshd_config",
          "proc/self/environ",
          "proc/self/cmdline",
          "proc/self/maps",
          "proc/self/status",
          "proc/self/fd",
          "proc/self/mem",
          "proc/version",
          "proc/cpuinfo",
          "proc/meminfo",
          "proc/interrupts",
          "proc/mounts",
          "proc/net/tcp",
          "proc/net/arp",
          "proc/sched_debug",
          "var/log/auth.log",
          "var/log/syslog",
          "var/log/messages",
          "var/log/secure",
          "var/log/apache2/access.log",
          "var/log/apache2/error.log",
          "var/log/nginx/access.log",
          "var/log/nginx/error.log",
          "var/log/httpd/access_log",
          "var/log/httpd/error_log",
          "var/run/secrets/kubernetes.io/serviceaccount/token",
          ".bash_history",
          ".xauthority",
          ".vimrc",
          "boot/grub/menu.lst",
          ".zsh_history",
          ".sh_history",
          ".mysql_history",
          ".psql_history",
          ".bashrc",
          ".bash_profile",
          ".profile",
          ".zshrc",
          ".netrc",
          ".pgpass",
          ".my.cnf",
          ".ssh/id_rsa",
          ".ssh/id_dsa",
          ".ssh/id_ecdsa",
          ".ssh/id_ed25519",
          ".ssh/authorized_keys",
          ".ssh/known_hosts",
          ".aws/credentials",
          ".docker/config.json",
          ".kube/config",
          ".git/config",
          ".git/head",
          ".htaccess",
          ".htpasswd",
          ".env",
          "web.config",
          "wp-config.php",
          "configuration.php",
          "config.php",
          "localsettings.php",
          "boot.ini",
          "win.ini",
          "system.ini",
          "windows/win.ini",
          "windows/system.ini",
          "windows/system32/drivers/etc/hosts",
          "windows/system32/config/sam",
          "windows/repair/sam",
          "repair/sam",
          "repair/system",
          "system32/config/sam",
          "windows/panther/unattend.xml",
          "inetpub/wwwroot/web.config",
          "autoexec.bat",
          "pagefile.sys",
          "hiberfil.sys",
          "boot/grub/grub.cfg",
          // Further host files an attacker reads to learn a Unix system: its release, its loader,
          // its accounts and services, and the logs that record who logged in.
          "etc/hosts.allow",
          "etc/hosts.deny",
          "etc/lsb-release",
          "etc/redhat-release",
          "etc/debian_version",
          "etc/issue.net",
          "etc/ld.so.preload",
          "etc/ld.so.conf",
          "etc/nsswitch.conf",
          "etc/sysctl.conf",
          "etc/exports",
          "etc/inittab",
          "etc/shells",
          "etc/login.defs",
          "etc/environment",
          "etc/aliases",
          "etc/anacrontab",
          "etc/cron.allow",
          "etc/at.allow",
          "etc/rc.local",
          "etc/machine-id",
          "etc/subuid",
          "etc/subgid",
          "etc/networks",
          "etc/vsftpd.conf",
          "etc/knockd.conf",
          "etc/mongod.conf",
          "etc/local.xml",
          "etc/env.php",
          "var/log/wtmp",
          "var/log/btmp",
          "var/log/lastlog",
          "var/log/faillog",
          "var/log/kern.log",
          "var/log/mail.log",
          "var/log/dmesg",
          "var/log/apache/access.log",
          "var/log/apache/error.log",
          "var/run/utmp",
          "var/mail/root",
          "proc/self/cwd",
          "proc/self/exe",
          "proc/self/root",
          "proc/self/mountinfo",
          "proc/self/stat",
          "proc/net/udp",
          "proc/net/route",
          "proc/net/fib_trie",
          "proc/net/unix",
          "proc/partitions",
          "proc/modules",
          "proc/kallsyms",
          "proc/cmdline",
          "proc/filesystems",
          // configuration files of servers and databases, wherever they are installed
          "httpd.conf",
          "apache2.conf",
          "nginx.conf",
          "php.ini",
          "my.cnf",
          "my.ini",
          "sshd_config",
          "ssh_config",
          "pg_hba.conf",
          "postgresql.conf",
          "redis.conf",
          "smb.conf",
          "snmpd.conf",
          "proftpd.conf",
          "tomcat-users.xml",
          "mysql/user.myd",
          "web-inf/web.xml",
          "config/database.yml",
          "config/secrets.yml",
          "config/master.key",
          "sites/default/settings.php",
          // home-directory files holding histories, tokens and settings
          ".viminfo",
          ".lesshst",
          ".gitconfig",
          ".git-credentials",
          ".npmrc",
          ".pypirc",
          ".python_history",
          ".node_repl_history",
          ".rediscli_history",
          ".sqlite_history",
          ".bash_logout",
          ".cshrc",
          ".tcshrc",
          ".kshrc",
          ".xinitrc",
          ".ssh/config",
          ".svn/entries",
          ".svn/wc.db",
          ".ds_store",
          ".htdigest",
          ".user.ini",
          ".dockerenv",
          // Windows set-up answers, logs and hives
          "sysprep.inf",
          "sysprep/sysprep.xml",
          "unattend.xml",
          "unattended.xml",
          "windows/debug/netsetup.log",
          "windows/iis6.log",
          "windows/windowsupdate.log",
          "windows/system32/inetsrv/config/applicationhost.config",
          "windows/system32/config/system",
          "windows/system32/config/software",
          "windows/system32/config/security",
          "windows/system32/config/regback/sam",
          "windows/repair/system",
          "windows/repair/software",
          "winnt/win.ini",
          "winnt/php.ini",
          "windows/php.ini",
          "xampp/apache/conf/httpd.conf",
          "xampp/php/php.ini");

  /**
   * Directories whose every file is a secret or a server's configuration: a path into one of them
   * (with a file name after it) is sensitive whatever the file.
   */
  private static final String[] DIRECTORIES = {
    "/etc/ssl/private/",
    "/etc/ssh/",
    "/etc/sudoers.d/",
    "/etc/cron.d/",
    "/etc/pam.d/",
    "/etc/security/",
    "/etc/apache2/",
    "/etc/httpd/",
    "/etc/nginx/",
    "/etc/mysql/",
    "/etc/postgresql/",
    "/etc/php/",
    "/etc/openvpn/",
    "/etc/redis/",
    "/etc/docker/",
    "/etc/samba/",
    "/etc/snmp/",
    "/etc/network/",
    "/etc/proftpd/",
    "/etc/tomcat",
    "/etc/kubernetes/",
    "/root/",
    "/var/lib/mysql/",
    "/var/lib/pgsql/",
    "/var/spool/cron/",
    "/var/run/secrets/",
    "/sys/class/",
    "/sys/kernel/",
    "/sys/firmware/",
    "/.ssh/",
    "/.gnupg/",
    "/web-inf/",
    "/usr/local/apache",
    "/opt/lampp/etc/",
    "/inetpub/logs/"
  };

  private SensitivePaths() {}

  /**
   * Whether {@code path} (lower case) ends in a sensitive file, or a backup copy of one ({@code
   * etc/shadow-}, {@code wp-config.php.bak}, {@code .env~}: it holds the same), or leads into a
   * directory of secrets. One backup suffix is taken off, not a chain of them: a value of thousands
   * of dashes costs one more look, not a look per dash.
   */
  static boolean isSensitive(String path) {
    if (listedOrShaped(path)) {
      return true;
    }
    String backup = withoutBackupSuffix(path);
    return backup != null && listedOrShaped(backup);
  }

  private static boolean listedOrShaped(String path) {
    if (path.indexOf('/') >= 0 || path.indexOf('\\') >= 0) {
      String slashed = path.replace('\\', '/');
      for (String directory : DIRECTORIES) {
        int at = slashed.indexOf(directory);
        if (at < 0 && slashed.startsWith(directory, 1)) {
          // the path as an include gives it, without its leading slash: etc/ssh/sshd_config
          at = 0;
        }
        int after = at + directory.length();
        if (at >= 0 && after < slashed.length() && slashed.charAt(after) != '/') {
          return true;
        }
      }
      if (serverFile(slashed)) {
        return true;
      }
    }
    if (sensitiveByName(path)) {
      return true;
    }
    if (!mayEndInListedName(path)) {
      return false;
    }
    String p = path.replace('\\', '/');
    int cut = indexOfAny(p, "?#\"' ");
    if (cut >= 0) {
      p = p.substring(0, cut);
    }
    while (p.endsWith("/") || p.endsWith(".") && p.length() > 1 && !p.endsWith("..")) {
      p = p.substring(0, p.length() - 1);
    }
    // The longest listed suffix has six parts: only the end of a long path can match.
    int slash = -1;
    for (int parts = 0, at = p.length(); parts < 8 && at > 0; parts++) {
      at = p.lastIndexOf('/', at - 1);
      if (at < 0) {
        break;
      }
      slash = parts == 7 ? at : slash;
    }
    while (true) {
      String tail = p.substring(slash + 1);
      if (SUFFIXES.contains(tail)) {
        return slash >= 0
            || tail.indexOf('/') > 0
            || tail.startsWith(".")
            || tail.startsWith("wp-config.")
            || tail.endsWith(".ini")
            || tail.endsWith(".sys");
      }
      int next = p.indexOf('/', slash + 1);
      if (next < 0) {
        return false;
      }
      slash = next;
    }
  }

  /** What editors and administrators append to a file they copy or edit. */
  private static final String[] BACKUP_SUFFIXES = {
    "~", "-", ".bak", ".old", ".orig", ".save", ".swp", ".backup", ".copy", ".tmp", ".dist"
  };

  /** {@code path} without the backup suffix it ends in, or {@code null} when it has none. */
  private static String withoutBackupSuffix(String path) {
    for (String suffix : BACKUP_SUFFIXES) {
      if (path.length() > suffix.length() + 1 && path.endsWith(suffix)) {
        String stripped = path.substring(0, path.length() - suffix.length());
        char last = stripped.charAt(stripped.length() - 1);
        return last == '/' || last == '\\' || last == '.' ? null : stripped;
      }
    }
    return null;
  }

  /**
   * Files sensitive by the shape of their name rather than by a list: a shell's or tool's history
   * in a home directory ({@code .ksh_history}, {@code .zhistory}, {@code .python_history}, {@code
   * .lldb-history}: whatever its program, it holds the commands typed, passwords among them), and a
   * service's password file in a system path ({@code etc/samba/smbpasswd}, {@code
   * etc/security/opasswd}, {@code usr/local/pgsql/data/passwd}: a last part ending in {@code
   * passwd} under {@code etc/} or three directories deep).
   */
  private static boolean sensitiveByName(String path) {
    int end = path.length();
    while (end > 0 && (path.charAt(end - 1) == '/' || path.charAt(end - 1) == '\\')) {
      end--;
    }
    int start = Math.max(path.lastIndexOf('/', end - 1), path.lastIndexOf('\\', end - 1)) + 1;
    String last = path.substring(start, end);
    if (last.length() >= 9
        && last.charAt(0) == '.'
        && last.endsWith("history")
        && isNameOnly(last.substring(1, last.length() - 7))) {
      return true;
    }
    if (!last.endsWith("passwd") || start == 0) {
      return false;
    }
    String dirs = path.substring(0, start).replace('\\', '/');
    int depth = 0;
    for (int i = 0; i < dirs.length(); i++) {
      depth += dirs.charAt(i) == '/' && i > 0 ? 1 : 0;
    }
    return dirs.startsWith("etc/") || dirs.contains("/etc/") || depth >= 3;
  }

  /** The top directories of a host's own software, with and without their leading slash. */
  private static final Set<String> SYSTEM_ROOTS =
      Set.of(
          "etc",
          "var",
          "usr",
          "opt",
          "srv",
          "private",
          "xampp",
          "lampp",
          "wamp",
          "winnt",
          "windows",
          "program files",
          "program files (x86)",
          "library",
          "applications");

  /**
   * The directories server software keeps its configuration, data and logs in: web, mail, FTP,
   * file-sharing and database servers, control panels and bundles (names opening with {@code php},
   * {@code tomcat}, {@code apache}, {@code mysql} or {@code postgres} count by that opening, see
   * {@link #serverFile}). Written for this project from the packages' documented layouts.
   */
  private static final Set<String> SERVER_DIRECTORIES =
      Set.of(
          "httpd",
          "nginx",
          "lighttpd",
          "lsws",
          "jboss",
          "[jboss]",
          "jakarta",
          "jetty",
          "samba",
          "proftpd",
          "pure-ftpd",
          "pureftpd",
          "vsftpd",
          "wu-ftpd",
          "mariadb",
          "pgsql",
          "mongodb",
          "redis",
          "cpanel",
          "plesk",
          "webmin",
          "squirrelmail",
          "roundcube",
          "phpmyadmin",
          "postfix",
          "sendmail",
          "dovecot",
          "exim",
          "exim4",
          "squid",
          "tinyproxy",
          "openvpn",
          "webalizer",
          "awstats",
          "mercurymail",
          "filezillaftp",
          "inetsrv");

  /**
   * Names of server software that an application's own tree may use for something else ({@code
   * /opt/desk/bind/}, {@code /srv/app/adm/}): they count only right under the root ({@code
   * etc/bind/named.conf}, {@code var/adm/sulog}) or under its {@code local} ({@code
   * usr/local/psa/…}).
   */
  private static final Set<String> SERVER_DIRECTORIES_NEAR_ROOT =
      Set.of("adm", "bind", "named", "courier", "psa", "mail", "news");

  /** System log files under {@code var/log}: the host's, never an application's own log. */
  private static final String[] SYSTEM_LOGS = {
    "syslog",
    "messages",
    "auth.log",
    "secure",
    "xferlog",
    "kern.log",
    "mail.",
    "maillog",
    "cron",
    "boot.log",
    "daemon.log",
    "user.log",
    "poplog",
    "access_log",
    "error_log",
    "access.log",
    "error.log",
    "wtmp",
    "btmp",
    "lastlog",
    "faillog",
    "dmesg",
    "debug",
    "news",
    "httpd",
    "apache",
    "nginx",
    "mysql",
    "postgresql",
    "pgsql_log",
    "samba",
    "proftpd",
    "vsftpd",
    "pure-ftpd",
    "tomcat",
    "exim",
    "dovecot",
    "ufw.log",
    "audit"
  };

  /**
   * {@code etc/apache2/ports.conf}, {@code usr/local/mysql/data/mysql.err}, {@code
   * windows/system32/logfiles/smtpsvc}, {@code var/log/xferlog}: a file in a system directory that
   * belongs to server software the host runs — its configuration, data or logs — or a system log.
   * An application's own paths ({@code /etc/antbot/antbot.yaml}, {@code /var/log/antbot/app.log})
   * name no such directory and pass.
   */
  private static boolean serverFile(String slashed) {
    int start = 0;
    while (start < slashed.length()
        && (slashed.charAt(start) == '/' || slashed.charAt(start) == '.')) {
      start++;
    }
    if (start + 2 < slashed.length() && slashed.charAt(start + 1) == ':') {
      start += 2;
      while (start < slashed.length() && slashed.charAt(start) == '/') {
        start++;
      }
    }
    int firstSlash = slashed.indexOf('/', start);
    if (firstSlash < 0) {
      return false;
    }
    String root = slashed.substring(start, firstSlash);
    if (!SYSTEM_ROOTS.contains(root) && !root.equals("system32")) {
      return false;
    }
    // the first eleven parts; a longer path keeps the rest in the last one, never looked into
    String[] parts = slashed.substring(start).split("/", 12);
    if (parts.length < 3 || parts[parts.length - 1].isEmpty()) {
      return false;
    }
    if (root.equals("system32")) {
      return parts[1].equals("inetsrv");
    }
    if (parts[0].equals("var") && parts[1].equals("log")) {
      String log = parts[2];
      for (String name : SYSTEM_LOGS) {
        if (log.startsWith(name)) {
          return true;
        }
      }
    }
    if (parts[0].equals("windows") || parts[0].equals("winnt")) {
      return parts[1].equals("system32") || parts[1].equals("repair") || parts[1].equals("debug");
    }
    for (int i = 1; i < parts.length - 1; i++) {
      String part = parts[i];
      boolean nearRoot = i == 1 || i == 2 && parts[1].equals("local");
      if (SERVER_DIRECTORIES.contains(part)
          || nearRoot && SERVER_DIRECTORIES_NEAR_ROOT.contains(part)
          || part.startsWith("php")
          || part.startsWith("tomcat")
          || part.startsWith("apache")
          || part.startsWith("mysql")
          || part.startsWith("postgres")) {
        return true;
      }
    }
    return false;
  }

  /** Letters, digits, {@code _} and {@code -} only (a history file's program part). */
  private static boolean isNameOnly(String part) {
    for (int i = 0; i < part.length(); i++) {
      char c = part.charAt(i);
      if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-')) {
        return false;
      }
    }
    return true;
  }

  /** The last parts of the listed paths ({@code passwd}, {@code win.ini}), for a quick refusal. */
  private static final Set<String> LAST_PARTS = lastParts();

  private static Set<String> lastParts() {
    java.util.HashSet<String> names = new java.util.HashSet<>();
    for (String suffix : SUFFIXES) {
      names.add(suffix.substring(suffix.lastIndexOf('/') + 1));
    }
    return Set.copyOf(names);
  }

  /** Whether the last part of {@code path} is the last part of a listed path. */
  private static boolean mayEndInListedName(String path) {
    int end = path.length();
    int cut = indexOfAny(path, "?#\"' ");
    if (cut >= 0) {
      end = cut;
    }
    while (end > 0
        && (path.charAt(end - 1) == '/'
            || path.charAt(end - 1) == '\\'
            || path.charAt(end - 1) == '.' && !(end > 1 && path.charAt(end - 2) == '.'))) {
      end--;
    }
    int start = end;
    while (start > 0 && path.charAt(start - 1) != '/' && path.charAt(start - 1) != '\\') {
      start--;
    }
    return end > start && LAST_PARTS.contains(path.substring(start, end));
  }

  private static int indexOfAny(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }
}
