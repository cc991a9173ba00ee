package io.antbot.settings;

/**
 * A configuration that cannot be used; the message is one line that names the file, line and key
 * where known.
 */
public class ConfigException extends Exception {

  public ConfigException(String message) {
    super(message.replace('\n', ' ').replace('\r', ' '), null, false, false);
  }
}
