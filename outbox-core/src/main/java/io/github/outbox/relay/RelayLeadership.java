package io.github.outbox.relay;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Elects one relay among the instances of an application that share a database: the
 * leader holds a PostgreSQL session-level advisory lock on a connection of its own, and
 * the others try to take it at every check. A leader that dies loses its session and so
 * the lock, without any time-out to wait for; a leader whose lock connection breaks steps
 * down.
 * <p>
 * Debezium alone would let a second instance fail and retry against the active slot; here
 * the standby waits quietly and takes over within one check interval.
 */
final class RelayLeadership {

	private static final Logger logger = LoggerFactory.getLogger(RelayLeadership.class);

	/**
	 * The {@code application_name} of the sessions that contend for the leadership: the
	 * process id and host of this instance.
	 */
	static final String APPLICATION_NAME = "outbox-relay " + ProcessHandle.current().pid() + "@" + hostName();

	private final long lockKey;

	private final Duration checkInterval;

	private final Runnable onElected;

	private final Runnable onDeposed;

	private final Object monitor = new Object();

	private @Nullable ScheduledExecutorService checks;

	/**
	 * The session that holds the lock; closing it releases the lock. Who leads, as
	 * operators see it in pg_stat_activity (joined with pg_locks), is its
	 * {@link #APPLICATION_NAME}.
	 */
	private final RelayConnection connection;

	private volatile boolean leader;

	RelayLeadership(ReplicationTarget target, String slotName, Duration checkInterval, Runnable onElected,
			Runnable onDeposed) {
		this.connection = new RelayConnection(() -> target.connect(APPLICATION_NAME));
		this.lockKey = lockKey(slotName);
		this.checkInterval = checkInterval;
		this.onElected = onElected;
		this.onDeposed = onDeposed;
	}

	/** The advisory lock key of a slot: one leader per slot. */
	static long lockKey(String slotName) {
		return UUID.nameUUIDFromBytes(("outbox-relay:" + slotName).getBytes(StandardCharsets.UTF_8))
			.getMostSignificantBits();
	}

	void start() {
		synchronized (this.monitor) {
			this.checks = Executors.newSingleThreadScheduledExecutor(new CustomizableThreadFactory("outbox-leader-"));
			this.checks.scheduleWithFixedDelay(this::check, 0, this.checkInterval.toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	boolean isLeader() {
		return this.leader;
	}

	private void check() {
		synchronized (this.monitor) {
			if (this.checks == null) {
				return;
			}
			try {
				if (this.leader) {
					confirmLeadership();
				}
				else {
					tryToLead();
				}
			}
			catch (RuntimeException ex) {
				logger.error("Outbox relay leadership check failed", ex);
			}
		}
	}

	private void tryToLead() {
		try {
			try (PreparedStatement lock = this.connection.get().prepareStatement("select pg_try_advisory_lock(?)")) {
				lock.setLong(1, this.lockKey);
				try (ResultSet result = lock.executeQuery()) {
					result.next();
					if (!result.getBoolean(1)) {
						logger.debug("Another instance leads the outbox relay; standing by");
						return;
					}
				}
			}
			this.leader = true;
			logger.info("This instance leads the outbox relay (advisory lock {})", this.lockKey);
			this.onElected.run();
		}
		catch (SQLException ex) {
			logger.warn("Cannot reach PostgreSQL to contend for the outbox relay's leadership: {}", ex.getMessage());
			this.connection.close();
		}
	}

	private void confirmLeadership() {
		if (!this.connection.isValid(Math.max(1, (int) this.checkInterval.toSeconds()))) {
			logger.warn("Lost the connection that holds the outbox relay's leadership; stepping down");
			stepDown();
		}
	}

	private void stepDown() {
		this.leader = false;
		try {
			this.onDeposed.run();
		}
		finally {
			this.connection.close();
		}
	}

	/** Stops contending; a leader stops its relay first, then releases the lock. */
	void stop() {
		synchronized (this.monitor) {
			if (this.checks != null) {
				this.checks.shutdownNow();
				this.checks = null;
			}
			if (this.leader) {
				stepDown();
			}
			else {
				this.connection.close();
			}
		}
	}

	private static String hostName() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "unknown-host";
		}
	}

}
