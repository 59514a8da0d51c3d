package io.github.outbox.relay;

import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The relay's replication slot as PostgreSQL sees it.
 *
 * @param active whether a relay streams from it now
 * @param retainedWalBytes WAL the server keeps for it: written since the relay last
 * confirmed its position
 */
public record SlotStatus(boolean active, long retainedWalBytes) {

	static Optional<SlotStatus> read(DataSource dataSource, String slotName) {
		return JdbcClient.create(dataSource)
			.sql("""
					select active, coalesce((pg_current_wal_lsn() - confirmed_flush_lsn)::bigint, 0) as retained
					from pg_replication_slots where slot_name = ?""")
			.param(slotName)
			.query((row, n) -> new SlotStatus(row.getBoolean("active"), row.getLong("retained")))
			.optional();
	}

}
