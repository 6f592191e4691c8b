using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Shop.Application.Carts.Common;
using Shop.Application.Common.Exceptions;
using Shop.Application.Common.Interfaces;
using Shop.Domain.Carts;
using Shop.Domain.Catalog;

namespace Shop.Application.Carts.SetCartItem;

public sealed class SetCartItemCommandValidator : AbstractValidator<SetCartItemCommand>
{
    public SetCartItemCommandValidator()
    {
        RuleFor(c => c.Quantity).InclusiveBetween(Cart.MinQuantity, Cart.MaxQuantity);
    }
}
