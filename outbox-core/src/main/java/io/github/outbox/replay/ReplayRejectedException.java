package io.github.outbox.replay;

/**
 * A replay that was refused before anything was written: its message says what to change.
 */
public class ReplayRejectedException extends IllegalArgumentException {

	ReplayRejectedException(String message) {
		super(message);
	}

}
