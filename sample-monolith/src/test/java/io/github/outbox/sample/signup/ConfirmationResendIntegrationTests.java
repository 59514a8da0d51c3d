package io.github.outbox.sample.signup;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.support.GenericApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.client.RestClient;

import io.github.outbox.OutboxHeaders;
import io.github.outbox.sample.RunningSample;
import io.github.outbox.testsupport.TopicReader;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/signups/confirmation-requests} on a real PostgreSQL and Kafka, the
 * relay running in the application, with the default limit (3 an hour, 60 s apart). The
 * application's clock is one the tests move forward; each test uses addresses of its own,
 * so the limits of one test do not reach another.
 */
class ConfirmationResendIntegrationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final SettableClock clock = new SettableClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));

	private static RunningSample sample;

	private static RestClient http;

	private static TopicReader users;

	@BeforeAll
	static void start() {
		sample = RunningSample.start("resend_it",
				Map.of("sample.signup.confirmation-base-url", "https://accounts.example.com"),
				// the application's Clock stays; this one, primary, is the one injected
				(context) -> ((GenericApplicationContext) context).registerBean("settableClock", Clock.class,
						() -> clock, (definition) -> definition.setPrimary(true)));
		http = sample.http();
		users = sample.read("outbox\\.event\\.User");
	}

	@AfterAll
	static void stop() {
		users.close();
		sample.close();
	}

	@Test
	void publishesConfirmationRequestedWithANewLinkThatReplacesTheFirstOne() {
		String email = unique("ada");
		String userId = sample.signUp(email, "Ada Lovelace");
		UserRegistered registered = JSON.readValue(awaitEvent(userId, "UserRegistered").value(), UserRegistered.class);

		ResponseEntity<Map> accepted = requestLink(email.toUpperCase(Locale.ROOT));

		assertThat(accepted.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		assertThat(accepted.getBody()).containsEntry("detail", SignupController.RESEND_ACCEPTED);
		ConsumerRecord<byte[], byte[]> record = awaitEvent(userId, "ConfirmationRequested");
		assertThat(record.topic()).isEqualTo("outbox.event.User");
		assertThat(TopicReader.header(record, OutboxHeaders.EVENT_ID)).isNotBlank();
		assertThat(TopicReader.header(record, OutboxHeaders.AGGREGATE_TYPE)).isEqualTo("User");
		ConfirmationRequested requested = JSON.readValue(record.value(), ConfirmationRequested.class);
		assertThat(requested.userId()).hasToString(userId);
		assertThat(requested.email()).isEqualTo(email);
		assertThat(requested.name()).isEqualTo("Ada Lovelace");
		assertThat(requested.confirmationLink()).hasScheme("https")
			.hasHost("accounts.example.com")
			.isNotEqualTo(registered.confirmationLink());
		assertThat(requested.confirmationExpiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(24)));
		assertThat(tokenHashes(userId)).hasSize(2)
			.anySatisfy((hash) -> assertThat(hash).isEqualTo(hashOf(requested.confirmationLink())));

		assertThat(follow(registered.confirmationLink()).getStatusCode()).isEqualTo(HttpStatus.GONE);
		ResponseEntity<Map> confirmed = follow(requested.confirmationLink());
		assertThat(confirmed.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(confirmed.getBody()).containsEntry("userId", userId).containsEntry("status", "CONFIRMED");
		assertThat(follow(requested.confirmationLink()).getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
	}

	@Test
	void answersTooManyRequestsWithinTheMinimumIntervalAndWritesNothing() {
		String email = unique("quick");
		String userId = sample.signUp(email, "Quick");
		assertThat(requestLink(email).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		awaitEvent(userId, "ConfirmationRequested");
		Writes before = writes(email, userId);
		clock.advance(Duration.ofSeconds(20));

		ResponseEntity<Map> refused = requestLink(email);

		assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
		assertThat(refused.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(refused.getHeaders().getFirst("Retry-After")).isEqualTo("40");
		assertThat(writes(email, userId)).isEqualTo(before);

		clock.advance(Duration.ofSeconds(40));
		assertThat(requestLink(email).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		assertThat(awaitEvents(userId, "ConfirmationRequested", 2)).hasSize(2);
	}

	@Test
	void answersTooManyRequestsAfterThreeWithinAnHourAndWritesNothing() {
		String email = unique("often");
		String userId = sample.signUp(email, "Often");
		for (int i = 0; i < 3; i++) {
			assertThat(requestLink(email).getStatusCode()).as("request %d", i + 1).isEqualTo(HttpStatus.ACCEPTED);
			clock.advance(Duration.ofMinutes(10));
		}
		awaitEvents(userId, "ConfirmationRequested", 3);
		Writes before = writes(email, userId);

		ResponseEntity<Map> refused = requestLink(email);

		// the first request was 30 minutes ago: it leaves the window in 30 minutes
		assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
		assertThat(refused.getHeaders().getFirst("Retry-After")).isEqualTo("1800");
		assertThat(refused.getBody()).containsEntry("status", 429);
		assertThat(writes(email, userId)).isEqualTo(before);

		clock.advance(Duration.ofMinutes(29));
		assertThat(requestLink(email).getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
		clock.advance(Duration.ofMinutes(1));
		assertThat(requestLink(email).getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		assertThat(awaitEvents(userId, "ConfirmationRequested", 4)).hasSize(4);
	}

	@Test
	void letsOnlyOneOfTwoSimultaneousRequestsOfAnAddressThrough() throws Exception {
		String email = unique("twice");
		String userId = sample.signUp(email, "Twice");
		ExecutorService clients = Executors.newFixedThreadPool(2);
		List<HttpStatusCode> statuses;
		try {
			CountDownLatch ready = new CountDownLatch(2);
			Callable<HttpStatusCode> request = () -> {
				ready.countDown();
				ready.await(10, TimeUnit.SECONDS);
				return requestLink(email).getStatusCode();
			};
			List<Future<HttpStatusCode>> answers = clients.invokeAll(List.of(request, request), 30, TimeUnit.SECONDS);
			statuses = List.of(answers.get(0).get(), answers.get(1).get());
		}
		finally {
			clients.shutdownNow();
		}

		assertThat(statuses).containsExactlyInAnyOrder(HttpStatus.ACCEPTED, HttpStatus.TOO_MANY_REQUESTS);
		assertThat(requests(email)).isEqualTo(1);
		assertThat(awaitEvents(userId, "ConfirmationRequested", 1)).hasSize(1);
	}

	@Test
	void answersAcceptedForAnUnknownOrConfirmedAddressAndPublishesNothing() {
		String unknown = unique("nobody");
		String confirmedEmail = unique("done");
		String confirmedId = sample.signUp(confirmedEmail, "Done");
		UserRegistered registered = JSON.readValue(awaitEvent(confirmedId, "UserRegistered").value(),
				UserRegistered.class);
		assertThat(follow(registered.confirmationLink()).getStatusCode()).isEqualTo(HttpStatus.OK);
		long usersBefore = count("select count(*) from users");
		long tokensBefore = count("select count(*) from confirmation_tokens");
		long eventsBefore = count("select count(*) from outbox_event");

		ResponseEntity<Map> forUnknown = requestLink(unknown);
		ResponseEntity<Map> forConfirmed = requestLink(confirmedEmail);

		assertThat(forUnknown.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		assertThat(forConfirmed.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		assertThat(forUnknown.getBody()).isEqualTo(forConfirmed.getBody())
			.containsEntry("detail", SignupController.RESEND_ACCEPTED);
		assertThat(count("select count(*) from users")).isEqualTo(usersBefore);
		assertThat(count("select count(*) from confirmation_tokens")).isEqualTo(tokensBefore);
		assertThat(count("select count(*) from outbox_event")).isEqualTo(eventsBefore);
		// The confirmed user's link still answers as used, not as replaced.
		assertThat(follow(registered.confirmationLink()).getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
		// Limited like any address: a limit only accounts reach would reveal them.
		assertThat(requestLink(unknown).getStatusCode()).isEqualTo(HttpStatus.TOO_MANY_REQUESTS);
		assertThat(requests(unknown)).isEqualTo(1);
	}

	@Test
	void answersBadRequestForAnInvalidAddressAndWritesNothing() {
		long requestsBefore = count("select count(*) from confirmation_requests");

		assertThat(requestLink("not-an-email").getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(http.post()
			.uri("/api/signups/confirmation-requests")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{}")
			.retrieve()
			.toEntity(Map.class)
			.getHeaders()
			.getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);

		assertThat(count("select count(*) from confirmation_requests")).isEqualTo(requestsBefore);
	}

	private static ResponseEntity<Map> requestLink(String email) {
		return http.post()
			.uri("/api/signups/confirmation-requests")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("email", email))
			.retrieve()
			.toEntity(Map.class);
	}

	private static ResponseEntity<Map> follow(URI link) {
		return sample.follow(link);
	}

	private static ConsumerRecord<byte[], byte[]> awaitEvent(String userId, String type) {
		return RunningSample.awaitEvent(users, userId, type);
	}

	private static List<ConsumerRecord<byte[], byte[]>> awaitEvents(String userId, String type, int atLeast) {
		return RunningSample.awaitEvents(users, userId, type, atLeast);
	}

	private static Writes writes(String email, String userId) {
		String tokens = jdbc().sql(
				"select string_agg(encode(token_hash, 'hex') || ' ' || expires_at || ' ' || coalesce(used_at::text, '-'),"
						+ " ', ' order by token_hash) from confirmation_tokens where user_id = ?::uuid")
			.param(userId)
			.query(String.class)
			.single();
		long events = jdbc().sql("select count(*) from outbox_event where aggregateid = ?")
			.param(userId)
			.query(Long.class)
			.single();
		return new Writes(requests(email), tokens, events);
	}

	private static long requests(String email) {
		return jdbc().sql("select count(*) from confirmation_requests where email_hash = ?")
			.param(ConfirmationRequestLog.hash(email))
			.query(Long.class)
			.single();
	}

	private static List<byte[]> tokenHashes(String userId) {
		return jdbc().sql("select token_hash from confirmation_tokens where user_id = ?::uuid")
			.param(userId)
			.query(byte[].class)
			.list();
	}

	private static byte[] hashOf(URI link) {
		return new ConfirmationToken(link.getQuery().substring("token=".length())).hash();
	}

	private static long count(String sql) {
		return sample.count(sql);
	}

	private static JdbcClient jdbc() {
		return sample.jdbc();
	}

	private static String unique(String name) {
		return RunningSample.uniqueEmail(name);
	}

	/** What a request may write: rate-limit rows, tokens, outbox events. */
	private record Writes(long requests, String tokens, long events) {
	}

}
