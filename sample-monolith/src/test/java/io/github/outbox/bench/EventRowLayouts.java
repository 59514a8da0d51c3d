package io.github.outbox.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import org.jspecify.annotations.Nullable;

import io.github.outbox.local.LocalSampleApplication;
import io.github.outbox.testsupport.TestDatabase;
import io.github.outbox.testsupport.TestPostgres;

/**
 * What the event row adds to a sign-up's transaction, by the layout of the outbox table:
 * PostgreSQL alone, no HTTP, no Spring, no relay, so that a few percent are not lost in
 * the noise of the whole application (item 1). Each transaction inserts a user row and,
 * unless the layout writes no event, an event row, as the sample's sign-up does, or the
 * event as a logical-decoding message instead of a row.
 * <p>
 * Each layout has a table of its own, filled first with {@code rows} older events: an
 * outbox keeps a week of them by default, and an index's cost depends on its size. Each
 * window starts right after a checkpoint, as PostgreSQL writes a page's full image to the
 * WAL the first time it changes after one, so a random key, which changes a different
 * index page each time, costs more WAL than a time-ordered one.
 */
final class EventRowLayouts {

	/** The whole event as a WAL message would carry it. */
	private static final String MESSAGE_CONTENT = "{\"id\":\"%s\",\"aggregatetype\":\"User\",\"aggregateid\":\"%s\","
			+ "\"type\":\"UserRegistered\",\"payload\":%s,\"headers\":{},\"created_at\":\"%s\"}";

	/** The event ids {@code OutboxEvent.of} gives. */
	private static final TimeBasedEpochGenerator TIME_ORDERED = Generators.timeBasedEpochGenerator();

	/** A sign-up's payload, of the sample's size. */
	private static final String PAYLOAD = "{\"userId\":\"%s\",\"email\":\"%s\",\"name\":\"Bench User\","
			+ "\"confirmationUrl\":\"http://localhost:8080/api/confirmations/%s\"}";

	/** How a layout writes the event. */
	enum Write {

		/** No event at all: the baseline. */
		NONE,

		/** A row of the outbox table, as {@code Outbox.publish} does. */
		ROW,

		/**
		 * No row: the event as a transactional logical-decoding message
		 * ({@code pg_logical_emit_message}), which only a slot that exists at the time
		 * sees; what a WAL-message mode would write.
		 */
		WAL_MESSAGE

	}

	/**
	 * A layout of the outbox table, or no table at all.
	 *
	 * @param name how the figures name it
	 * @param write how the event is written
	 * @param timeOrderedIds event ids whose first bits are the time (UUID version 7, as
	 * {@code OutboxEvent.of} makes them), not random (version 4)
	 * @param jsonType the payload's and headers' column type
	 * @param nullHeaders empty headers stored as {@code NULL} rather than {@code '{}'}
	 * @param createdAtIndex the access method of the retention's index on
	 * {@code created_at}
	 */
	record Layout(String name, Write write, boolean timeOrderedIds, String jsonType, boolean nullHeaders,
			String createdAtIndex) {

		static final Layout NO_EVENT = new Layout("no event row", Write.NONE, false, "jsonb", false, "btree");

		static final Layout SHIPPED = new Layout("as shipped (time-ordered ids, jsonb, '{}' headers, B-tree)",
				Write.ROW, true, "jsonb", false, "btree");

		/**
		 * The shipped layout and, one lever at a time, the others measured against it.
		 */
		static List<Layout> all() {
			return List.of(NO_EVENT, SHIPPED,
					new Layout("random ids (UUID v4)", Write.ROW, false, "jsonb", false, "btree"),
					new Layout("NULL headers", Write.ROW, true, "jsonb", true, "btree"),
					new Layout("BRIN on created_at", Write.ROW, true, "jsonb", false, "brin"),
					new Layout("json, not jsonb", Write.ROW, true, "json", false, "btree"),
					new Layout("the last three together", Write.ROW, true, "json", true, "brin"),
					new Layout("WAL message, no row", Write.WAL_MESSAGE, true, "jsonb", false, "btree"));
		}

	}

	/**
	 * One window of one layout.
	 *
	 * @param transactions committed sign-up transactions
	 * @param seconds the window's length
	 * @param walBytes WAL written during the window
	 * @param backendCpu CPU of the PostgreSQL backends serving the transactions
	 * @param machineBusy share of the machine's cores that were busy, in percent
	 */
	record Window(long transactions, double seconds, long walBytes, Duration backendCpu, double machineBusy) {

