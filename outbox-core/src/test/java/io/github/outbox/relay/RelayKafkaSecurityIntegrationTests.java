package io.github.outbox.relay;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.support.TransactionTemplate;

import io.github.outbox.Outbox;
import io.github.outbox.testsupport.CommandLine;
import io.github.outbox.testsupport.TestDatabase;
import io.github.outbox.testsupport.TestKafka;
import io.github.outbox.testsupport.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The relay publishes to a broker that requires SASL/PLAIN with nothing but the
 * application's own {@code spring.kafka.*} settings.
 */
class RelayKafkaSecurityIntegrationTests {

	private static TestKafka kafka;

	private TestDatabase database;

	@BeforeAll
	static void startKafka() {
		kafka = TestKafka.startWithSasl();
	}

	@AfterAll
	static void stopKafka() {
		kafka.close();
	}

	@BeforeEach
	void createDatabase() {
		this.database = TestPostgres.createDatabase("relay_sasl");
	}

	@AfterEach
	void dropDatabase() {
		this.database.close();
	}

	@Test
	void publishesWithTheApplicationsSpringKafkaSaslSettings() {
		try (ConfigurableApplicationContext app = start(TestKafka.SASL_PASSWORD)) {
			app.getBean(TransactionTemplate.class)
				.executeWithoutResult((status) -> app.getBean(Outbox.class)
					.publish("Account", UUID.randomUUID(), Map.of("holder", "ada")));

			OutboxRelay relay = app.getBean(OutboxRelay.class);
			await().atMost(Duration.ofSeconds(60)).until(() -> relay.statistics().published() == 1);
		}
	}

	@Test
	void saysThatKafkaRefusedTheCredentialsRatherThanThatItDidNotAnswer() {
		assertThatThrownBy(() -> start("not-the-password")).hasStackTraceContaining("refused the relay's credentials")
			.hasStackTraceContaining("Authentication failed");
	}

	private ConfigurableApplicationContext start(String password) {
		Map<String, Object> properties = new HashMap<>(this.database.properties());
		properties.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
		properties.put("spring.kafka.security.protocol", "SASL_PLAINTEXT");
		properties.put("spring.kafka.properties.sasl.mechanism", "PLAIN");
		properties.put("spring.kafka.properties.sasl.jaas.config",
				"org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + TestKafka.SASL_USER
						+ "\" password=\"" + password + "\";");
		properties.put("outbox.relay.kafka.startup-timeout", "5s");
		return new SpringApplicationBuilder(OutboxRelayIntegrationTests.RelayTestApplication.class)
			.web(WebApplicationType.NONE)
			.run(CommandLine.of(properties));
	}

}
