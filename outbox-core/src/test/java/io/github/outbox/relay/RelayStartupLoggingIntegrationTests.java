package io.github.outbox.relay;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import io.github.outbox.testsupport.CommandLine;
import io.github.outbox.testsupport.TestDatabase;
import io.github.outbox.testsupport.TestKafka;
import io.github.outbox.testsupport.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What an application logs when the relay starts, with Kafka's loggers at INFO as an
 * application's usually are: a few lines of the relay's own, no dumps of client settings,
 * and one clear reason when it cannot start.
 */
@ExtendWith(OutputCaptureExtension.class)
class RelayStartupLoggingIntegrationTests {

	private static TestKafka kafka;

	private TestDatabase database;

	@BeforeAll
	static void startKafka() {
		kafka = TestKafka.start();
	}

	@AfterAll
	static void stopKafka() {
		kafka.close();
	}

	@BeforeEach
	void createDatabase() {
		this.database = TestPostgres.createDatabase("relay_log");
	}

	@AfterEach
	void dropDatabase() {
		this.database.close();
	}

	@Test
	void startsWithoutDumpingTheKafkaClientsSettings(CapturedOutput output) {
		try (ConfigurableApplicationContext app = start(Map.of())) {
			assertThat(app.getBean(OutboxRelay.class).isRunning()).isTrue();
		}
		assertThat(output.getOut().lines().filter((line) -> line.contains("Config values:"))).isEmpty();
		assertThat(output.getOut().lines().filter((line) -> line.contains(" INFO ") && line.contains("o.a.k.")))
			.hasSizeLessThanOrEqualTo(3);
	}

	@Test
	void reportsAnUnreachableBrokerOnceWithAReadableTimeOut(CapturedOutput output) {
		assertThatThrownBy(() -> start(Map.of("outbox.relay.kafka.bootstrap-servers", "127.0.0.1:1",
				"outbox.relay.kafka.startup-timeout", "3s")))
			.hasStackTraceContaining("did not answer within 3 s");
		assertThat(output.getOut().lines().filter((line) -> line.contains("Rebootstrapping"))).isEmpty();
		assertThat(output.getOut().lines().filter((line) -> line.contains("o.a.k."))).hasSizeLessThan(20);
	}

	@Test
	void saysThatTheRelayPasswordIsAnUnresolvedPlaceholder() {
		assertThatThrownBy(() -> start(Map.of("outbox.relay.password", "${OUTBOX_TEST_UNSET_PASSWORD}"))).rootCause()
			.isInstanceOf(RelayStartupException.class)
			.hasMessageContaining("unresolved placeholder ${OUTBOX_TEST_UNSET_PASSWORD}")
			.satisfies((ex) -> assertThat(((RelayStartupException) ex).action())
				.contains("Set the environment variable (or property) OUTBOX_TEST_UNSET_PASSWORD"));
	}

	private ConfigurableApplicationContext start(Map<String, Object> overrides) {
		Map<String, Object> properties = new HashMap<>(this.database.properties());
		properties.put("outbox.relay.kafka.bootstrap-servers", kafka.bootstrapServers());
		// an application's usual levels, not this project's quiet test logging
		properties.put("logging.level.org.apache.kafka", "info");
		properties.putAll(overrides);
		return new SpringApplicationBuilder(OutboxRelayIntegrationTests.RelayTestApplication.class)
			.web(WebApplicationType.NONE)
			.run(CommandLine.of(properties));
	}

}
