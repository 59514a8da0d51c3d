package io.github.outbox.mailrelay;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.junit.jupiter.SpringExtension;

import io.github.outbox.testsupport.CommandLine;
import io.github.outbox.testsupport.TestDatabase;
import io.github.outbox.testsupport.TestKafka;
import io.github.outbox.testsupport.TestPostgres;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

/**
 * A test's Kafka, ledger database and SMTP server (GreenMail), the settings that point
 * mail-relay at them, and what a test reads back from them. Registered as an extension on
 * a static field, it starts them before each test class, a base class's subclasses
 * included, and closes them after it; for a {@code @SpringBootTest} it stops the
 * application's listeners first, so that they leave their groups while the broker still
 * runs (the test framework closes the application afterwards).
 */
public final class MailRelayTestServices implements BeforeAllCallback, AfterAllCallback {

	/** How long a test waits for what mail-relay does within seconds. */
	public static final Duration PATIENCE = Duration.ofSeconds(30);

	private final Supplier<TestKafka> brokerStart;

	private final String databasePrefix;

	private TestKafka broker;

	private TestDatabase database;

	private int smtpPort;

	private GreenMail smtp;

	private MailRelayTestServices(Supplier<TestKafka> brokerStart, String databasePrefix) {
		this.brokerStart = brokerStart;
		this.databasePrefix = databasePrefix;
	}

	/**
	 * The services started before each test class: the broker from {@code broker}, with
	 * the test's topics; a throw-away ledger database named after {@code database}; an
	 * SMTP server on a free port.
	 */
	public static MailRelayTestServices of(Supplier<TestKafka> broker, String database) {
		return new MailRelayTestServices(broker, database);
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		this.broker = this.brokerStart.get();
		this.database = TestPostgres.createDatabase(this.databasePrefix);
		this.smtp = startSmtp(0);
		this.smtpPort = this.smtp.getSmtp().getPort();
	}

	public TestKafka broker() {
		return this.broker;
	}

	public TestDatabase database() {
		return this.database;
	}

	/** The SMTP server running now: a restarted one has none of the earlier mail. */
	public GreenMail smtp() {
		return this.smtp;
	}

	/** Spring properties of a mail-relay that uses these services. */
	public Map<String, Object> properties() {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.kafka.bootstrap-servers", this.broker.bootstrapServers());
		properties.put("spring.datasource.url", this.database.jdbcUrl());
		properties.put("spring.datasource.username", TestPostgres.APP_USER);
		properties.put("spring.datasource.password", TestPostgres.APP_PASSWORD);
		properties.put("spring.mail.host", "127.0.0.1");
		properties.put("spring.mail.port", this.smtpPort);
		// health and metrics on a free port: several instances may run at once
		properties.put("server.port", 0);
		return properties;
	}

	/** The same properties, for a {@code @DynamicPropertySource} method. */
	void register(DynamicPropertyRegistry registry) {
		properties().forEach((name, value) -> registry.add(name, () -> value));
	}

	/** mail-relay as {@code main} runs it, with more sources such as a composer. */
	public ConfigurableApplicationContext startMailRelay(Class<?>... more) {
		return new SpringApplicationBuilder(MailRelayApplication.class).sources(more).run(CommandLine.of(properties()));
	}

	/** Stops the SMTP server: an outage until {@link #restartSmtp()}. */
	void stopSmtp() {
		this.smtp.stop();
	}

	/** Starts a new SMTP server on the port mail-relay was given. */
	void restartSmtp() {
		this.smtp = startSmtp(this.smtpPort);
	}

	/** The mails the SMTP server received for the event (by its Message-ID). */
	public List<MimeMessage> mailsWithId(UUID eventId) {
		String messageId = "<" + eventId + "@mail-relay.local>";
		return Arrays.stream(this.smtp.getReceivedMessages()).filter((mail) -> {
			try {
				return messageId.equals(mail.getMessageID());
			}
			catch (MessagingException ex) {
				throw new IllegalStateException(ex);
			}
		}).toList();
	}

	/** Waits for the first mail of the event. */
	MimeMessage awaitMail(UUID eventId) {
		return await().atMost(PATIENCE).until(() -> mailsWithId(eventId), (mails) -> !mails.isEmpty()).get(0);
	}

