package io.github.outbox.testsupport;

import java.util.Map;

/**
 * Properties as command-line arguments, which win over an application's own
 * {@code application.yml} (default properties would not).
 */
public final class CommandLine {

	private CommandLine() {
	}

	public static String[] of(Map<String, ?> properties) {
		return properties.entrySet().stream().map((e) -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
	}

}
