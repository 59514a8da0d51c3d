package io.github.outbox.sample.signup;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.then;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * The sign-up endpoints over MockMvc. Only this feature's web beans are loaded: another
 * feature's advice needs that feature's settings.
 */
@WebMvcTest(useDefaultFilters = false,
		includeFilters = @ComponentScan.Filter(type = FilterType.ASSIGNABLE_TYPE,
				classes = { SignupController.class, SignupBodyLimit.class }))
@EnableConfigurationProperties(SignupSettings.class)
class SignupControllerTests {

	@Autowired
	private MockMvcTester mvc;

	@MockitoBean
	private UserRegistration registration;

	@MockitoBean
	private AccountConfirmation confirmation;

	@MockitoBean
	private ConfirmationResend resend;

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

	@Test
	void rejectsANameWithControlCharactersOrLineBreaksAsABadRequestProblem() {
		assertThat(post("{\"email\":\"ada@example.com\",\"name\":\"Ada\\u0007\"}")).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(post("{\"email\":\"ada@example.com\",\"name\":\"Ada\\r\\nBcc: eve@example.com\"}"))
			.hasStatus(HttpStatus.BAD_REQUEST);
		assertThat(post("{\"email\":\"ada@example.com\",\"name\":\"Ada\\u2028Lovelace\"}"))
			.hasStatus(HttpStatus.BAD_REQUEST);
		verifyNoInteractions(this.registration);
	}

	@Test
	void acceptsANameInAnyScript() {
		UUID userId = UUID.randomUUID();
		given(this.registration.register(any())).willReturn(new UserRegistered(userId, "ada@example.com",
				"Åda Løvelace-Ōkawa 李", URI.create("http://localhost/confirm?token=t"), Instant.now()));

		assertThat(post("{\"email\":\"ada@example.com\",\"name\":\"Åda Løvelace-Ōkawa 李\"}"))
			.hasStatus(HttpStatus.CREATED);
	}

	@Test
	void rejectsAnEmailOverTwoHundredFiftyFourCharactersAsABadRequestProblem() {
		// a valid address in every other way: 64 characters before the @, labels under 64
		String email = "a".repeat(64) + "@" + (("b".repeat(60) + ".").repeat(3)) + "example.com";
		assertThat(email).hasSize(259);

		assertThat(post("{\"email\":\"" + email + "\",\"name\":\"Ada\"}")).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(requestLink("{\"email\":\"" + email + "\"}")).hasStatus(HttpStatus.BAD_REQUEST);
		verifyNoInteractions(this.registration, this.resend);
	}

	@Test
	void refusesABodyOverTheSizeLimitAsContentTooLargeWithoutReadingIt() {
		String padded = "{\"email\":\"ada@example.com\",\"name\":\"Ada\",\"padding\":\"" + "x".repeat(2_000_000)
				+ "\"}";

		assertThat(post(padded)).hasStatus(HttpStatus.CONTENT_TOO_LARGE)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.hasPathSatisfying("$.detail", (detail) -> assertThat(detail).asString().contains("16384 bytes"));
		assertThat(requestLink(padded)).hasStatus(HttpStatus.CONTENT_TOO_LARGE);
		verifyNoInteractions(this.registration, this.resend);
	}

	@Test
	void refusesABodyThatIsNotJsonAsUnsupportedMediaType() {
		assertThat(this.mvc.post()
			.uri("/api/signups")
			.contentType(MediaType.TEXT_PLAIN)
			.content("{\"email\":\"ada@example.com\",\"name\":\"Ada\"}")).hasStatus(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(this.mvc.post()
			.uri("/api/signups/confirmation-requests")
			.contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.content("email=ada%40example.com")).hasStatus(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		verifyNoInteractions(this.registration, this.resend);
	}

	@Test
	void answersAcceptedToARequestForANewLinkWithABodyThatTellsNothingAboutTheAddress() {
		assertThat(requestLink("{\"email\":\"Ada@Example.com\"}")).hasStatus(HttpStatus.ACCEPTED)
			.bodyJson()
			.hasPathSatisfying("$.detail",
					(detail) -> assertThat(detail).asString().isEqualTo(SignupController.RESEND_ACCEPTED));
		then(this.resend).should().request("Ada@Example.com");
	}

	@Test
	void answersTooManyRequestsWithRetryAfterWhenTheAddressAskedTooOften() {
		willThrow(new SignupFailure.TooManyConfirmationRequests(Duration.ofMillis(59_001))).given(this.resend)
			.request("ada@example.com");

		assertThat(requestLink("{\"email\":\"ada@example.com\"}")).hasStatus(HttpStatus.TOO_MANY_REQUESTS)
			.hasHeader("Retry-After", "60")
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.hasPathSatisfying("$.detail", (detail) -> assertThat(detail).asString().contains("try again in 60 s"));
	}

	@Test
	void rejectsAMissingOrInvalidAddressForANewLinkAsABadRequestProblem() {
		assertThat(requestLink("{}")).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(requestLink("{\"email\":\"not-an-email\"}")).hasStatus(HttpStatus.BAD_REQUEST);
		assertThat(requestLink("{\"email\":")).hasStatus(HttpStatus.BAD_REQUEST);
		verifyNoInteractions(this.resend);
	}

	private MockMvcTester.MockMvcRequestBuilder requestLink(String body) {
		return this.mvc.post()
			.uri("/api/signups/confirmation-requests")
			.contentType(MediaType.APPLICATION_JSON)
			.content(body);
	}

	private MockMvcTester.MockMvcRequestBuilder post(String body) {
		return this.mvc.post().uri("/api/signups").contentType(MediaType.APPLICATION_JSON).content(body);
	}

}
