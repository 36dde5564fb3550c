package dev.agentline.planner.api;

import dev.agentline.platform.work.WorkTemplates;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A work type agentline has a template for ({@link WorkTemplates}); null or blank means none. */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = KnownWorkType.Check.class)
@interface KnownWorkType {
  /** Replaced by the list of {@link WorkTemplates#NAMES} when the check fails. */
  String message() default "must be a known work type";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  final class Check implements ConstraintValidator<KnownWorkType, String> {
    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
      if (value == null || value.isBlank() || WorkTemplates.find(value).isPresent()) return true;
      context.disableDefaultConstraintViolation();
      context.buildConstraintViolationWithTemplate("must be one of " + String.join(", ", WorkTemplates.NAMES)).addConstraintViolation();
      return false;
    }
  }
}
