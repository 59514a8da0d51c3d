package io.github.outbox.sample.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/**
 * The figures of a fault test, printed and appended as one JSON line to
 * {@code target/reliability/figures.jsonl}, from which docs/reliability.md takes its
 * table.
 */
final class ReliabilityFigures {

	private static final Path FILE = Path.of("target", "reliability", "figures.jsonl");

	private ReliabilityFigures() {
	}

	static void record(String fault, Map<String, Object> figures) {
		Map<String, Object> line = new LinkedHashMap<>();
		line.put("fault", fault);
		line.put("at", Instant.now().toString());
		line.putAll(figures);
		String json = JsonMapper.builder().build().writeValueAsString(line);
		System.out.println("RELIABILITY " + json);
		try {
			Files.createDirectories(FILE.getParent());
			Files.writeString(FILE, json + System.lineSeparator(), StandardOpenOption.CREATE,
					StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