		double perSecond() {
			return this.transactions / this.seconds;
		}

		double walBytesPerTransaction() {
			return (double) this.walBytes / this.transactions;
		}

		double backendMicrosPerTransaction() {
			return this.backendCpu.toNanos() / 1e3 / this.transactions;
		}

		double machineMicrosPerTransaction() {
			int cores = Runtime.getRuntime().availableProcessors();
			return this.machineBusy / 100 * cores * this.seconds * 1e6 / this.transactions;
		}

	}

	private final TestDatabase database;

	private final int connections;

	private EventRowLayouts(TestDatabase database, int connections) {
		this.database = database;
		this.connections = connections;
	}

	/**
	 * Creates one pair of tables per layout in {@code database}, the event tables filled
	 * with {@code rows} older events.
	 */
	static EventRowLayouts create(TestDatabase database, List<Layout> layouts, int rows, int connections)
			throws SQLException {
		EventRowLayouts bench = new EventRowLayouts(database, connections);
		try (Connection connection = bench.connect(); Statement statement = connection.createStatement()) {
			for (int i = 0; i < layouts.size(); i++) {
				Layout layout = layouts.get(i);
				statement.execute("create table users_" + i + " (id uuid primary key, email varchar(254) not null "
						+ "unique, name varchar(100) not null, registered_at timestamptz not null, "
						+ "confirmed_at timestamptz)");
				if (layout.write() == Write.ROW) {
					String json = layout.jsonType();
					statement.execute("create table event_" + i + " (id uuid primary key, aggregatetype varchar(255) "
							+ "not null, aggregateid varchar(255) not null, type varchar(255) not null, payload " + json
							+ " not null, headers " + json
							+ (layout.nullHeaders() ? "" : " not null default '{}'::" + json)
							+ ", created_at timestamptz not null default now())");
					statement
						.execute("create index on event_" + i + " using " + layout.createdAtIndex() + " (created_at)");
					statement.execute(prefill(i, layout, rows));
					statement.execute("vacuum analyze event_" + i);
				}
			}
		}
		return bench;
	}

	/**
	 * {@code rows} events of the last week, in time order, ids as the layout makes them.
	 * Their payload is short: only the indexes' size matters to the next inserts.
	 */
	private static String prefill(int table, Layout layout, int rows) {
		String at = "now() - interval '7 days' + g * (interval '7 days' / " + rows + ")";
		// a version 7 id: 48 bits of Unix milliseconds, version 7, variant 8, the rest
		// random
		String id = layout.timeOrderedIds()
				? "(lpad(to_hex(floor(extract(epoch from " + at + ") * 1000)::bigint), 12, '0') || '7' "
						+ "|| substr(md5(g::text), 1, 3) || '8' || substr(md5(g::text), 4, 15))::uuid"
				: "gen_random_uuid()";
		return "insert into event_" + table + " (id, aggregatetype, aggregateid, type, payload, headers, created_at) "
				+ "select " + id + ", 'User', g::text, 'UserRegistered', '{}', "
				+ (layout.nullHeaders() ? "null" : "'{}'") + ", " + at + " from generate_series(1, " + rows + ") g";
	}

	/**
	 * Runs sign-up transactions on the layout's tables for {@code duration} from
	 * {@link #connections} connections, closed loop, right after a checkpoint.
	 */
	Window measure(int table, Layout layout, Duration duration) throws Exception {
		checkpoint();
		List<Connection> open = new ArrayList<>();
		try {
			List<Long> backends = new ArrayList<>();
			for (int i = 0; i < this.connections; i++) {
				Connection connection = connect();
				connection.setAutoCommit(false);
				open.add(connection);
				backends.add(backendPid(connection));
			}
			long walBefore = walPosition(open.get(0));
			Duration cpuBefore = cpu(backends);
			MachineCpu machine = MachineCpu.now();
			AtomicLong committed = new AtomicLong();
			CountDownLatch done = new CountDownLatch(open.size());
			List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
			long start = System.nanoTime();
			long deadline = start + duration.toNanos();
			for (Connection connection : open) {
				new Thread(() -> {
					try {
						signUps(connection, table, layout, deadline, committed);
					}
					catch (Throwable ex) {
						failures.add(ex);
					}
					finally {
						done.countDown();
					}
				}, "layout-" + table).start();
			}
			if (!done.await(duration.toSeconds() + 60, TimeUnit.SECONDS)) {
				throw new IllegalStateException("sign-up transactions of " + layout.name() + " did not stop");
			}
			double seconds = (System.nanoTime() - start) / 1e9;
			double busy = machine.busyPercentSince();
			Duration backendCpu = cpu(backends).minus(cpuBefore);
			if (!failures.isEmpty()) {
				throw new IllegalStateException("sign-up transactions of " + layout.name() + " failed",
						failures.get(0));
			}
			return new Window(committed.get(), seconds, walPosition(open.get(0)) - walBefore, backendCpu, busy);
		}
		finally {
			for (Connection connection : open) {
				connection.close();
			}
		}
	}

