package io.github.outbox.retention;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Deletes outbox rows older than the retention period, in small batches so that no
 * statement holds many locks. The relay publishes from the WAL, not from the table, so a
 * deleted row that was not yet published is still published; the rows are kept for
 * inspection and replay, and for the first start of the relay.
 */
public class OutboxRetention implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(OutboxRetention.class);

	private static final String DELETE_BATCH = """
			delete from outbox_event where id in
			(select id from outbox_event where created_at < ? order by created_at limit ?)""";

	private static final int BATCH = 5_000;

	private final JdbcClient jdbc;

	private final Duration retention;

	private final Duration interval;

	private final Clock clock;

	private @Nullable ScheduledExecutorService scheduler;

	public OutboxRetention(DataSource dataSource, Duration retention, Duration interval, Clock clock) {
		this.jdbc = JdbcClient.create(dataSource);
		this.retention = retention;
		this.interval = interval;
		this.clock = clock;
	}

	/**
	 * Deletes every row older than the retention period.
	 * @return how many rows were deleted
	 */
	public long deleteExpired() {
		Timestamp cutoff = Timestamp.from(this.clock.instant().minus(this.retention));
		long total = 0;
		int deleted;
		do {
			deleted = this.jdbc.sql(DELETE_BATCH).params(cutoff, BATCH).update();
			total += deleted;
		}
		while (deleted == BATCH);
		if (total > 0) {
			logger.info("Deleted {} outbox events older than {}", total, this.retention);
		}
		return total;
	}

	private void deleteExpiredQuietly() {
		try {
			deleteExpired();
		}
		catch (RuntimeException ex) {
			logger.warn("Outbox retention clean-up failed; trying again in {}", this.interval, ex);
		}
	}

	@Override
	public void start() {
		this.scheduler = Executors.newSingleThreadScheduledExecutor(new CustomizableThreadFactory("outbox-retention-"));
		long period = this.interval.toMillis();
		this.scheduler.scheduleWithFixedDelay(this::deleteExpiredQuietly, period, period, TimeUnit.MILLISECONDS);
	}

	@Override
	public void stop() {
		if (this.scheduler != null) {
			this.scheduler.shutdownNow();
			this.scheduler = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.scheduler != null;
	}

}
