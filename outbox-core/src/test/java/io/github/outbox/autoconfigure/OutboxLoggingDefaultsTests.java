package io.github.outbox.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

class OutboxLoggingDefaultsTests {

	@Test
	void debeziumAndKafkaConnectLogAtWarnUnlessTheApplicationSetsTheirLevel() {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Empty.class)
			.web(WebApplicationType.NONE)
			.run("--logging.level.org.apache.kafka.connect=debug")) {
			Environment environment = context.getEnvironment();

			assertThat(environment.getProperty("logging.level.io.debezium")).isEqualTo("warn");
			assertThat(environment.getProperty("logging.level.org.apache.kafka.connect")).isEqualTo("debug");
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class Empty {

	}

}