	private static void signUps(Connection connection, int table, Layout layout, long deadline, AtomicLong committed)
			throws SQLException {
		try (PreparedStatement user = connection.prepareStatement(
				"insert into users_" + table + " (id, email, name, registered_at) values (?, ?, 'Bench User', ?)");
				PreparedStatement event = eventStatement(connection, table, layout)) {
			while (System.nanoTime() < deadline) {
				UUID userId = UUID.randomUUID();
				String email = "user-" + userId + "@example.com";
				Timestamp now = Timestamp.from(Instant.now());
				user.setObject(1, userId);
				user.setString(2, email);
				user.setTimestamp(3, now);
				user.executeUpdate();
				UUID eventId = layout.timeOrderedIds() ? TIME_ORDERED.generate() : UUID.randomUUID();
				String payload = String.format(PAYLOAD, userId, email, UUID.randomUUID());
				switch (layout.write()) {
					case ROW -> {
						Objects.requireNonNull(event).setObject(1, eventId);
						event.setString(2, userId.toString());
						event.setString(3, payload);
						event.setString(4, layout.nullHeaders() ? null : "{}");
						event.setTimestamp(5, now);
						event.executeUpdate();
					}
					case WAL_MESSAGE -> {
						Objects.requireNonNull(event)
							.setString(1, String.format(MESSAGE_CONTENT, eventId, userId, payload, now.toInstant()));
						event.execute();
					}
					case NONE -> {
					}
				}
				connection.commit();
				committed.incrementAndGet();
			}
		}
	}

	private static @Nullable PreparedStatement eventStatement(Connection connection, int table, Layout layout)
			throws SQLException {
		String json = layout.jsonType();
		return switch (layout.write()) {
			case ROW -> connection.prepareStatement("insert into event_" + table + " (id, aggregatetype, aggregateid, "
					+ "type, payload, headers, created_at) values (?, 'User', ?, 'UserRegistered', ?::" + json + ", ?::"
					+ json + ", ?)");
			case WAL_MESSAGE -> connection.prepareStatement("select pg_logical_emit_message(true, 'outbox', ?)");
			case NONE -> null;
		};
	}

	private Connection connect() throws SQLException {
		return DriverManager.getConnection(this.database.jdbcUrl(), TestPostgres.APP_USER, TestPostgres.APP_PASSWORD);
	}

	private static long backendPid(Connection connection) throws SQLException {
		return queryLong(connection, "select pg_backend_pid()");
	}

	private static long walPosition(Connection connection) throws SQLException {
		return queryLong(connection, "select pg_current_wal_lsn() - '0/0'::pg_lsn");
	}

	private static long queryLong(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
			result.next();
			long value = result.getLong(1);
			connection.commit();
			return value;
		}
	}

	private static Duration cpu(List<Long> pids) {
		return pids.stream().map(ProcessCpu::of).reduce(Duration.ZERO, Duration::plus);
	}

	/**
	 * A checkpoint, as the superuser through {@code db/postgres.sh} (the application role
	 * may not run one).
	 */
	private static void checkpoint() throws InterruptedException {
		try {
			Process process = new ProcessBuilder("bash",
					LocalSampleApplication.projectRoot().resolve("db").resolve("postgres.sh").toString(), "psql", "-X",
					"-q", "-c", "CHECKPOINT")
				.redirectErrorStream(true)
				.start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (process.waitFor() != 0) {
				throw new IllegalStateException("CHECKPOINT through db/postgres.sh failed: " + output);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
