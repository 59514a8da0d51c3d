package io.github.outbox.mailrelay;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.test.context.DynamicPropertyRegistry;

import io.github.outbox.testsupport.TestDatabase;
import io.github.outbox.testsupport.TestKafka;
import io.github.outbox.testsupport.TestPostgres;

/**
 * The settings that point mail-relay at a test's Kafka, ledger database and SMTP server.
 */
public final class MailRelayTestServices {

	private MailRelayTestServices() {
	}

	/** Spring properties of a mail-relay that uses these services. */
	public static Map<String, Object> properties(TestKafka broker, TestDatabase ledger, int smtpPort) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.kafka.bootstrap-servers", broker.bootstrapServers());
		properties.put("spring.datasource.url", ledger.jdbcUrl());
		properties.put("spring.datasource.username", TestPostgres.APP_USER);
		properties.put("spring.datasource.password", TestPostgres.APP_PASSWORD);
		properties.put("spring.mail.host", "127.0.0.1");
		properties.put("spring.mail.port", smtpPort);
		// health and metrics on a free port: several instances may run at once
		properties.put("server.port", 0);
		return properties;
	}

	/** The same properties, for a {@code @DynamicPropertySource} method. */
	static void register(DynamicPropertyRegistry registry, TestKafka broker, TestDatabase ledger, int smtpPort) {
		properties(broker, ledger, smtpPort).forEach((name, value) -> registry.add(name, () -> value));
	}

}
