package io.github.outbox.sample.reliability;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;

import io.github.outbox.testsupport.TestKafka;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kafka fails under sign-ups. Sign-ups do not wait on Kafka, so they keep succeeding at
 * their usual latency while the outbox absorbs the events, and the relay catches up on
 * its own: no committed event is lost.
 */
class KafkaOutageIntegrationTests {

	private static final int RATE = Integer.getInteger("reliability.rate", 15);

	private static final int OUTAGE_SECONDS = Integer.getInteger("reliability.outage-seconds", 20);

	@Test
	void signupsKeepTheirLatencyWhileTheOnlyBrokerIsDownAndNothingIsLost() throws Exception {
		try (TestKafka kafka = TestKafka.start(); FaultScenario scenario = FaultScenario.on(kafka, "brokerdown")) {
			kafka.createTopic(scenario.topic(), 3);
			URI monolith = scenario.startMonolith(true);
			try (SignupLoad load = SignupLoad.start(monolith, scenario.mailDomain(), RATE)) {
				load.awaitSent(RATE * 10L);
				long before = SignupLoad.now();
				load.awaitSent(RATE * 10L);

				long outageStart = SignupLoad.now();
				int broker = kafka.brokers().keySet().iterator().next();
				kafka.stopBroker(broker);
				load.awaitSent((long) RATE * OUTAGE_SECONDS);
				long outageEnd = SignupLoad.now();
				kafka.startBroker(broker);

				load.awaitSent(RATE * 2L);
				load.stop();
				SignupLoad.Answers normal = load.between(before, outageStart);
				SignupLoad.Answers duringOutage = load.between(outageStart, outageEnd);
				DeliveryAudit audit = scenario.audit(false);

				Map<String, Object> figures = new LinkedHashMap<>();
				figures.put("outageSeconds", OUTAGE_SECONDS);
				figures.put("signupsPerSecond", RATE);
				figures.put("signupsDuringOutage", duringOutage.count());
				figures.put("signupsRefusedDuringOutage", duringOutage.failed());
				figures.put("p50MillisBefore", normal.percentileMillis(50));
				figures.put("p99MillisBefore", normal.percentileMillis(99));
				figures.put("p50MillisDuringOutage", duringOutage.percentileMillis(50));
				figures.put("p99MillisDuringOutage", duringOutage.percentileMillis(99));
				figures.putAll(audit.figures());
				ReliabilityFigures.record("Kafka broker down (single broker)", figures);

				assertThat(duringOutage.failed()).as("sign-ups refused while Kafka was down").isZero();
				assertThat(duringOutage.percentileMillis(50)).as("median sign-up latency while Kafka was down, ms")
					.isLessThan(Math.max(3 * normal.percentileMillis(50), 50));
				assertThat(audit.lost()).as("events lost").isZero();
			}
		}
	}

	@Test
	void oneOfThreeBrokersDyingUnderLoadLosesNothing() throws Exception {
		try (TestKafka kafka = TestKafka.start(3); FaultScenario scenario = FaultScenario.on(kafka, "threebrokers")) {
			kafka.createTopic(scenario.topic(), 3);
			URI monolith = scenario.startMonolith(true);
			try (SignupLoad load = SignupLoad.start(monolith, scenario.mailDomain(), RATE)) {
				load.awaitSent(RATE * 5L);
				int leader = leaderOfFirstPartition(kafka, scenario.topic());
				kafka.stopBroker(leader);
				load.awaitSent(RATE * 10L);
				SignupLoad.Answers answers = load.stop();
				DeliveryAudit audit = scenario.audit(false);

				Map<String, Object> figures = new LinkedHashMap<>();
				figures.put("brokers", 3);
				figures.put("replicationFactor", 3);
				figures.put("minInsyncReplicas", 2);
				figures.put("signupsPerSecond", RATE);
				figures.putAll(audit.figures());
				ReliabilityFigures.record("one of three brokers stopped", figures);

				assertThat(answers.failed()).as("sign-ups refused").isZero();
				assertThat(audit.lost()).as("events lost").isZero();
			}
		}
	}

	private static int leaderOfFirstPartition(TestKafka kafka, String topic) throws Exception {
		try (Admin admin = kafka.admin()) {
			TopicDescription description = admin.describeTopics(List.of(topic))
				.allTopicNames()
				.get(30, TimeUnit.SECONDS)
				.get(topic);
			return description.partitions().get(0).leader().id();
		}
	}

}
