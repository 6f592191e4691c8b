using FluentValidation;
using Shop.Domain.Carts;

namespace Shop.Application.Carts.SetCartItem;

public sealed class SetCartItemCommandValidator : AbstractValidator<SetCartItemCommand>
{
    public SetCartItemCommandValidator()
    {
        RuleFor(c => c.Quantity).InclusiveBetween(Cart.MinQuantity, Cart.MaxQuantity);
    }
}
