package io.github.outbox.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * The PostgreSQL server the integration tests use: the one {@code db/postgres.sh} starts,
 * found through the same environment variables.
 */
public final class TestPostgres {

	public static final String HOST = env("OUTBOX_PG_HOST", "127.0.0.1");

	public static final int PORT = Integer.parseInt(env("OUTBOX_PG_PORT", "55432"));

	public static final String APP_USER = "outbox_app";

	public static final String APP_PASSWORD = env("OUTBOX_APP_PASSWORD", "outbox_app");

	public static final String RELAY_USER = "outbox_relay";

	public static final String RELAY_PASSWORD = env("OUTBOX_RELAY_PASSWORD", "outbox_relay");

	private TestPostgres() {
	}

	/**
	 * A new, empty database owned by the application role, dropped by
	 * {@link TestDatabase#close()}.
	 */
	public static TestDatabase createDatabase(String prefix) {
		String name = (prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12))
			.toLowerCase(Locale.ROOT);
		execute("outbox_sample", APP_USER, APP_PASSWORD, "create database " + name);
		return new TestDatabase(name);
	}

	public static String jdbcUrl(String database) {
		return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + database;
	}

	static void execute(String database, String user, String password, String sql) {
		try (Connection connection = DriverManager.getConnection(jdbcUrl(database), user, password);
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot run '" + sql + "' on " + jdbcUrl(database) + " as " + user
					+ ": is the test server up (bash db/postgres.sh start)?", ex);
		}
	}

	static long query(String database, String user, String password, String sql) {
		try (Connection connection = DriverManager.getConnection(jdbcUrl(database), user, password);
				Statement statement = connection.createStatement();
				ResultSet result = statement.executeQuery(sql)) {
			result.next();
			return result.getLong(1);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot run '" + sql + "' on " + jdbcUrl(database) + " as " + user, ex);
		}
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value : fallback;
	}

}
