using FluentValidation;
using Shop.Application.Common;
using Shop.Domain.Orders;

namespace Shop.Application.Admin.Orders.ChangeOrderStatus;

public sealed class ChangeOrderStatusCommandValidator : AbstractValidator<ChangeOrderStatusCommand>
{
    public ChangeOrderStatusCommandValidator()
    {
        RuleFor(c => c.Status)
            .NotEmpty()
            .Must(s => EnumNames.TryParse<OrderStatus>(s, out _))
            .WithMessage($"'status' must be one of: {string.Join(", ", EnumNames.All<OrderStatus>())}.");
    }
}
