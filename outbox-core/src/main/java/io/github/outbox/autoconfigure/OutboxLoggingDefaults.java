package io.github.outbox.autoconfigure;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Quiets the embedded Debezium engine and Kafka Connect, which log every step at INFO,
 * with log levels of the lowest precedence: any {@code logging.level.*} the application
 * sets wins. The relay logs what matters itself: started, streaming, failures.
 */
class OutboxLoggingDefaults implements EnvironmentPostProcessor {

	static final String NAME = "outboxLoggingDefaults";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.getPropertySources().contains(NAME)) {
			environment.getPropertySources()
				.addLast(new MapPropertySource(NAME,
						Map.of("logging.level.io.debezium", "warn", "logging.level.org.apache.kafka.connect", "warn")));
		}
	}

}
