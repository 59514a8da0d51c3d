package io.github.outbox.sample;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.client.RestClient;

import io.github.outbox.OutboxHeaders;
import io.github.outbox.testsupport.CommandLine;
import io.github.outbox.testsupport.TestDatabase;
import io.github.outbox.testsupport.TestKafka;
import io.github.outbox.testsupport.TestPostgres;
import io.github.outbox.testsupport.TopicReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample on a throw-away database of the test PostgreSQL server and a Kafka broker in
 * this JVM, the relay running in it, on a random port: what the feature integration tests
 * talk to.
 */
public final class RunningSample implements AutoCloseable {

	private final TestKafka kafka;

	private final TestDatabase database;

	private final ConfigurableApplicationContext app;

	private final RestClient http;

	private RunningSample(TestKafka kafka, TestDatabase database, ConfigurableApplicationContext app) {
		this.kafka = kafka;
		this.database = database;
		this.app = app;
		this.http = RestClient.builder()
			.baseUrl("http://localhost:" + app.getEnvironment().getProperty("local.server.port"))
			.defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
			})
			.build();
	}

	/**
	 * Starts a broker, creates a database named after {@code database} and starts the
	 * sample on them.
	 * @param properties further Spring properties of the sample
	 * @param initializers run on the sample's context before it is refreshed
	 */
	@SafeVarargs
	public static RunningSample start(String database, Map<String, ?> properties,
			ApplicationContextInitializer<ConfigurableApplicationContext>... initializers) {
		TestKafka kafka = TestKafka.start();
		TestDatabase created = TestPostgres.createDatabase(database);
		Map<String, Object> all = new HashMap<>(created.properties());
		all.put("outbox.relay.kafka.bootstrap-servers", kafka.bootstrapServers());
		all.put("server.port", "0");
		all.putAll(properties);
		ConfigurableApplicationContext app = new SpringApplicationBuilder(SampleMonolithApplication.class)
			.initializers(initializers)
			.run(CommandLine.of(all));
		return new RunningSample(kafka, created, app);
	}

	/**
	 * A client of the sample's HTTP port that returns error answers rather than throw.
	 */
	public RestClient http() {
		return this.http;
	}

	public JdbcClient jdbc() {
		return this.app.getBean(JdbcClient.class);
	}

	public <T> T bean(Class<T> type) {
		return this.app.getBean(type);
	}

	public long count(String sql) {
		return jdbc().sql(sql).query(Long.class).single();
	}

	/**
	 * Signs a user up over HTTP. The answer does not carry the user's id (it would tell
	 * whether the address had an account): it is read from the database.
	 * @return the user's id
	 */
	public String signUp(String email, String name) {
		assertThat(postSignup(this.http, email, name).getStatusCode()).isEqualTo(HttpStatus.CREATED);
		return userId(email);
	}

	/**
	 * Signs up over HTTP with {@code http}; the answer is returned whatever its status.
	 */
	public static ResponseEntity<Map> postSignup(RestClient http, String email, String name) {
		return http.post()
			.uri("/api/signups")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("email", email, "name", name))
			.retrieve()
			.toEntity(Map.class);
	}

	/**
	 * Signs a user up over HTTP and confirms the account, as following the link in the
	 * confirmation mail would.
	 * @return the user's id
	 */
	public String confirmedUser(String email, String name) {
		String userId = signUp(email, name);
		jdbc().sql("update users set confirmed_at = now() where id = ?::uuid").param(userId).update();
		return userId;
	}

	/** The id of the account of an address, as written in a sign-up. */
	public String userId(String email) {
		return jdbc().sql("select id::text from users where email = lower(?)")
			.param(email)
			.query(String.class)
			.single();
	}

	/** Follows a link the sample wrote, as a user's browser would, to this sample. */
	public ResponseEntity<Map> follow(URI link) {
		return this.http.get().uri(link.getRawPath() + "?" + link.getRawQuery()).retrieve().toEntity(Map.class);
	}

	/**
	 * A reader of the topics whose names match, from their beginning; the caller closes
	 * it.
	 */
	public TopicReader read(String topics) {
		return new TopicReader(this.kafka.bootstrapServers(), Pattern.compile(topics));
	}

	/** The one event of the type keyed by {@code key}, once it is on the topics. */
	public static ConsumerRecord<byte[], byte[]> awaitEvent(TopicReader topics, String key, String type) {
		List<ConsumerRecord<byte[], byte[]>> events = awaitEvents(topics, key, type, 1);
		assertThat(events).hasSize(1);
		return events.get(0);
	}

	/**
	 * The events of the type keyed by {@code key}, once there are at least
	 * {@code atLeast}.
	 */
	public static List<ConsumerRecord<byte[], byte[]>> awaitEvents(TopicReader topics, String key, String type,
			int atLeast) {
		return await().atMost(Duration.ofSeconds(30))
			.until(() -> topics.poll()
				.stream()
				.filter((record) -> key.equals(TopicReader.text(record.key())))
				.filter((record) -> type.equals(TopicReader.header(record, OutboxHeaders.EVENT_TYPE)))
				.toList(), (records) -> records.size() >= atLeast);
	}

	/** An address no other test uses. */
	public static String uniqueEmail(String name) {
		return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
	}

	@Override
	public void close() {
		this.app.close();
		this.database.close();
		this.kafka.close();
	}

}
