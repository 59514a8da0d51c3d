package com.example.clinic;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import io.github.outbox.Outbox;
import io.github.outbox.OutboxHeaders;
import io.github.outbox.RecordingOutbox;
import io.github.outbox.testsupport.TestDatabase;
import io.github.outbox.testsupport.TestKafka;
import io.github.outbox.testsupport.TestPostgres;
import io.github.outbox.testsupport.TopicReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The "postgres" profile, on the local PostgreSQL and a KRaft broker in the test JVM:
 * the owner's event reaches Kafka, and the exposed outbox endpoint only reads.
 */
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("postgres")
@DirtiesContext
class ClinicPostgresProfileTests {

	static final TestKafka kafka = TestKafka.start();

	static final TestDatabase database = TestPostgres.createDatabase("clinic");

	@Autowired
	MockMvc mvc;

	@Autowired
	Outbox outbox;

	@DynamicPropertySource
	static void services(DynamicPropertyRegistry registry) {
		database.properties().forEach((name, value) -> registry.add(name, () -> value));
		registry.add("outbox.relay.kafka.bootstrap-servers", kafka::bootstrapServers);
	}

	/** Drops the database and stops Kafka once the context, and so the relay, stopped. */
	@TestConfiguration(proxyBeanMethods = false)
	static class Services {

		@Bean
		DisposableBean services() {
			return () -> {
				database.close();
				kafka.close();
			};
		}

	}

	@Test
	void publishesTheOwnersEventToKafka() throws Exception {
		assertThat(this.outbox).isNotInstanceOf(RecordingOutbox.class);
		try (TopicReader topic = new TopicReader(kafka.bootstrapServers(), Pattern.compile("outbox\\.event\\.Owner"))) {
			String answer = this.mvc
				.perform(post("/owners").contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"Ada\"}"))
				.andExpect(status().isCreated())
				.andReturn()
				.getResponse()
				.getContentAsString();
			UUID ownerId = UUID.fromString(answer.replaceAll(".*\"id\":\"([^\"]+)\".*", "$1"));

			ConsumerRecord<byte[], byte[]> record = await().atMost(Duration.ofSeconds(30))
				.until(() -> topic.poll()
					.stream()
					.filter((candidate) -> ownerId.toString().equals(TopicReader.text(candidate.key())))
					.findFirst(), Optional::isPresent)
				.get();
			assertThat(TopicReader.header(record, OutboxHeaders.EVENT_TYPE)).isEqualTo("OwnerRegistered");
		}
	}

	@Test
	void letsAnonymousCallersInspectTheOutboxButNotReplayIt() throws Exception {
		this.mvc.perform(get("/actuator/outbox")).andExpect(status().isOk());
		this.mvc
			.perform(post("/actuator/outbox").contentType(MediaType.APPLICATION_JSON)
				.content("{\"eventIds\":\"" + UUID.randomUUID() + "\"}"))
			.andExpect(status().isMethodNotAllowed());
	}

}
