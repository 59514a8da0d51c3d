package io.github.outbox.sample.signup;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * An email address mail can be delivered to, by the rules of {@link EmailAddress}; the
 * violation names the rule broken. {@code null} is valid: {@code @NotBlank} says it is
 * required.
 */
@Documented
@Constraint(validatedBy = Deliverable.Validator.class)
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT })
@Retention(RetentionPolicy.RUNTIME)
@interface Deliverable {

	String message() default "must be an email address mail can be delivered to";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	class Validator implements ConstraintValidator<Deliverable, String> {

		@Override
		public boolean isValid(String email, ConstraintValidatorContext context) {
			if (email == null) {
				return true;
			}
			try {
				EmailAddress.normalized(email);
				return true;
			}
			catch (EmailAddress.Refused refused) {
				context.disableDefaultConstraintViolation();
				context.buildConstraintViolationWithTemplate(escaped(refused.getMessage())).addConstraintViolation();
				return false;
			}
		}

		/** The rule as a message template: braces, $ and \ are template syntax. */
		private static String escaped(String rule) {
			return rule.replaceAll("([\\\\{}$])", "\\\\$1");
		}

	}

}
