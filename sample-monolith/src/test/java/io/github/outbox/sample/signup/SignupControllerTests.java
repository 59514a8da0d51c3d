package io.github.outbox.sample.signup;

import java.net.URI;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.verifyNoInteractions;

@WebMvcTest(SignupController.class)
class SignupControllerTests {

	@Autowired
	private MockMvcTester mvc;

	@MockitoBean
	private UserRegistration registration;

	@MockitoBean
	private AccountConfirmation confirmation;

	@Test
	void answersCreatedWithTheNewUsersIdWhenTheSignupIsValid() {
		UUID userId = UUID.randomUUID();
		given(this.registration.register(any())).willReturn(new UserRegistered(userId, "ada@example.com", "Ada",
				URI.create("http://localhost/confirm?token=t"), Instant.now()));

		assertThat(post("{\"email\":\"ada@example.com\",\"name\":\"Ada\"}")).hasStatus(HttpStatus.CREATED)
			.hasHeader("Location", "/api/users/" + userId)
			.bodyJson()
			.hasPathSatisfying("$.userId", (id) -> assertThat(id).asString().isEqualTo(userId.toString()))
			.hasPathSatisfying("$.status", (status) -> assertThat(status).asString().isEqualTo("PENDING_CONFIRMATION"));
	}

	@Test
	void rejectsAnInvalidEmailAsABadRequestProblemAndRegistersNothing() {
		assertThat(post("{\"email\":\"not-an-email\",\"name\":\"Ada\"}")).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		verifyNoInteractions(this.registration);
	}

	@Test
	void rejectsAMissingOrOversizedNameAsABadRequest() {
		assertThat(post("{\"email\":\"ada@example.com\"}")).hasStatus(HttpStatus.BAD_REQUEST);
		assertThat(post("{\"email\":\"ada@example.com\",\"name\":\"" + "x".repeat(101) + "\"}"))
			.hasStatus(HttpStatus.BAD_REQUEST);
		verifyNoInteractions(this.registration);
	}

	@Test
	void rejectsMalformedJsonAsABadRequestProblem() {
		assertThat(post("{\"email\":")).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		verifyNoInteractions(this.registration);
	}

	@Test
	void answersConflictWhenTheEmailIsRegisteredAlready() {
		given(this.registration.register(any())).willThrow(new SignupFailure.EmailAlreadyRegistered("ada@example.com"));

		assertThat(post("{\"email\":\"ada@example.com\",\"name\":\"Ada\"}")).hasStatus(HttpStatus.CONFLICT)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.hasPathSatisfying("$.detail", (detail) -> assertThat(detail).asString().contains("exists already"));
	}

	@Test
	void answersEachRefusedConfirmationWithItsOwnStatus() {
		given(this.confirmation.confirm("forged")).willThrow(new SignupFailure.UnknownConfirmationToken());
		given(this.confirmation.confirm("used")).willThrow(new SignupFailure.ConfirmationTokenUsed());
		given(this.confirmation.confirm("old")).willThrow(new SignupFailure.ConfirmationTokenExpired());

		assertThat(this.mvc.get().uri("/api/signups/confirm?token=forged")).hasStatus(HttpStatus.NOT_FOUND);
		assertThat(this.mvc.get().uri("/api/signups/confirm?token=used")).hasStatus(HttpStatus.CONFLICT);
		assertThat(this.mvc.get().uri("/api/signups/confirm?token=old")).hasStatus(HttpStatus.GONE);
		assertThat(this.mvc.get().uri("/api/signups/confirm")).hasStatus(HttpStatus.BAD_REQUEST);
	}

	private MockMvcTester.MockMvcRequestBuilder post(String body) {
		return this.mvc.post().uri("/api/signups").contentType(MediaType.APPLICATION_JSON).content(body);
	}

}
