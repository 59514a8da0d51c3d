package io.github.outbox.sample.signup;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.client.RestClient;

import io.github.outbox.OutboxHeaders;
import io.github.outbox.sample.RequestLog;
import io.github.outbox.sample.RunningSample;
import io.github.outbox.testsupport.TopicReader;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Sign-up over HTTP on a real PostgreSQL and Kafka, the relay running in the application.
 */
@ExtendWith(OutputCaptureExtension.class)
class SignupIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * The limit per client: above the sign-ups these tests make over HTTP, all from this
	 * machine.
	 */
	private static final int CLIENT_LIMIT = 60;

	private static RunningSample sample;

	private static RestClient http;

	private static TopicReader users;

	@BeforeAll
	static void start() {
		sample = RunningSample.start("sample_it", Map.of("sample.signup.confirmation-base-url",
				"https://accounts.example.com", "sample.signup.signups-per-client", CLIENT_LIMIT));
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
		String userId = sample.userId(email);
		ConsumerRecord<byte[], byte[]> record = awaitEventFor(userId);
		assertThat(TopicReader.header(record, OutboxHeaders.EVENT_TYPE)).isEqualTo("UserRegistered");
		UserRegistered event = JSON.readValue(record.value(), UserRegistered.class);
		assertThat(event.email()).isEqualTo(email);
		assertThat(event.name()).isEqualTo("Ada Lovelace");

		assertThat(event.confirmationLink()).hasScheme("https").hasHost("accounts.example.com");
		ResponseEntity<Map> confirmed = follow(event.confirmationLink());
		assertThat(confirmed.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(confirmed.getBody()).containsEntry("status", "CONFIRMED").containsEntry("userId", userId);
		assertThat(jdbc().sql("select confirmed_at is not null from users where id = ?::uuid")
			.param(userId)
			.query(Boolean.class)
			.single()).isTrue();

		ResponseEntity<Map> replayed = follow(event.confirmationLink());
		assertThat(replayed.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
	}

	@Test
	void storesOnlyTheHashOfTheConfirmationToken() {
		String userId = sample.signUp(unique("hash"), "Hash");
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
		String userId = sample.signUp(unique("expired"), "Late");
		UserRegistered event = JSON.readValue(awaitEventFor(userId).value(), UserRegistered.class);
		jdbc().sql("update confirmation_tokens set expires_at = now() - interval '1 minute' where user_id = ?::uuid")
			.param(userId)
			.update();

		assertThat(follow(event.confirmationLink()).getStatusCode()).isEqualTo(HttpStatus.GONE);
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
	void answersASignupWithTheAddressOfAnAccountAsAnyOtherAndMailsTheOwnerInstead() {
		String email = unique("twice");
		ResponseEntity<Map> first = signUp(email, "First");
		String userId = sample.userId(email);
		awaitEventFor(userId);
		long usersBefore = jdbc().sql("select count(*) from users").query(Long.class).single();

		ResponseEntity<Map> second = signUp(email.toUpperCase(Locale.ROOT), "Eve \u2014 not the owner");

		assertThat(second.getStatusCode()).isEqualTo(first.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		assertThat(second.getBody()).isEqualTo(first.getBody());
		assertThat(second.getHeaders().getLocation()).isNull();
		assertThat(jdbc().sql("select count(*) from users").query(Long.class).single()).isEqualTo(usersBefore);
		assertThat(jdbc().sql("select name from users where id = ?::uuid").param(userId).query(String.class).single())
			.isEqualTo("First");
		ConsumerRecord<byte[], byte[]> attempt = awaitEventFor(userId, "SignupAttempted");
		SignupAttempted attempted = JSON.readValue(attempt.value(), SignupAttempted.class);
		assertThat(attempted.email()).isEqualTo(email);
		assertThat(attempted.name()).isEqualTo("First");
		assertThat(attempted.confirmed()).isFalse();
	}

	@Test
	void limitsSignupsPerAddressWhetherOrNotItHasAnAccountAndWritesNothingOverTheLimit() {
		String email = unique("limited");
		for (int i = 0; i < 3; i++) {
			assertThat(signUp(email, "Limited").getStatusCode()).isEqualTo(HttpStatus.CREATED);
		}
		long eventsBefore = outboxRows();

		ResponseEntity<Map> refused = signUp(email, "Limited");

		assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
		assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(Long.parseLong(refused.getHeaders().getFirst("Retry-After"))).isBetween(3_500L, 3_600L);
		assertThat(outboxRows()).isEqualTo(eventsBefore);
	}

	@Test
	void limitsSignupsPerClientAcrossAddresses() {
		UserRegistration registration = sample.bean(UserRegistration.class);
		String client = "192.0.2." + (1 + new java.util.Random().nextInt(250));
		for (int i = 0; i < CLIENT_LIMIT; i++) {
			registration.register(new SignupRequest(unique("client"), "Client"), client);
		}
		long eventsBefore = outboxRows();

		assertThatExceptionOfType(RequestLog.TooManyRequests.class)
			.isThrownBy(() -> registration.register(new SignupRequest(unique("client"), "Client"), client));
		assertThat(outboxRows()).isEqualTo(eventsBefore);
	}

	@Test
	void refusesAddressesMailCannotBeDeliveredToOrThatLookLikeAnotherAndWritesNothing() {
		long usersBefore = jdbc().sql("select count(*) from users").query(Long.class).single();
		long eventsBefore = outboxRows();

		for (String email : List.of("\u010dapek@example.cz", "a\uff44a@example.com", "\u0430da@example.com",
				"\u00a0ada@example.com", "ada\u200b@example.com", "ada@\uff45xample.com")) {
			ResponseEntity<Map> refused = signUp(email, "Karel");
			assertThat(refused.getStatusCode()).as(email).isEqualTo(HttpStatus.BAD_REQUEST);
			assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
			assertThat((List<Map<String, String>>) refused.getBody().get("errors")).as(email)
				.extracting((error) -> error.get("pointer"))
				.containsExactly("/email");
		}

		assertThat(jdbc().sql("select count(*) from users").query(Long.class).single()).isEqualTo(usersBefore);
		assertThat(outboxRows()).isEqualTo(eventsBefore);
	}

	@Test
	void storesAnInternationalisedDomainInItsAsciiForm() {
		String local = unique("idn").replace("@example.com", "");

		assertThat(signUp(local + "@B\u00fccher.example", "Idn").getStatusCode()).isEqualTo(HttpStatus.CREATED);

		assertThat(jdbc().sql("select count(*) from users where email = ?")
			.param(local + "@xn--bcher-kva.example")
			.query(Long.class)
			.single()).isEqualTo(1);
	}

	@Test
	void answersAConfirmationLinkThatIsNotUtf8WithAProblemAndLogsNoError(CapturedOutput output) {
		ResponseEntity<Map> refused = http.get()
			.uri(URI.create(baseUrl() + "/api/signups/confirm?token=%ff%fe"))
			.retrieve()
			.toEntity(Map.class);

		assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(refused.getBody()).containsKey("errors");
		assertThat(output.getAll()).doesNotContain(" ERROR ").doesNotContain("InvalidParameterException");
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
		return RunningSample.postSignup(http, email, name);
	}

	@Test
	void carriesTheCallersTraceContextToTheKafkaRecord() {
		String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
		String email = unique("traced");
		ResponseEntity<Map> created = http.post()
			.uri("/api/signups")
			.header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("email", email, "name", "Traced"))
			.retrieve()
			.toEntity(Map.class);

		ConsumerRecord<byte[], byte[]> record = awaitEventFor(sample.userId(email));
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
		awaitEventFor(sample.userId(email));

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
	private static ResponseEntity<Map> follow(URI link) {
		return sample.follow(link);
	}

	private static ConsumerRecord<byte[], byte[]> awaitEventFor(String userId) {
		return awaitEventFor(userId, "UserRegistered");
	}

	private static ConsumerRecord<byte[], byte[]> awaitEventFor(String userId, String type) {
		return RunningSample.awaitEvent(users, userId, type);
	}

	private static String baseUrl() {
		return "http://localhost:"
				+ sample.bean(org.springframework.core.env.Environment.class).getProperty("local.server.port");
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
