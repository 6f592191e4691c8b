using FluentValidation;

namespace Shop.Application.Security.RevokeToken;

public sealed class RevokeTokenCommandValidator : AbstractValidator<RevokeTokenCommand>
{
    /// <summary>Far above any token this API issues; anything longer is not one of ours.</summary>
    public const int MaxTokenLength = 8192;

    public RevokeTokenCommandValidator()
    {
        RuleFor(c => c.Token).NotEmpty().MaximumLength(MaxTokenLength);
    }
}
