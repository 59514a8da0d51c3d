package io.github.outbox.relay;

import java.sql.Connection;
import java.sql.SQLException;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session of the relay's own that is kept open between uses: opened on first use, and
 * again after it was closed for a failure. Closing it never throws: a session that broke
 * has nothing left to release.
 */
final class RelayConnection {

	private static final Logger logger = LoggerFactory.getLogger(RelayConnection.class);

	private final Opener opener;

	private @Nullable Connection connection;

	/**
	 * @param opener opens a new session, for example {@link ReplicationTarget#connect}
	 */
	RelayConnection(Opener opener) {
		this.opener = opener;
	}

	/** The open session, opened first where there is none. */
	Connection get() throws SQLException {
		Connection current = this.connection;
		if (current == null || current.isClosed()) {
			current = this.opener.open();
			this.connection = current;
		}
		return current;
	}

	/**
	 * Whether a session is open and answers within {@code timeoutSeconds}; opens none.
	 */
	boolean isValid(int timeoutSeconds) {
		Connection current = this.connection;
		try {
			return current != null && current.isValid(timeoutSeconds);
		}
		catch (SQLException ex) {
			return false;
		}
	}

	/** Closes the session, if one is open; the next {@link #get()} opens a new one. */
	void close() {
		Connection current = this.connection;
		this.connection = null;
		if (current != null) {
			try {
				current.close();
			}
			catch (SQLException ex) {
				logger.debug("Closing a relay connection failed", ex);
			}
		}
	}

	/** Opens a session. */
	@FunctionalInterface
	interface Opener {

		Connection open() throws SQLException;

	}

}
