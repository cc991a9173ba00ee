package io.antbot.config;

import io.antbot.settings.ConfigException;
import io.antbot.settings.YamlDocument;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads YAML files, parsing a file again only when its text changed: a reload triggered by one file
 * does not pay for parsing the others (the schema is the largest). Not thread-safe; {@link
 * LiveConfig} serializes its use.
 */
final class DocumentCache implements ConfigLayers.DocumentReader {

  private record Parsed(String text, YamlDocument document) {}

  private final Map<Path, Parsed> parsed = new HashMap<>();

  @Override
  public YamlDocument read(Path file) throws ConfigException, NoSuchFileException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      parsed.remove(file);
      throw e;
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read: " + e.getMessage());
    }
    Parsed known = parsed.get(file);
    if (known != null && known.text().equals(text)) {
      return known.document();
    }
    YamlDocument document = YamlDocument.parse(file.toString(), text);
    parsed.put(file, new Parsed(text, document));
    return document;
  }
}
