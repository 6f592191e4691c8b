using FluentValidation;
using Shop.Domain.Orders;

namespace Shop.Application.Orders.PlaceOrder;

public sealed class PlaceOrderCommandValidator : AbstractValidator<PlaceOrderCommand>
{
    public PlaceOrderCommandValidator()
    {
        RuleFor(c => c.IdempotencyKey)
            .NotEmpty()
            .MaximumLength(IdempotencyRecord.MaxKeyLength)
            .Must(k => k!.All(c => c is >= '!' and <= '~'))
            .WithMessage("'Idempotency-Key' is printable ASCII without spaces.")
            .When(c => c.IdempotencyKey is not null)
            .OverridePropertyName("idempotency_key");
    }
}
