package com.example.clinic;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import io.github.outbox.OutboxEvent;
import io.github.outbox.RecordingOutbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The default profile, on H2: the application starts and works; the outbox keeps its
 * events in memory, where the test can read them.
 */
@SpringBootTest
@AutoConfigureMockMvc
class ClinicApplicationTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	RecordingOutbox outbox;

	@Autowired
	Visits visits;

	@Autowired
	Owners owners;

	@BeforeEach
	void forgetEvents() {
		this.outbox.clear();
	}

	@Test
	void registersAnOwnerAndRecordsItsEvent() throws Exception {
		this.mvc.perform(post("/owners").contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"Ada\"}"))
			.andExpect(status().isCreated());

		assertThat(this.outbox.events()).singleElement().satisfies((event) -> {
			assertThat(event.aggregateType()).isEqualTo("Owner");
			assertThat(event.type()).isEqualTo("OwnerRegistered");
		});
	}

	@Test
	void recordsTheEventOfABookedVisit() {
		Owner owner = this.owners.save(Owner.register("Grace"));
		this.outbox.clear();

		this.visits.book(owner.id());

		assertThat(this.outbox.events()).extracting(OutboxEvent::type).containsExactly("VisitBooked");
	}

	@Test
	void staysHealthyWithEveryEndpointExposed() throws Exception {
		this.mvc.perform(get("/actuator/health")).andExpect(status().isOk());
		this.mvc.perform(post("/actuator/outbox").contentType(MediaType.APPLICATION_JSON).content("{}"))
			.andExpect(status().isNotFound());
	}

}