	/**
	 * A record as the outbox relay publishes it, the event id and type as headers; a
	 * {@code null} partition leaves the choice to the producer.
	 */
	static ProducerRecord<String, byte[]> event(String topic, @Nullable Integer partition, String key,
			@Nullable UUID eventId, String eventType, String payload) {
		ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, partition, key, payload.getBytes(UTF_8));
		if (eventId != null) {
			record.headers().add("event-id", eventId.toString().getBytes(UTF_8));
		}
		record.headers().add("event-type", eventType.getBytes(UTF_8));
		return record;
	}

	/** Sends the record and waits for the broker's acknowledgement. */
	static RecordMetadata send(KafkaTemplate<String, byte[]> kafka, ProducerRecord<String, byte[]> record)
			throws Exception {
		return kafka.send(record).get(10, TimeUnit.SECONDS).getRecordMetadata();
	}

	/** The payload of a {@code UserRegistered} event. */
	static String userRegistered(String email, String name, String confirmationLink) {
		return """
				{"email": "%s", "name": "%s", "confirmationLink": "%s"}""".formatted(email, name, confirmationLink);
	}

	/**
	 * Every record on a dead-letter topic, read from its beginning up to its end as of
	 * now, by the given key of each.
	 */
	Map<String, ConsumerRecord<String, byte[]>> deadLetters(String topic,
			Function<ConsumerRecord<String, byte[]>, @Nullable String> keyOf) {
		Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.broker.bootstrapServers());
		try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
				new ByteArrayDeserializer())) {
			List<TopicPartition> partitions = consumer.partitionsFor(topic)
				.stream()
				.map((info) -> new TopicPartition(info.topic(), info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
			Map<String, ConsumerRecord<String, byte[]>> records = new HashMap<>();
			Instant deadline = Instant.now().plus(PATIENCE);
			while (partitions.stream().anyMatch((partition) -> consumer.position(partition) < ends.get(partition))) {
				if (Instant.now().isAfter(deadline)) {
					fail("Could not read the dead-letter topic up to " + ends);
				}
				consumer.poll(Duration.ofMillis(200)).forEach((record) -> records.put(keyOf.apply(record), record));
			}
			return records;
		}
	}

	/** The value of the record's last header of that name. */
	static @Nullable String header(ConsumerRecord<?, ?> record, String name) {
		Header header = record.headers().lastHeader(name);
		return (header != null) ? new String(header.value(), UTF_8) : null;
	}

	/** The offset mail-relay's group committed on the record's partition, 0 if none. */
	public long committedOffset(RecordMetadata produced) throws Exception {
		try (Admin admin = this.broker.admin()) {
			OffsetAndMetadata committed = admin.listConsumerGroupOffsets("mail-relay")
				.partitionsToOffsetAndMetadata()
				.get(10, TimeUnit.SECONDS)
				.get(new TopicPartition(produced.topic(), produced.partition()));
			return (committed != null) ? committed.offset() : 0;
		}
	}

	/** How many attempts at the event mail-relay has logged as failed. */
	static long failedAttempts(CapturedOutput output, UUID eventId) {
		return output.getAll()
			.lines()
			.filter((line) -> line.contains("(event-id " + eventId + ") failed (attempt"))
			.count();
	}

	@Override
	public void afterAll(ExtensionContext context) {
		try {
			if (AnnotatedElementUtils.hasAnnotation(context.getRequiredTestClass(), SpringBootTest.class)) {
				SpringExtension.getApplicationContext(context).getBean(KafkaListenerEndpointRegistry.class).stop();
			}
		}
		finally {
			// a failed start may have left some of them unstarted
			if (this.smtp != null) {
				this.smtp.stop();
			}
			if (this.database != null) {
				this.database.close();
			}
			if (this.broker != null) {
				this.broker.close();
			}
			this.smtp = null;
			this.database = null;
			this.broker = null;
		}
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

	private static GreenMail startSmtp(int port) {
		ServerSetup setup = new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
		GreenMail greenMail = new GreenMail((port != 0) ? setup : setup.dynamicPort());
		greenMail.start();
		return greenMail;
	}

}
