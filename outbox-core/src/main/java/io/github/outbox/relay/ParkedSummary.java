package io.github.outbox.relay;

import java.sql.Timestamp;
import java.time.Instant;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The events parked in the outbox database, for health and metrics.
 *
 * @param count parked events, those waiting behind others included
 * @param oldestParkedAt when the oldest was parked; {@code null} when none is
 * @param firstReason why the first event Kafka refused was parked; {@code null} when none
 * is
 */
public record ParkedSummary(long count, @Nullable Instant oldestParkedAt, @Nullable String firstReason) {

	static ParkedSummary read(DataSource dataSource) {
		return JdbcClient.create(dataSource).sql("""
				select count(*), min(parked_at),
				    (select reason from outbox_parked_event where blocked_by is null order by seq limit 1)
				from outbox_parked_event""").query((row, n) -> {
			Timestamp oldest = row.getTimestamp(2);
			return new ParkedSummary(row.getLong(1), (oldest != null) ? oldest.toInstant() : null, row.getString(3));
		}).single();
	}

}
