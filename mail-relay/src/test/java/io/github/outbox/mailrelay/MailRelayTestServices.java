package io.github.outbox.mailrelay;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;

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

	/**
	 * Waits until the group has committed the end offset of every partition of the
	 * topics: every record produced so far, a late repeat included, has been handled. A
	 * test that counts duplicates waits for this first.
	 */
	public static void awaitNoLag(TestKafka broker, String group, Duration patience, String... topics) {
		try (Admin admin = broker.admin()) {
			Awaitility.await("consumer group " + group + " caught up")
				.atMost(patience)
				.pollInterval(Duration.ofMillis(200))
				.until(() -> lag(admin, group, topics) == 0);
		}
	}

	private static long lag(Admin admin, String group, String... topics) throws Exception {
		Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
		admin.describeTopics(List.of(topics))
			.allTopicNames()
			.get(10, TimeUnit.SECONDS)
			.values()
			.forEach((topic) -> topic.partitions()
				.forEach((partition) -> latest.put(new TopicPartition(topic.name(), partition.partition()),
						OffsetSpec.latest())));
		Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
			.partitionsToOffsetAndMetadata()
			.get(10, TimeUnit.SECONDS);
		long lag = 0;
		for (var end : admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS).entrySet()) {
			OffsetAndMetadata position = committed.get(end.getKey());
			lag += end.getValue().offset() - ((position != null) ? position.offset() : 0);
		}
		return lag;
	}

}
