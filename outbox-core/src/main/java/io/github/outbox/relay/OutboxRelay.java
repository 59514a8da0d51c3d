package io.github.outbox.relay;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.connect.source.SourceRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.util.backoff.BackOffExecution;

import io.debezium.embedded.Connect;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import io.debezium.engine.format.ChangeEventFormat;
import io.debezium.engine.spi.OffsetCommitPolicy;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the embedded Debezium engine with the application: checks the set-up when the
 * context starts, streams while this instance leads (one leader per slot among the
 * instances that share the database), stops cleanly with the context, and restarts the
 * engine with back-off when it fails in between.
 */
public class OutboxRelay implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(OutboxRelay.class);

	/**
	 * How long a stop waits for the engine thread once the engine is closed. Closing
	 * stores the offsets, which may take the engine's
	 * {@link EngineProperties#OFFSET_FLUSH_TIMEOUT offset flush timeout} of ten seconds;
	 * the rest is room for the connector's own stop. A stop that waits longer goes on,
	 * and the next leader publishes again what was not stored.
	 */
	private static final Duration ENGINE_STOP_WAIT = Duration.ofSeconds(30);

	/**
	 * How long a stop lets the producer finish the requests it still has in flight.
	 * Bounded so that a stop does not hang on an unreachable broker: a record it never
	 * sent has no stored offset, and the next leader publishes it again.
	 */
	private static final Duration PRODUCER_CLOSE_WAIT = Duration.ofSeconds(10);

	/**
	 * Pause between attempts to close an engine whose tasks are starting: a task starts
	 * in well under a second once PostgreSQL answers.
	 */
	private static final Duration ENGINE_CLOSE_RETRY = Duration.ofMillis(100);

	private final DataSource dataSource;

	private final RelayProperties settings;

	private final ReplicationTarget target;

	private final Map<String, Object> producerConfig;

	private final Map<String, Object> adminConfig;

	private final JsonMapper json;

	private final Object monitor = new Object();

	private final RelayStatistics statistics = new RelayStatistics();

	private @Nullable Producer<byte[], byte[]> producer;

	private @Nullable KafkaPublisher publisher;

	private @Nullable DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;

	private @Nullable ExecutorService engineThread;

	private @Nullable ScheduledExecutorService restarts;

	/** Written by the engine thread on progress, read and replaced under the monitor. */
	private volatile @Nullable BackOffExecution restartBackOff;

	private @Nullable TopicCheck topicCheck;

	private @Nullable RelayLeadership leadership;

	private volatile boolean running;

	/**
	 * @param dataSource the application's DataSource, whose database holds the outbox
	 * @param settings the relay's settings
	 * @param fallbackUsername the DataSource's user, for when no relay role is set
	 * @param fallbackPassword the DataSource's password, for when no relay role is set
	 * @param bootstrapServers Kafka, where the settings name none
	 */
	public OutboxRelay(DataSource dataSource, RelayProperties settings, @Nullable String fallbackUsername,
			@Nullable String fallbackPassword, String bootstrapServers, JsonMapper json) {
		this(dataSource, settings, fallbackUsername, fallbackPassword,
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
				Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), json);
	}

	/**
	 * @param dataSource the application's DataSource, whose database holds the outbox
	 * @param settings the relay's settings
	 * @param fallbackUsername the DataSource's user, for when no relay role is set
	 * @param fallbackPassword the DataSource's password, for when no relay role is set
	 * @param producer the application's producer settings (Spring Boot's
	 * {@code spring.kafka.*}: servers, security, client id); the relay's settings win
	 * over them, and its delivery guarantees over both
	 * @param admin the application's admin client settings, likewise
	 */
	public OutboxRelay(DataSource dataSource, RelayProperties settings, @Nullable String fallbackUsername,
			@Nullable String fallbackPassword, Map<String, Object> producer, Map<String, Object> admin,
			JsonMapper json) {
		this.dataSource = dataSource;
		this.settings = settings;
		this.json = json;
		this.target = ReplicationTarget.of(dataSource, settings, fallbackUsername, fallbackPassword);
		this.producerConfig = RelayKafkaConfig.producer(settings, producer);
		this.adminConfig = RelayKafkaConfig.admin(settings, admin);
	}

	@Override
	public void start() {
		synchronized (this.monitor) {
			if (this.running) {
				return;
			}
			new RelayPreflight(this.dataSource, this.settings, this.target, this.adminConfig).check();
			this.producer = new KafkaProducer<>(this.producerConfig);
			this.topicCheck = new TopicCheck(this.adminConfig,
					this.producerConfig.get(ProducerConfig.COMPRESSION_TYPE_CONFIG),
					this.settings.kafka().metadataWait(), Clock.systemUTC());
			this.engineThread = Executors.newSingleThreadExecutor(new CustomizableThreadFactory("outbox-relay-"));
			this.restarts = Executors
				.newSingleThreadScheduledExecutor(new CustomizableThreadFactory("outbox-relay-restart-"));
			this.leadership = new RelayLeadership(this.target, this.settings.slotName(),
					this.settings.leaderCheckInterval(), this::restartEngine, this::stopEngine);
			this.running = true;
			this.leadership.start();
			logger.info("Outbox relay started for {} (slot {}, publication {}), Kafka at {}", this.target,
					this.settings.slotName(), this.settings.publicationName(),
					this.producerConfig.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG));
		}
	}

	/** Whether this instance leads, that is, streams the outbox to Kafka. */
	public boolean isLeader() {
		RelayLeadership current = this.leadership;
		return current != null && current.isLeader();
	}

	/** What the relay of this instance is doing. */
	public RelayState state() {
		synchronized (this.monitor) {
			if (!this.running) {
				return RelayState.STOPPED;
			}
			if (!isLeader()) {
				return RelayState.STANDBY;
			}
			return (this.engine != null) ? RelayState.STREAMING : RelayState.RESTARTING;
		}
	}

	/** What the relay has published and how fast, since the application started. */
	public RelayStatistics statistics() {
		return this.statistics;
	}

	/** The replication slot's name. */
	public String slotName() {
		return this.settings.slotName();
	}

	/** The DataSource whose database holds the outbox, for {@link RelayInspector}. */
	DataSource dataSource() {
		return this.dataSource;
	}

	private void startEngine() {
		synchronized (this.monitor) {
			if (!this.running || this.engine != null) {
				return;
			}
			String schema = JdbcClient.create(this.dataSource)
				.sql("select current_schema()")
				.query(String.class)
				.single();
			ParkedEvents parked = new ParkedEvents(this.dataSource);
			parked.load();
			KafkaPublisher publisher = new KafkaPublisher(this.producer,
					new OutboxRecordMapper(this.settings, this.json), parked, this.topicCheck, this.settings.restart(),
					this::madeProgress, this.statistics, Clock.systemUTC());
			DebeziumEngine<RecordChangeEvent<SourceRecord>> engine = DebeziumEngine
				.create(ChangeEventFormat.of(Connect.class))
				.using(EngineProperties.of(this.settings, this.target, schema))
				// Offsets are stored after every batch Kafka acknowledged: a crash
				// repeats at most the batch in flight. A periodic flush repeats all
				// that was published since the last one: in a catch-up, thousands.
				.using(OffsetCommitPolicy.always())
				.notifying(publisher)
				.using(this::engineStopped)
				.build();
			this.publisher = publisher;
			this.engine = engine;
			this.engineThread.execute(engine);
			logger.info("Outbox relay streaming from {} to Kafka", this.target);
		}
	}

	/**
	 * Stops the engine, which stores the offsets of what Kafka acknowledged. The monitor
	 * is released before closing: the engine's completion callback needs it.
	 */
	private void stopEngine() {
		DebeziumEngine<RecordChangeEvent<SourceRecord>> engine;
		synchronized (this.monitor) {
			engine = this.engine;
			this.engine = null;
			if (this.publisher != null) {
				this.publisher.stop();
				this.publisher = null;
			}
		}
		if (engine != null) {
			try {
				close(engine);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				logger.warn("Interrupted while closing the outbox relay engine");
			}
			catch (Exception ex) {
				logger.warn("Outbox relay engine did not close cleanly; unstored offsets are published again by the "
						+ "next leader", ex);
			}
		}
	}

	/**
	 * Closes the engine. Debezium refuses to close one whose tasks are still starting
	 * ("Cannot stop engine while tasks are starting", an {@link IllegalStateException})
	 * and leaves it running; a stop or a lost leadership in that moment would leave the
	 * engine streaming. So the close is tried again until the tasks have started, for up
	 * to {@link #ENGINE_STOP_WAIT}.
	 */
	private static void close(DebeziumEngine<?> engine) throws Exception {
		long deadline = System.nanoTime() + ENGINE_STOP_WAIT.toNanos();
		while (true) {
			try {
				engine.close();
				return;
			}
			catch (IllegalStateException ex) {
				if (System.nanoTime() > deadline) {
					throw ex;
				}
				logger.debug("Outbox relay engine not closed yet: {}", ex.getMessage());
				TimeUnit.MILLISECONDS.sleep(ENGINE_CLOSE_RETRY.toMillis());
			}
		}
	}

	private void engineStopped(boolean success, String message, @Nullable Throwable error) {
		synchronized (this.monitor) {
			if (!this.running || this.engine == null) {
				logger.debug("Outbox relay engine stopped: {}", message);
				return;
			}
			this.engine = null;
			this.publisher = null;
			scheduleRestart("Outbox relay engine stopped unexpectedly (" + message + ")", error);
		}
	}

	/** Starts the engine of a leader; a failed start is tried again after a back-off. */
	private void restartEngine() {
		if (!isLeader()) {
			return;
		}
		try {
			startEngine();
		}
		catch (RuntimeException ex) {
			synchronized (this.monitor) {
				if (this.running) {
					scheduleRestart("Outbox relay engine failed to start (" + ex.getMessage() + ")", ex);
				}
			}
		}
	}

	/** Called holding the monitor, while running. */
	private void scheduleRestart(String reason, @Nullable Throwable error) {
		if (this.restartBackOff == null) {
			this.restartBackOff = this.settings.restart().backOff().start();
		}
		long wait = this.restartBackOff.nextBackOff();
		logger.error("{}; restarting it in {} ms", reason, wait, error);
		this.restarts.schedule(this::restartEngine, wait, TimeUnit.MILLISECONDS);
	}

	private void madeProgress() {
		this.restartBackOff = null;
	}

	@Override
	public void stop() {
		synchronized (this.monitor) {
			if (!this.running) {
				return;
			}
			this.running = false;
			this.restarts.shutdownNow();
		}
		// Stops the engine before the lock goes, so that a standby never meets
		// our slot in use.
		this.leadership.stop();
		stopEngine();
		this.engineThread.shutdown();
		try {
			if (!this.engineThread.awaitTermination(ENGINE_STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
				logger.warn("Outbox relay engine thread still running after {} s", ENGINE_STOP_WAIT.toSeconds());
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.producer.close(PRODUCER_CLOSE_WAIT);
		this.topicCheck.close();
		logger.info("Outbox relay stopped");
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
