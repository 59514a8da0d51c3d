package io.github.outbox.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reference document of the wire contract, {@code docs/contracts/<name>.json}, which
 * the monolith's events must match and mail-relay reads too.
 *
 * @param path where the document is
 */
public record ContractDocument(Path path) {

	private static final JsonMapper json = JsonMapper.builder().build();

	/** The reference document of an event type, under the project root. */
	public static ContractDocument of(String eventType) {
		return new ContractDocument(
				Path.of(System.getProperty("project.root", ".."), "docs", "contracts", eventType + ".json"));
	}

	public JsonNode tree() {
		return json.readTree(text());
	}

	/** The document read as the monolith's own record of the event. */
	public <T> T read(Class<T> type) {
		return json.readValue(text(), type);
	}

	/** The event as the monolith writes it to the outbox. */
	public static JsonNode written(Object event) {
		return json.readTree(json.writeValueAsString(event));
	}

	/** Asserts that both objects have the same fields, each of the same kind of value. */
	public static void assertSameShape(JsonNode written, JsonNode reference) {
		assertThat(Set.copyOf(written.propertyNames())).isEqualTo(Set.copyOf(reference.propertyNames()));
		for (String name : reference.propertyNames()) {
			assertThat(written.get(name).getNodeType()).as(name).isEqualTo(reference.get(name).getNodeType());
		}
	}

	private String text() {
		try {
			return Files.readString(this.path);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
