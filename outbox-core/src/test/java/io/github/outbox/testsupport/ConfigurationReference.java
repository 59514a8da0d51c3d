package io.github.outbox.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The settings a module's configuration metadata declares, checked against the project's
 * configuration reference ({@code docs/configuration.md}).
 */
public final class ConfigurationReference {

	private static final Path METADATA = Path.of("target/classes/META-INF/spring-configuration-metadata.json");

	private static final Path REFERENCE = Path.of("../docs/configuration.md");

	private ConfigurationReference() {
	}

	/** The settings of the module under test, as its build generated them. */
	public static List<String> declaredSettings() {
		JsonNode root = JsonMapper.builder().build().readTree(METADATA.toFile());
		return root.get("properties").valueStream().map((property) -> property.get("name").asString()).toList();
	}

	/** The text of the configuration reference. */
	public static String documentation() {
		try {
			return Files.readString(REFERENCE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
