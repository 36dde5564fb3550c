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
  String message() default "must be one of feature, bugfix, refactor, migration, add-endpoint, add-field";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};

  final class Check implements ConstraintValidator<KnownWorkType, String> {
    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
      return value == null || value.isBlank() || WorkTemplates.find(value).isPresent();
    }
  }
}
