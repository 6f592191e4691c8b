using FluentValidation;
using Shop.Application.Common.Options;

namespace Shop.Application.Security.RevokeAll;

public sealed class RevokeAllCommandValidator : AbstractValidator<RevokeAllCommand>
{
    public RevokeAllCommandValidator(TimeProvider time)
    {
        // A cut-off in the future would also refuse every login made until then. A client clock a little
        // ahead is allowed for; the handler then cuts at the server's "now".
        RuleFor(c => c.IssuedBefore)
            .NotNull()
            .Must(at => at is null || at <= time.GetUtcNow() + JwtOptions.ClockSkew)
            .WithMessage("'issued_before' must not be in the future.");
    }
}
