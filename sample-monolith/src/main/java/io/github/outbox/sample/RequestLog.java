package io.github.outbox.sample;

import java.nio.ByteBuffer;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.web.ErrorResponseException;

/**
 * The requests each key made, kept in the database ({@code request_log}) so that a
 * {@link RequestLimit} holds across every instance of the application. A key is kept only
 * as its SHA-256 hash, and only for the window of its limit.
 */
@Repository
public class RequestLog {

	/**
	 * First key of the transaction-scoped advisory locks taken here; PostgreSQL keeps
	 * two-key locks apart from the single-key ones of the outbox relay, and this space
	 * apart from the confirmation requests'.
	 */
	private static final int LOCK_SPACE = 0x5e17e;

	/** Expired requests of other keys deleted at most per admitted request. */
	private static final int PRUNE_BATCH = 100;

	private final JdbcClient jdbc;

	RequestLog(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Records a request of the key at {@code now}, in the caller's transaction, if the
	 * limit allows it. Requests of one key wait for each other until the transaction
	 * ends, so that instances answering at the same moment cannot together let more
	 * through than the limit.
	 * @throws TooManyRequests if the key is over the limit; nothing is recorded then
	 */
	public void admit(RequestLimit limit, String key, Instant now) {
		if (limit.isOff()) {
			return;
		}
		byte[] hash = Sha256.of(limit.scope() + "\n" + key);
		this.jdbc.sql("select pg_advisory_xact_lock(?, ?)")
			.params(LOCK_SPACE, ByteBuffer.wrap(hash).getInt())
			.query()
			.listOfRows();
		Timestamp windowStart = Timestamp.from(now.minus(limit.window()));
		List<Instant> earlier = this.jdbc
			.sql("select requested_at from request_log where scope = ? and key_hash = ? and requested_at > ? "
					+ "order by requested_at")
			.params(limit.scope(), hash, windowStart)
			.query(Timestamp.class)
			.list()
			.stream()
			.map(Timestamp::toInstant)
			.toList();
		Duration wait = limit.waitBefore(earlier, now);
		if (wait.compareTo(Duration.ZERO) > 0) {
			throw new TooManyRequests(limit, wait);
		}
		this.jdbc.sql("insert into request_log (scope, key_hash, requested_at) values (?, ?, ?)")
			.params(limit.scope(), hash, Timestamp.from(now))
			.update();
		this.jdbc.sql("""
				delete from request_log where id in (
				    select id from request_log where scope = ? and requested_at <= ?
				    limit ? for update skip locked)""").params(limit.scope(), windowStart, PRUNE_BATCH).update();
	}

	/**
	 * A request over its limit: {@code 429} with {@code Retry-After} in whole seconds,
	 * rounded up, so that a client that waits that long is let through.
	 */
	public static final class TooManyRequests extends ErrorResponseException {

		private final long retryAfterSeconds;

		public TooManyRequests(RequestLimit limit, Duration retryAfter) {
			this("Too many requests (" + limit.scope() + ": at most " + limit.maxRequests() + " in "
					+ limit.window().toMinutes() + " min)", retryAfter);
		}

		public TooManyRequests(String what, Duration retryAfter) {
			super(HttpStatus.TOO_MANY_REQUESTS, ProblemDetail.forStatus(HttpStatus.TOO_MANY_REQUESTS), null);
			this.retryAfterSeconds = Math.max(1, retryAfter.plusNanos(999_999_999).getSeconds());
			getBody().setDetail(what + "; try again in " + this.retryAfterSeconds + " s");
			getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(this.retryAfterSeconds));
		}

		public long retryAfterSeconds() {
			return this.retryAfterSeconds;
		}

	}

}
