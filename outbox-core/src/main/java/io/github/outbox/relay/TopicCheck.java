package io.github.outbox.relay;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the relay asks the cluster about a topic. Whether it exists, after a send to it
 * timed out: only an answer that it does not turns the time-out into a refusal. And its
 * size limit ({@code max.message.bytes}), so that an event the broker would surely refuse
 * as too large is parked before it is sent: once sent, a later event of its aggregate
 * could reach Kafka before the refusal comes back, out of order.
 */
final class TopicCheck implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(TopicCheck.class);

	/** How long a topic's size limit is used before it is read again. */
	static final Duration LIMIT_MEMORY = Duration.ofMinutes(1);

	/** A record batch's header, which the broker counts against the limit. */
	private static final int BATCH_OVERHEAD = 61;

	/**
	 * How long closing lets the admin client finish a request in flight: bounded, so that
	 * the relay's stop does not hang on an unreachable broker; the answer is not needed.
	 */
	private static final Duration ADMIN_CLOSE_WAIT = Duration.ofSeconds(5);

	private final Map<String, Object> client;

	private final Duration timeout;

	private final boolean compressed;

	private final Clock clock;

	private final Map<String, Limit> limits = new ConcurrentHashMap<>();

	private @Nullable Admin admin;

	/**
	 * @param admin the admin client settings of the relay (bootstrap servers, security)
	 * @param compression the producer's {@code compression.type}, if set
	 * @param timeout how long to wait for the cluster's answer
	 * @param clock the clock of the size limits' age
	 */
	TopicCheck(Map<String, Object> admin, @Nullable Object compression, Duration timeout, Clock clock) {
		this.client = admin;
		this.timeout = timeout;
		this.compressed = compression != null && !"none".equals(String.valueOf(compression));
		this.clock = clock;
	}

	/**
	 * Why the broker would surely refuse the event as too large for its topic, or
	 * {@code null} when it may take it. Counts only the bytes the event certainly takes;
	 * with compression on, nothing is known before the batch is compressed.
	 * @param fresh whether to read the topic's limit again rather than use the one read
	 * within {@link #LIMIT_MEMORY} (for a re-driven event, after the limit was raised)
	 */
	@Nullable String tooLarge(RelayedEvent event, boolean fresh) {
		if (this.compressed) {
			return null;
		}
		Integer limit = maxMessageBytes(event.topic(), fresh);
		if (limit == null) {
			return null;
		}
		ProducerRecord<byte[], byte[]> record = event.record();
		long size = BATCH_OVERHEAD + record.key().length + record.value().length;
		for (Header header : record.headers()) {
			size += header.key().getBytes(StandardCharsets.UTF_8).length + header.value().length;
		}
		if (size <= limit) {
			return null;
		}
		return "The event takes at least " + size + " bytes on the wire, more than topic " + event.topic()
				+ "'s max.message.bytes (" + limit + "): Kafka would refuse it as too large (raise the topic's "
				+ "max.message.bytes and the producer's max.request.size, then re-drive)";
	}

	/**
	 * Forgets the size limit of a topic, after the broker refused an event as too large.
	 */
	void forgetLimit(String topic) {
		this.limits.remove(topic);
	}

	private @Nullable Integer maxMessageBytes(String topic, boolean fresh) {
		Instant now = this.clock.instant();
		Limit known = this.limits.get(topic);
		if (!fresh && known != null && known.readAt().plus(LIMIT_MEMORY).isAfter(now)) {
			return known.bytes();
		}
		ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
		try {
			Config config = admin().describeConfigs(List.of(resource))
				.all()
				.get(this.timeout.toMillis(), TimeUnit.MILLISECONDS)
				.get(resource);
			ConfigEntry entry = (config != null) ? config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG) : null;
			Integer bytes = (entry != null && entry.value() != null) ? Integer.valueOf(entry.value()) : null;
			this.limits.put(topic, new Limit(bytes, now));
			return bytes;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
		catch (ExecutionException | java.util.concurrent.TimeoutException | RuntimeException ex) {
			// unknown topic, no right to describe it, cluster away: the send will tell
			logger.debug("Could not read the size limit of topic {}", topic, ex);
			this.limits.put(topic, new Limit(null, now));
			return null;
		}
	}

	/**
	 * Whether the cluster answered that the topic does not exist; {@code false} when it
	 * exists or the cluster did not answer.
	 */
	boolean isMissing(String topic) {
		try {
			admin().describeTopics(List.of(topic)).allTopicNames().get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
			return false;
		}
		catch (ExecutionException ex) {
			return ex.getCause() instanceof UnknownTopicOrPartitionException;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		catch (java.util.concurrent.TimeoutException | RuntimeException ex) {
			logger.debug("Could not ask the cluster whether topic {} exists", topic, ex);
			return false;
		}
	}

	private record Limit(@Nullable Integer bytes, Instant readAt) {
	}

	private synchronized Admin admin() {
		if (this.admin == null) {
			this.admin = Admin.create(this.client);
		}
		return this.admin;
	}

	@Override
	public synchronized void close() {
		if (this.admin != null) {
			this.admin.close(ADMIN_CLOSE_WAIT);
			this.admin = null;
		}
	}

}
