package io.github.outbox.sample.signup;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.client.RestClient;

import io.github.outbox.OutboxHeaders;
import io.github.outbox.sample.RunningSample;
import io.github.outbox.testsupport.TopicReader;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Sign-up over HTTP on a real PostgreSQL and Kafka, the relay running in the application.
 */
class SignupIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static RunningSample sample;

	private static RestClient http;

	private static TopicReader users;

	@BeforeAll
	static void start() {
		sample = RunningSample.start("sample_it",
				Map.of("sample.signup.confirmation-base-url", "https://accounts.example.com"));
		http = sample.http();
		users = sample.read("outbox\\.event\\.User");
	}

	@AfterAll
	static void stop() {
		users.close();
		sample.close();
	}

	@Test
	void registersTheUserAndPublishesUserRegisteredWithAWorkingConfirmationLink() {
		String email = unique("ada");
		ResponseEntity<Map> response = signUp(email, "Ada Lovelace");

		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		String userId = (String) response.getBody().get("userId");
		ConsumerRecord<byte[], byte[]> record = awaitEventFor(userId);
		assertThat(TopicReader.header(record, OutboxHeaders.EVENT_TYPE)).isEqualTo("UserRegistered");
		UserRegistered event = JSON.readValue(record.value(), UserRegistered.class);
		assertThat(event.email()).isEqualTo(email);
		assertThat(event.name()).isEqualTo("Ada Lovelace");

		assertThat(event.confirmationLink()).hasScheme("https").hasHost("accounts.example.com");
		ResponseEntity<Map> confirmed = follow(event.confirmationLink()).toEntity(Map.class);
		assertThat(confirmed.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(confirmed.getBody()).containsEntry("status", "CONFIRMED").containsEntry("userId", userId);
		assertThat(jdbc().sql("select confirmed_at is not null from users where id = ?::uuid")
			.param(userId)
			.query(Boolean.class)
			.single()).isTrue();

		ResponseEntity<Map> replayed = follow(event.confirmationLink()).toEntity(Map.class);
		assertThat(replayed.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
	}

	@Test
	void storesOnlyTheHashOfTheConfirmationToken() {
		String userId = (String) signUp(unique("hash"), "Hash").getBody().get("userId");
		UserRegistered event = JSON.readValue(awaitEventFor(userId).value(), UserRegistered.class);
		String token = event.confirmationLink().getQuery().substring("token=".length());

		byte[] stored = jdbc().sql("select token_hash from confirmation_tokens where user_id = ?::uuid")
			.param(userId)
			.query(byte[].class)
			.single();
		assertThat(stored).isEqualTo(new ConfirmationToken(token).hash());
	}

	@Test
	void refusesAForgedOrExpiredConfirmationLink() {
		String userId = (String) signUp(unique("expired"), "Late").getBody().get("userId");
		UserRegistered event = JSON.readValue(awaitEventFor(userId).value(), UserRegistered.class);
		jdbc().sql("update confirmation_tokens set expires_at = now() - interval '1 minute' where user_id = ?::uuid")
			.param(userId)
			.update();

		assertThat(follow(event.confirmationLink()).toBodilessEntity().getStatusCode()).isEqualTo(HttpStatus.GONE);
		assertThat(http.get()
			.uri("/api/signups/confirm?token={token}", ConfirmationToken.generate().value())
			.retrieve()
			.toBodilessEntity()
			.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(jdbc().sql("select confirmed_at is null from users where id = ?::uuid")
			.param(userId)
			.query(Boolean.class)
			.single()).isTrue();
	}

	@Test
	void answersConflictForADuplicateEmailAndWritesNothingMore() {
		String email = unique("twice");
		String userId = (String) signUp(email, "First").getBody().get("userId");
		long eventsBefore = outboxRows();

		ResponseEntity<Map> second = signUp(email.toUpperCase(java.util.Locale.ROOT), "Second");

		assertThat(second.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
		assertThat(second.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(jdbc().sql("select count(*) from users where email = ?").param(email).query(Long.class).single())
			.isEqualTo(1);
		assertThat(outboxRows()).isEqualTo(eventsBefore);
		assertThat(awaitEventFor(userId)).isNotNull();
	}

	@Test
	void answersBadRequestForInvalidInputAndWritesNothing() {
		long usersBefore = jdbc().sql("select count(*) from users").query(Long.class).single();
		long eventsBefore = outboxRows();

		assertThat(signUp("not-an-email", "Bad").getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(signUp(unique("blank"), " ").getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(http.post()
			.uri("/api/signups")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"email\": [")
			.retrieve()
			.toBodilessEntity()
			.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);

		assertThat(jdbc().sql("select count(*) from users").query(Long.class).single()).isEqualTo(usersBefore);
		assertThat(outboxRows()).isEqualTo(eventsBefore);
	}

	@Test
	void answersAProblemForAnOversizedOrMistypedBodyAndWritesNothing() {
		long usersBefore = jdbc().sql("select count(*) from users").query(Long.class).single();
		long eventsBefore = outboxRows();
		String padded = "{\"email\":\"" + unique("big") + "\",\"name\":\"Big\",\"padding\":\"" + "x".repeat(2_000_000)
				+ "\"}";

		ResponseEntity<Map> tooLarge = http.post()
			.uri("/api/signups")
			.contentType(MediaType.APPLICATION_JSON)
			.body(padded)
			.retrieve()
			.toEntity(Map.class);
		ResponseEntity<Map> notJson = http.post()
			.uri("/api/signups")
			.contentType(MediaType.TEXT_PLAIN)
			.body("{\"email\":\"" + unique("text") + "\",\"name\":\"Text\"}")
			.retrieve()
			.toEntity(Map.class);

		assertThat(tooLarge.getStatusCode()).isEqualTo(HttpStatus.CONTENT_TOO_LARGE);
		assertThat(tooLarge.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(tooLarge.getBody()).containsEntry("status", 413);
		assertThat(notJson.getStatusCode()).isEqualTo(HttpStatus.UNSUPPORTED_MEDIA_TYPE);
		assertThat(notJson.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(jdbc().sql("select count(*) from users").query(Long.class).single()).isEqualTo(usersBefore);
		assertThat(outboxRows()).isEqualTo(eventsBefore);
		// the connection is still usable after the refused body
		assertThat(signUp(unique("after"), "After").getStatusCode()).isEqualTo(HttpStatus.CREATED);
	}

	@Test
	void answersBadRequestForControlCharactersOrAnOverlongEmailAndWritesNothing() {
		long usersBefore = jdbc().sql("select count(*) from users").query(Long.class).single();
		long eventsBefore = outboxRows();
		String overlong = "a".repeat(64) + "@" + ("b".repeat(60) + ".").repeat(3) + "example.com";

		for (String name : List.of("Ada\u0000", "Ada\r\nLovelace", "Ada\u001b[31m", "Ada\u0085")) {
			ResponseEntity<Map> refused = signUp(unique("control"), name);
			assertThat(refused.getStatusCode()).as(name).isEqualTo(HttpStatus.BAD_REQUEST);
			assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		}
		assertThat(signUp(overlong, "Long").getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);

		assertThat(jdbc().sql("select count(*) from users").query(Long.class).single()).isEqualTo(usersBefore);
		assertThat(outboxRows()).isEqualTo(eventsBefore);
	}

	private static ResponseEntity<Map> signUp(String email, String name) {
		return http.post()
			.uri("/api/signups")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("email", email, "name", name))
			.retrieve()
			.toEntity(Map.class);
	}

	@Test
	void carriesTheCallersTraceContextToTheKafkaRecord() {
		String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
		ResponseEntity<Map> created = http.post()
			.uri("/api/signups")
			.header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("email", unique("traced"), "name", "Traced"))
			.retrieve()
			.toEntity(Map.class);

		ConsumerRecord<byte[], byte[]> record = awaitEventFor((String) created.getBody().get("userId"));
		assertThat(TopicReader.header(record, "traceparent")).startsWith("00-" + traceId + "-");
	}

	@Test
	void exposesTheRelaysHealthAndMetricsThroughActuator() {
		String email = unique("observed");
		ResponseEntity<Map> created = http.post()
			.uri("/api/signups")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("email", email, "name", "Observed"))
			.retrieve()
			.toEntity(Map.class);
		awaitEventFor((String) created.getBody().get("userId"));

		ResponseEntity<Map> health = http.get().uri("/actuator/health/outboxRelay").retrieve().toEntity(Map.class);
		assertThat(health.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(health.getBody()).containsEntry("status", "UP");
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			Map<?, ?> published = http.get()
				.uri("/actuator/metrics/outbox.relay.events.published")
				.retrieve()
				.body(Map.class);
			List<Map<String, Object>> measurements = (List<Map<String, Object>>) published.get("measurements");
			assertThat(((Number) measurements.get(0).get("value")).doubleValue()).isGreaterThanOrEqualTo(1.0);
		});
	}

	/** The link as a user's browser would follow it, to this test's server. */
	private static RestClient.ResponseSpec follow(URI link) {
		return http.get().uri(link.getRawPath() + "?" + link.getRawQuery()).retrieve();
	}

	private static ConsumerRecord<byte[], byte[]> awaitEventFor(String userId) {
		List<ConsumerRecord<byte[], byte[]>> matching = await().atMost(Duration.ofSeconds(30))
			.until(() -> users.poll()
				.stream()
				.filter((record) -> userId.equals(TopicReader.text(record.key())))
				.toList(), (records) -> !records.isEmpty());
		assertThat(matching).hasSize(1);
		return matching.get(0);
	}

	private static long outboxRows() {
		return jdbc().sql("select count(*) from outbox_event").query(Long.class).single();
	}

	private static JdbcClient jdbc() {
		return sample.jdbc();
	}

	private static String unique(String name) {
		return RunningSample.uniqueEmail(name);
	}

}
