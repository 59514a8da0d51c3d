package io.github.outbox.sample.signup;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConfirmationTokenTests {

	@Test
	void carriesTwoHundredFiftySixRandomBitsUsableInAUrl() {
		ConfirmationToken token = ConfirmationToken.generate();
		assertThat(token.value()).matches("[A-Za-z0-9_-]{43}");
		assertThat(Base64.getUrlDecoder().decode(token.value())).hasSize(32);
	}

	@Test
	void neverRepeatsAcrossManyTokens() {
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < 10_000; i++) {
			assertThat(seen.add(ConfirmationToken.generate().value())).isTrue();
		}
	}

	@Test
	void hashesToTheSameSha256ButNeverToItself() {
		ConfirmationToken token = ConfirmationToken.generate();
		assertThat(token.hash()).hasSize(32).isEqualTo(new ConfirmationToken(token.value()).hash());
		assertThat(new String(token.hash(), java.nio.charset.StandardCharsets.ISO_8859_1)).isNotEqualTo(token.value());
		assertThat(ConfirmationToken.generate().hash()).isNotEqualTo(token.hash());
	}

}
