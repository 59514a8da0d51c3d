package io.github.outbox.relay;

import java.util.Optional;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The relay's replication slot as PostgreSQL sees it.
 *
 * @param active whether a relay streams from it now
 * @param retainedWalBytes WAL the server keeps for it: written since the relay last
 * confirmed its position
 * @param confirmedFlushLsn the position the relay last confirmed: every outbox event
 * committed before it was acknowledged by Kafka; {@code null} before the first
 * confirmation
 * @param currentWalLsn where the server writes its WAL now
 * @param walStatus {@code reserved} or {@code extended} while the slot's WAL is kept,
 * {@code unreserved} or {@code lost} once {@code max_slot_wal_keep_size} is reached
 */
public record SlotStatus(boolean active, long retainedWalBytes, @Nullable String confirmedFlushLsn,
		String currentWalLsn, @Nullable String walStatus) {

	static Optional<SlotStatus> read(DataSource dataSource, String slotName) {
		return JdbcClient.create(dataSource)
			.sql("""
					select active, coalesce((pg_current_wal_lsn() - confirmed_flush_lsn)::bigint, 0) as retained,
					       confirmed_flush_lsn::text as confirmed, pg_current_wal_lsn()::text as current, wal_status
					from pg_replication_slots where slot_name = ?""")
			.param(slotName)
			.query((row, n) -> new SlotStatus(row.getBoolean("active"), row.getLong("retained"),
					row.getString("confirmed"), row.getString("current"), row.getString("wal_status")))
			.optional();
	}

}
