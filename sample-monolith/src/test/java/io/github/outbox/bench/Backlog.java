package io.github.outbox.bench;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Outbox rows written straight into the table, in transactions of 10,000, as the relay
 * would find them after an outage: sign-up events with valid payloads.
 */
final class Backlog {

	private static final int CHUNK = 10_000;

	private static final String INSERT = """
			insert into outbox_event (id, aggregatetype, aggregateid, type, payload, headers, created_at)
			select gen_random_uuid(), :aggregate, u::text, 'UserRegistered',
			       jsonb_build_object('userId', u, 'email', 'user-' || g || '@' || :domain, 'name', 'User ' || g,
			                          'confirmationLink', 'http://localhost:8080/api/signups/confirm?token=' || md5(u::text),
			                          'confirmationExpiresAt', '2030-01-01T00:00:00Z'),
			       '{}'::jsonb, now()
			from (select g, gen_random_uuid() as u from generate_series(:from, :to) g) s""";

	private Backlog() {
	}

	/**
	 * Writes {@code count} events of the given aggregate type; addresses at
	 * {@code domain}.
	 */
	static void write(DataSource dataSource, String aggregate, String domain, int count) {
		JdbcClient jdbc = JdbcClient.create(dataSource);
		for (int from = 1; from <= count; from += CHUNK) {
			jdbc.sql(INSERT)
				.param("aggregate", aggregate)
				.param("domain", domain)
				.param("from", from)
				.param("to", Math.min(count, from + CHUNK - 1))
				.update();
		}
	}

}
