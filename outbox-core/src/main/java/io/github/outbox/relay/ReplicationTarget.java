package io.github.outbox.relay;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.postgresql.Driver;

/**
 * The PostgreSQL database the relay streams from and the role it streams as. The sessions
 * the relay opens itself, beside the engine's (start-up checks, leadership, offsets),
 * open here; those kept open between uses are a {@link RelayConnection}.
 */
record ReplicationTarget(String host, int port, String database, String username, String password) {

	/**
	 * The database behind the application's DataSource, with the relay's own role where
	 * one is set.
	 */
	static ReplicationTarget of(DataSource dataSource, RelayProperties settings, @Nullable String fallbackUsername,
			@Nullable String fallbackPassword) {
		String url;
		String dataSourceUser;
		try (Connection connection = dataSource.getConnection()) {
			url = connection.getMetaData().getURL();
			dataSourceUser = connection.getMetaData().getUserName();
		}
		catch (SQLException ex) {
			throw new RelayStartupException("Cannot connect to the outbox DataSource to find the database to stream "
					+ "from: " + ex.getMessage(), "Check spring.datasource.* and that PostgreSQL is running.", ex);
		}
		Properties parsed = (url != null) ? Driver.parseURL(url, null) : null;
		if (parsed == null) {
			throw new RelayStartupException("The outbox DataSource is not a PostgreSQL database (URL " + url + ")",
					"The relay streams from PostgreSQL only: point spring.datasource.url at a PostgreSQL server.",
					null);
		}
		// A relay role of its own takes its own password; otherwise the
		// DataSource's pair.
		String username = (settings.username() != null) ? settings.username()
				: (fallbackUsername != null) ? fallbackUsername : dataSourceUser;
		String password = (settings.username() != null || settings.password() != null) ? settings.password()
				: fallbackPassword;
		if (password == null) {
			throw new RelayStartupException("No password is set for the relay's role '" + username + "'",
					"Set outbox.relay.password (for example from the OUTBOX_RELAY_PASSWORD environment variable).",
					null);
		}
		if (password.startsWith("${") && password.endsWith("}")) {
			String name = password.substring(2, password.length() - 1).split(":", 2)[0];
			throw new RelayStartupException(
					"The password of the relay's role '" + username + "' is the unresolved placeholder " + password
							+ ": nothing named " + name + " is set",
					"Set the environment variable (or property) " + name
							+ ", or outbox.relay.password, before the application starts.",
					null);
		}
		String host = parsed.getProperty("PGHOST").split(",")[0];
		String port = parsed.getProperty("PGPORT").split(",")[0];
		return new ReplicationTarget(host, Integer.parseInt(port), parsed.getProperty("PGDBNAME"), username, password);
	}

	/** A new session as the relay's role, outside the application's pool. */
	Connection connect() throws SQLException {
		return DriverManager.getConnection(jdbcUrl(), credentials());
	}

	/**
	 * A new session as the relay's role, outside the application's pool, that shows in
	 * {@code pg_stat_activity} as {@code applicationName}.
	 */
	Connection connect(String applicationName) throws SQLException {
		Properties properties = credentials();
		properties.setProperty("ApplicationName", applicationName);
		return DriverManager.getConnection(jdbcUrl(), properties);
	}

	private Properties credentials() {
		Properties properties = new Properties();
		properties.setProperty("user", this.username);
		properties.setProperty("password", this.password);
		return properties;
	}

	private String jdbcUrl() {
		return "jdbc:postgresql://" + this.host + ":" + this.port + "/" + this.database;
	}

	@Override
	public String toString() {
		return this.username + "@" + this.host + ":" + this.port + "/" + this.database;
	}

}
