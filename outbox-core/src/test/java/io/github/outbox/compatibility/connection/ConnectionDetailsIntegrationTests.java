package io.github.outbox.compatibility.connection;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.support.TransactionTemplate;

import io.github.outbox.Outbox;
import io.github.outbox.relay.RelayStartupException;
import io.github.outbox.testsupport.CommandLine;
import io.github.outbox.testsupport.TestDatabase;
import io.github.outbox.testsupport.TestKafka;
import io.github.outbox.testsupport.TestPostgres;
import io.github.outbox.testsupport.TopicReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * The relay follows the application's connection details, as a {@code @ServiceConnection}
 * (Testcontainers) or Docker Compose registers them, rather than the
 * {@code spring.datasource.*} and {@code spring.kafka.*} properties they override. Here
 * the details point at the local test services, so this runs without Docker;
 * {@link TestcontainersIntegrationTests} runs the same path against containers where a
 * Docker engine exists.
 */
class ConnectionDetailsIntegrationTests {

	private static TestKafka kafka;

	private static TestDatabase database;

	@BeforeAll
	static void start() {
		kafka = TestKafka.start();
		database = TestPostgres.createDatabase("connection_details");
	}

	@AfterAll
	static void stop() {
		database.close();
		kafka.close();
	}

	@Test
	void streamsFromTheDetailsDatabaseAndPublishesToTheDetailsKafka() {
		try (ConfigurableApplicationContext app = application(Map.of("outbox.relay.username", TestPostgres.RELAY_USER,
				"outbox.relay.password", TestPostgres.RELAY_PASSWORD));
				TopicReader topic = new TopicReader(kafka.bootstrapServers(),
						Pattern.compile("outbox\\.event\\.Parcel"))) {
			UUID parcelId = UUID.randomUUID();
			app.getBean(TransactionTemplate.class)
				.executeWithoutResult(
						(status) -> app.getBean(Outbox.class).publish("Parcel", parcelId, Map.of("weight", 3)));

			await().atMost(Duration.ofSeconds(30))
				.until(() -> topic.poll()
					.stream()
					.filter((record) -> parcelId.toString().equals(TopicReader.text(record.key())))
					.findFirst(), Optional::isPresent);
		}
	}

	@Test
	void streamsAsTheDetailsRoleWhenTheRelayHasNoRoleOfItsOwn() {
		// The details name the application's role, which may not stream: the relay must
		// have taken that role and its password from them, and says what it lacks.
		assertThatException().isThrownBy(() -> application(Map.of()).close())
			.satisfies((ex) -> assertThat(startupFailure(ex)).isNotNull()
				.satisfies((failure) -> assertThat(failure.getMessage())
					.isEqualTo("The relay's role '" + TestPostgres.APP_USER + "' may not stream changes")));
	}

	/**
	 * The application with connection-details beans only: the properties they override
	 * point nowhere, as they would in a test whose services come from containers.
	 */
	private static ConfigurableApplicationContext application(Map<String, Object> relayRole) {
		Map<String, Object> properties = new java.util.HashMap<>(relayRole);
		properties.put("spring.datasource.url", "jdbc:postgresql://127.0.0.1:1/nowhere");
		properties.put("spring.kafka.bootstrap-servers", "127.0.0.1:1");
		properties.put("outbox.relay.slot-name", database.slotName());
		properties.put("outbox.relay.kafka.startup-timeout", "5s");
		JdbcConnectionDetails jdbc = new LocalJdbcConnectionDetails(database.jdbcUrl(), TestPostgres.APP_USER,
				TestPostgres.APP_PASSWORD);
		KafkaConnectionDetails kafkaDetails = () -> List.of(kafka.bootstrapServers());
		return new SpringApplicationBuilder(ServiceConnectionApplication.class).web(WebApplicationType.NONE)
			.initializers((context) -> {
				context.getBeanFactory().registerSingleton("jdbcConnectionDetails", jdbc);
				context.getBeanFactory().registerSingleton("kafkaConnectionDetails", kafkaDetails);
			})
			.run(CommandLine.of(properties));
	}

	private static RelayStartupException startupFailure(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof RelayStartupException startup) {
				return startup;
			}
		}
		return null;
	}

	private record LocalJdbcConnectionDetails(String getJdbcUrl, String getUsername,
			String getPassword) implements JdbcConnectionDetails {

	}

}
