package io.github.outbox.relay;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaRefusalTests {

	private static final String TOPIC = "outbox.event.Order";

	private final List<String> asked = new ArrayList<>();

	private final Predicate<String> missing = (topic) -> this.asked.add(topic);

	private final Predicate<String> present = (topic) -> !this.asked.add(topic);

	@Test
	void refusesARecordTooLargeForItsTopicAloneAndSaysWhatToRaise() {
		KafkaRefusal refusal = KafkaRefusal.of(new RecordTooLargeException("too big"), TOPIC, this.missing);
		assertThat(refusal).isNotNull();
		assertThat(refusal.wholeTopic()).isFalse();
		assertThat(refusal.reason()).contains("too large", TOPIC, "max.message.bytes", "max.request.size");
		assertThat(this.asked).isEmpty();
	}

	@Test
	void refusesAForbiddenOrInvalidTopicAsAWhole() {
		assertThat(KafkaRefusal.of(new TopicAuthorizationException("denied"), TOPIC, this.missing))
			.satisfies((refusal) -> assertThat(refusal.wholeTopic()).isTrue())
			.satisfies((refusal) -> assertThat(refusal.reason()).contains("may not write", "WRITE"));
		assertThat(KafkaRefusal.of(new InvalidTopicException("bad name"), TOPIC, this.missing))
			.satisfies((refusal) -> assertThat(refusal.wholeTopic()).isTrue())
			.satisfies((refusal) -> assertThat(refusal.reason()).contains("outbox.relay.topics"));
	}

	@Test
	void refusesATimedOutSendOnlyWhenTheClusterSaysTheTopicIsMissing() {
		TimeoutException timeout = new TimeoutException("Topic not present in metadata after 10000 ms.");
		assertThat(KafkaRefusal.of(timeout, TOPIC, this.missing)).satisfies((refusal) -> {
			assertThat(refusal.wholeTopic()).isTrue();
			assertThat(refusal.reason()).contains("does not exist");
		});
		assertThat(KafkaRefusal.of(new UnknownTopicOrPartitionException("gone"), TOPIC, this.missing)).isNotNull();
		assertThat(KafkaRefusal.of(timeout, TOPIC, this.present)).as("broker down: an outage").isNull();
		assertThat(this.asked).containsOnly(TOPIC);
	}

	@Test
	void treatsEverythingElseAsAnOutageWithoutAskingTheCluster() {
		assertThat(KafkaRefusal.of(new NotEnoughReplicasException("isr"), TOPIC, this.missing)).isNull();
		assertThat(KafkaRefusal.of(new NetworkException("reset"), TOPIC, this.missing)).isNull();
		assertThat(KafkaRefusal.of(new IllegalStateException("producer closed"), TOPIC, this.missing)).isNull();
		assertThat(this.asked).isEmpty();
	}

}
