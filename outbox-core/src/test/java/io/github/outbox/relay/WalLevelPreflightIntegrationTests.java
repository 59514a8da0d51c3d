package io.github.outbox.relay;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

import io.github.outbox.testsupport.CommandLine;
import io.github.outbox.testsupport.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The relay refuses to start on a server whose {@code wal_level} is not {@code logical},
 * and says how to fix it. It needs a second server: the one
 * {@code OUTBOX_PG_PORT=55433 OUTBOX_PG_WAL_LEVEL=replica bash db/postgres.sh start}
 * brings up, as CI does (another with
 * {@code -Doutbox.test.replica-server=jdbc:postgresql://host:port/db}, as a role that may
 * create databases, {@code -Doutbox.test.replica-user} and {@code -password}). Without
 * one the test is skipped, except under CI ({@code CI=true}), where it fails.
 */
class WalLevelPreflightIntegrationTests {

	private static final String SERVER = System.getProperty("outbox.test.replica-server",
			"jdbc:postgresql://127.0.0.1:55433/outbox_sample");

	private static final String USER = System.getProperty("outbox.test.replica-user", TestPostgres.APP_USER);

	private static final String PASSWORD = System.getProperty("outbox.test.replica-password",
			TestPostgres.APP_PASSWORD);

	@Test
	void failsToStartWhenWalLevelIsNotLogical() throws SQLException {
		Optional<String> walLevel = walLevel();
		String missing = "needs a PostgreSQL server with wal_level other than logical at " + SERVER
				+ ": OUTBOX_PG_PORT=55433 OUTBOX_PG_WAL_LEVEL=replica bash db/postgres.sh start";
		if ("true".equals(System.getenv("CI"))) {
			assertThat(walLevel).as(missing).isPresent().get().isNotEqualTo("logical");
		}
		assumeTrue(walLevel.filter((level) -> !level.equals("logical")).isPresent(), missing);
		String database = "outbox_wal_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		execute("create database " + database);
		try {
			String url = SERVER.substring(0, SERVER.lastIndexOf('/') + 1) + database;
			assertThatThrownBy(
					() -> new SpringApplicationBuilder(OutboxRelayIntegrationTests.RelayTestApplication.class)
						.web(WebApplicationType.NONE)
						.run(CommandLine.of(Map.of("spring.datasource.url", url, "spring.datasource.username", USER,
								"spring.datasource.password", PASSWORD, "outbox.relay.password", PASSWORD,
								"outbox.relay.kafka.bootstrap-servers", "127.0.0.1:1"))))
				.rootCause()
				.isInstanceOf(RelayStartupException.class)
				.hasMessageContaining("wal_level=" + walLevel.get().toLowerCase(Locale.ROOT))
				.satisfies((ex) -> assertThat(((RelayStartupException) ex).action()).contains("wal_level = logical"));
		}
		finally {
			execute("drop database " + database + " with (force)");
		}
	}

	private static Optional<String> walLevel() {
		try (Connection connection = DriverManager.getConnection(SERVER, USER, PASSWORD);
				Statement statement = connection.createStatement();
				var result = statement.executeQuery("show wal_level")) {
			result.next();
			return Optional.of(result.getString(1));
		}
		catch (SQLException ex) {
			return Optional.empty();
		}
	}

	private static void execute(String sql) throws SQLException {
		try (Connection connection = DriverManager.getConnection(SERVER, USER, PASSWORD);
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

}
