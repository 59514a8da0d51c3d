package com.example.clinic;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** A controller slice as the application had it before the outbox: no outbox mock. */
@WebMvcTest(OwnerController.class)
class OwnerControllerTests {

	@Autowired
	MockMvc mvc;

	@MockitoBean
	Owners owners;

	@Test
	void registersAnOwner() throws Exception {
		given(this.owners.save(any())).willAnswer((invocation) -> invocation.getArgument(0));

		this.mvc.perform(post("/owners").contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"Ada\"}"))
			.andExpect(status().isCreated());
	}

}
