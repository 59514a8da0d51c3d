package io.github.outbox.relay;

import java.util.function.Predicate;

import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.jspecify.annotations.Nullable;

/**
 * Why Kafka refused an event for good: sending it again cannot succeed until an operator
 * changes something (the topic's size limit, its ACLs, the topic itself). Everything else
 * a send can fail with (broker unreachable, not enough in-sync replicas, time-outs, a
 * leader moving) is an outage, retried without limit.
 *
 * @param reason what Kafka answered, for the operator
 * @param wholeTopic whether every event of the topic is refused alike (a missing, invalid
 * or forbidden topic), not only this one (too large)
 */
record KafkaRefusal(String reason, boolean wholeTopic) {

	/**
	 * The refusal a failed send means, or {@code null} for an outage. A send to a topic
	 * whose metadata never came ({@link TimeoutException}) or that the broker does not
	 * know is a refusal only when the cluster, asked, says the topic does not exist: the
	 * same time-out also means that the broker is down.
	 * @param missing asks the cluster whether a topic is missing
	 */
	static @Nullable KafkaRefusal of(Throwable failure, String topic, Predicate<String> missing) {
		if (failure instanceof RecordTooLargeException || failure instanceof RecordBatchTooLargeException) {
			return new KafkaRefusal("Kafka refused the event as too large for topic " + topic + ": "
					+ failure.getMessage() + " (raise the topic's max.message.bytes and the producer's "
					+ "max.request.size, then re-drive)", false);
		}
		if (failure instanceof InvalidRecordException) {
			return new KafkaRefusal(
					"Kafka refused the event as invalid for topic " + topic + ": " + failure.getMessage(), false);
		}
		if (failure instanceof TopicAuthorizationException) {
			return new KafkaRefusal("The relay may not write to topic " + topic + " (" + failure.getMessage()
					+ "): grant its principal WRITE on the topic, then re-drive", true);
		}
		if (failure instanceof InvalidTopicException) {
			return new KafkaRefusal(
					"Kafka refused " + topic + " as a topic name (" + failure.getMessage()
							+ "): map the aggregate type to a valid topic with outbox.relay.topics, then re-drive",
					true);
		}
		if ((failure instanceof TimeoutException || failure instanceof UnknownTopicOrPartitionException)
				&& missing.test(topic)) {
			return new KafkaRefusal("Topic " + topic + " does not exist and the cluster does not create it: create "
					+ "it, then re-drive", true);
		}
		return null;
	}

}
