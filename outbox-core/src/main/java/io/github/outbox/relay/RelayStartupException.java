package io.github.outbox.relay;

import org.jspecify.annotations.Nullable;

/**
 * The relay cannot start because of the database's or Kafka's set-up; {@link #action()}
 * says how to fix it.
 */
public class RelayStartupException extends RuntimeException {

	private final String action;

	RelayStartupException(String description, String action, @Nullable Throwable cause) {
		super(description, cause);
		this.action = action;
	}

	/** What to do about it. */
	public String action() {
		return this.action;
	}

}
