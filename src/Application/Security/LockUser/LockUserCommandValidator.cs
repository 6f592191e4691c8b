using FluentValidation;

namespace Shop.Application.Security.LockUser;

public sealed class LockUserCommandValidator : AbstractValidator<LockUserCommand>
{
    public const int MaxReasonLength = 500;

    public LockUserCommandValidator(TimeProvider time)
    {
        RuleFor(c => c.Until)
            .NotNull()
            .Must(until => until is null || until > time.GetUtcNow()).WithMessage("'until' must be in the future.");
        RuleFor(c => c.Reason).NotEmpty().MaximumLength(MaxReasonLength);
    }
}
