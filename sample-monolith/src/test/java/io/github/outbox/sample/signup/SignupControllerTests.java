package io.github.outbox.sample.signup;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.servlet.ServletInputStream;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.web.DelegatingServletInputStream;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import io.github.outbox.sample.CountingBody;
import io.github.outbox.sample.InputProblems;
import io.github.outbox.sample.RequestLimit;
import io.github.outbox.sample.RequestLog;
import io.github.outbox.sample.StrictJson;
import tools.jackson.databind.json.JsonMapper;

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
				classes = { SignupController.class, SignupBodyLimit.class, InputProblems.class, StrictJson.class }))
@EnableConfigurationProperties(SignupProperties.class)
class SignupControllerTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	private MockMvcTester mvc;

	@MockitoBean
	private UserRegistration registration;

	@MockitoBean
	private AccountConfirmation confirmation;

	@MockitoBean
	private ConfirmationResend resend;

	@Test
	void answersCreatedWithTheAddressAndNeitherAUserIdNorALocationWhenTheSignupIsValid() {
		given(this.registration.register(any(), any())).willReturn("ada@example.com");

		assertThat(post("{\"email\":\"Ada@Example.com\",\"name\":\"Ada\"}")).hasStatus(HttpStatus.CREATED)
			.doesNotContainHeader("Location")
			.bodyJson()
			.doesNotHavePath("$.userId")
			.hasPathSatisfying("$.email", (email) -> assertThat(email).asString().isEqualTo("ada@example.com"))
			.hasPathSatisfying("$.detail",
					(detail) -> assertThat(detail).asString().isEqualTo(SignupController.SIGNUP_ACCEPTED));
		then(this.registration).should().register(new SignupRequest("Ada@Example.com", "Ada"), "127.0.0.1");
	}

	@Test
	void answersTooManyRequestsWithRetryAfterWhenTheAddressOrClientSignedUpTooOften() {
		given(this.registration.register(any(), any())).willThrow(new RequestLog.TooManyRequests(
				new RequestLimit("signups-per-address", 3, Duration.ofHours(1)), Duration.ofSeconds(90)));

		assertThat(post("{\"email\":\"ada@example.com\",\"name\":\"Ada\"}")).hasStatus(HttpStatus.TOO_MANY_REQUESTS)
			.hasHeader("Retry-After", "90")
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void refusesAnAddressWithANonAsciiLocalPartNamingTheFieldAndTheRule() {
		assertThat(post("{\"email\":\"čapek@example.cz\",\"name\":\"Karel Čapek\"}")).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.hasPathSatisfying("$.errors[0].pointer", (pointer) -> assertThat(pointer).asString().isEqualTo("/email"))
			.hasPathSatisfying("$.errors[0].detail",
					(detail) -> assertThat(detail).asString().contains("local part").contains("ASCII"));
		verifyNoInteractions(this.registration);
	}

	@Test
	void refusesLookAlikesOfAnotherAddressRatherThanFoldingThem() {
		for (String email : List.of("a\uff44a@example.com", "\u0430da@example.com", "ada@\uff45xample.com",
				"ada@example\u3002com", "ada@ex\u0430mple.com", "\"ada\"@example.com")) {
			assertThat(post(signup(email, "Ada"))).as(email)
				.hasStatus(HttpStatus.BAD_REQUEST)
				.bodyJson()
				.hasPathSatisfying("$.errors[0].pointer",
						(pointer) -> assertThat(pointer).asString().isEqualTo("/email"));
			assertThat(requestLink(JSON.writeValueAsString(Map.of("email", email)))).as(email)
				.hasStatus(HttpStatus.BAD_REQUEST);
		}
		verifyNoInteractions(this.registration, this.resend);
	}

	@Test
	void refusesInvisibleCharactersAndSpacesInAnAddressRatherThanTrimmingThem() {
		for (String email : List.of("\u00a0ada@example.com", " ada@example.com", "ada@example.com ",
				"ada\u200b@example.com", "ada@exa\u200dmple.com", "ada\u202e@example.com", "ada@example.com\u2028",
				"ada\u0000@example.com")) {
			assertThat(post(signup(email, "Ada"))).as(email)
				.hasStatus(HttpStatus.BAD_REQUEST)
				.bodyJson()
				.hasPathSatisfying("$.errors[0].pointer",
						(pointer) -> assertThat(pointer).asString().isEqualTo("/email"));
		}
		verifyNoInteractions(this.registration);
	}

	@Test
	void refusesAnAddressNamedTwiceOrOfTheWrongKindInARequestForANewLink() {
		assertThat(requestLink("{\"email\":\"ada@example.com\",\"email\":\"eve@example.com\"}"))
			.hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.hasPathSatisfying("$.errors[0].pointer", (pointer) -> assertThat(pointer).asString().isEqualTo("/email"));
		assertThat(requestLink("{\"email\":true}")).hasStatus(HttpStatus.BAD_REQUEST);
		verifyNoInteractions(this.resend);
	}

	@Test
	void refusesABodyThatIsNotUtf8AsAProblem() {
		byte[] body = "{\"email\":\"ada@example.com\",\"name\":\"Ada?\"}".getBytes(StandardCharsets.UTF_8);
		body[body.length - 3] = (byte) 0xff;

		assertThat(this.mvc.post().uri("/api/signups").contentType(MediaType.APPLICATION_JSON).content(body))
			.hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.hasPathSatisfying("$.errors[0].detail",
					(detail) -> assertThat(detail).asString().isEqualTo("must be well-formed JSON"));
		verifyNoInteractions(this.registration);
	}

	@Test
	void acceptsAnInternationalisedDomain() {
		given(this.registration.register(any(), any())).willReturn("ada@xn--bcher-kva.example");

		assertThat(post("{\"email\":\"ada@B\u00fccher.example\",\"name\":\"Ada\"}")).hasStatus(HttpStatus.CREATED);
	}

	@Test
	void refusesAnAddressThatGrowsPastTwoHundredFiftyFourCharactersInItsAsciiForm() {
		// 250 characters as written; its domain takes more in punycode
		String email = "a".repeat(64) + "@" + ("\u00fc".repeat(40) + ".").repeat(4) + "example";
		assertThat(email.length()).isLessThanOrEqualTo(254);

		assertThat(post("{\"email\":\"" + email + "\",\"name\":\"Ada\"}")).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.hasPathSatisfying("$.errors[0].detail", (detail) -> assertThat(detail).asString().contains("254"));
		verifyNoInteractions(this.registration);
	}

	@Test
	void refusesBidiControlsZeroWidthAndLineSeparatorsInANameNamingTheField() {
		for (String name : List.of("Ada \u202egnp.exe", "A\u200bda", "Ada\ufeff", "Ada\u2029", "\u00a0\u200b")) {
			assertThat(post(signup("ada@example.com", name))).as(name)
				.hasStatus(HttpStatus.BAD_REQUEST)
				.bodyJson()
				.hasPathSatisfying("$.errors[0].pointer",
						(pointer) -> assertThat(pointer).asString().isEqualTo("/name"));
		}
		verifyNoInteractions(this.registration);
	}

	@Test
	void refusesAFieldNamedTwiceOrAValueOfTheWrongKindNamingTheField() {
		assertThat(post("{\"email\":\"ada@example.com\",\"email\":\"eve@example.com\",\"name\":\"Ada\"}"))
			.hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.hasPathSatisfying("$.errors[0].pointer", (pointer) -> assertThat(pointer).asString().isEqualTo("/email"))
			.hasPathSatisfying("$.errors[0].detail", (detail) -> assertThat(detail).asString().contains("twice"));
		assertThat(post("{\"email\":\"ada@example.com\",\"name\":42}")).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.hasPathSatisfying("$.errors[0].pointer", (pointer) -> assertThat(pointer).asString().isEqualTo("/name"));
		assertThat(post("{\"email\":[\"ada@example.com\"],\"name\":\"Ada\"}")).hasStatus(HttpStatus.BAD_REQUEST)
			.bodyJson()
			.hasPathSatisfying("$.errors[0].pointer", (pointer) -> assertThat(pointer).asString().isEqualTo("/email"));
		verifyNoInteractions(this.registration);
	}

	@Test
	void rejectsAnInvalidEmailAsABadRequestProblemNamingTheFieldAndRegistersNothing() {
		assertThat(post("{\"email\":\"not-an-email\",\"name\":\"Ada\"}")).hasStatus(HttpStatus.BAD_REQUEST)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.hasPathSatisfying("$.errors[0].pointer", (pointer) -> assertThat(pointer).asString().isEqualTo("/email"))
			.hasPathSatisfying("$.detail", (detail) -> assertThat(detail).asString().startsWith("email must"));
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
		given(this.registration.register(any(), any())).willReturn("ada@example.com");

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
	void refusesAChunkedBodyOverTheSizeLimitAsContentTooLarge() {
		CountingBody body = new CountingBody(2_000_000);

		assertThat(this.mvc.post().uri("/api/signups").with(chunked(body))).hasStatus(HttpStatus.CONTENT_TOO_LARGE)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.hasPathSatisfying("$.detail", (detail) -> assertThat(detail).asString().contains("16384 bytes"));
		// Jackson checks the length as it refills its buffer of 8,000 bytes
		assertThat(body.bytesRead()).isLessThanOrEqualTo(16_384 + 2 * 8_000);
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

	/** A sign-up body, with every character escaped as JSON requires. */
	private static String signup(String email, String name) {
		return JSON.writeValueAsString(Map.of("email", email, "name", name));
	}

	private MockMvcTester.MockMvcRequestBuilder requestLink(String body) {
		return this.mvc.post()
			.uri("/api/signups/confirmation-requests")
			.contentType(MediaType.APPLICATION_JSON)
			.content(body);
	}

	/** The request as a client sends a chunked body: without a {@code Content-Length}. */
	private static RequestPostProcessor chunked(InputStream body) {
		return (request) -> {
			MockHttpServletRequest chunked = new MockHttpServletRequest(request.getServletContext(),
					request.getMethod(), request.getRequestURI()) {

				@Override
				public ServletInputStream getInputStream() {
					return new DelegatingServletInputStream(body);
				}

			};
			chunked.setContentType(MediaType.APPLICATION_JSON_VALUE);
			return chunked;
		};
	}

	private MockMvcTester.MockMvcRequestBuilder post(String body) {
		return this.mvc.post().uri("/api/signups").contentType(MediaType.APPLICATION_JSON).content(body);
	}

}
